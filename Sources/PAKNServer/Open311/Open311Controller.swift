import Fluent
import Foundation
import PAKNDomain
import Vapor

/// Open311 GeoReport v2 under `/open311/v2/` (the spec frozen as "Stable"; reference: shared/docs/anchors.md §2),
/// with the pagination extension on `GET requests` and mySociety's `servicerequestupdates`.
/// Every resource exists as `.xml` and `.json`; every error is an `errors/error` document (`Open311ErrorMiddleware`).
enum Open311Controller {
    /// The date of the last change of this API's contract, for discovery's `changeset`.
    static let changeset = "2026-11-30T00:00:00+07:00"
    /// GeoReport v2's specification URL, as discovery names it.
    static let specification = "http://wiki.open311.org/GeoReport_v2"

    /// Registers every resource in both formats, and a catch-all that answers unknown paths under `/open311/v2/`
    /// with a 404 `errors` document.
    static func register(_ app: Application) {
        let v2 = app.grouped("open311", "v2").grouped(Open311ErrorMiddleware())
        for format in Open311Format.allCases {
            let suffix = format.rawValue
            v2.get(.constant("discovery.\(suffix)")) { req in try await discovery(req, format) }
            v2.get(.constant("services.\(suffix)")) { req in try await services(req, format) }
            v2.get(.constant("requests.\(suffix)")) { req in try await requests(req, format) }
            v2.on(.POST, .constant("requests.\(suffix)"), body: .collect(maxSize: "1mb")) { req in try await create(req, format) }
            v2.get(.constant("servicerequestupdates.\(suffix)")) { req in try await updates(req, format) }
            v2.on(.POST, .constant("servicerequestupdates.\(suffix)"), body: .collect(maxSize: "1mb")) { req in try await postUpdate(req, format) }
        }
        v2.get("services", ":file", use: serviceDefinition)
        v2.get("requests", ":file", use: request)
        v2.get("tokens", ":file", use: token)
        for method in [HTTPMethod.GET, .POST, .PUT, .PATCH, .DELETE] {
            v2.on(method, "**") { req -> Response in
                throw Open311Error.notFound("unknown resource \(req.url.path) (resources end in .xml or .json)")
            }
        }
    }

    /// GeoReport v2: `jurisdiction_id` is optional (empty == absent); when given it must be ours, else 404.
    static func checkJurisdiction(_ p: Open311Parameters, _ config: AppConfiguration) throws {
        if let given = p["jurisdiction_id"], given != config.jurisdictionID {
            throw Open311Error.notFound("jurisdiction_id: unknown jurisdiction '\(given)' (this server serves '\(config.jurisdictionID)')")
        }
    }

    /// The format of `file` ("x.json"); 404 without a known suffix.
    static func split(_ file: String?) throws -> (name: String, format: Open311Format) {
        guard let file, let split = Open311Format.split(file) else {
            throw Open311Error.notFound("unknown resource (resources end in .xml or .json)")
        }
        return split
    }

    /// Service Discovery (`discovery.{xml,json}`): `changeset`, `contact`, `key_service`, one production endpoint
    /// (`specification`, `url`, `changeset`, `type`, `formats/format`).
    static func discovery(_ req: Request, _ format: Open311Format) async throws -> Response {
        let config = req.paknConfiguration
        return Open311Document(root: "discovery", body: .object([
            ("changeset", .text(changeset)),
            ("contact", .text("Trung tâm 1022 – \(config.publicURL)")),
            ("key_service", .text("Khóa API do quản trị hệ thống 1022 cấp cho từng đối tác / API keys are issued per partner by the 1022 administrators (\(config.publicURL))")),
            ("endpoints", .list(item: "endpoint", [
                .object([
                    ("specification", .text(specification)),
                    ("url", .text("\(config.publicURL)/open311/v2")),
                    ("changeset", .text(changeset)),
                    ("type", .text("production")),
                    ("formats", .list(item: "format", Open311Format.allCases.map { .text($0.mimeType) })),
                ]),
            ])),
        ])).response(format)
    }

    /// `GET services`: every active field. `service_code` = the field's code, `group` = its group's label,
    /// `type` = realtime, `metadata` = whether it has active extra questions, `keywords` = the group's code.
    static func services(_ req: Request, _ format: Open311Format) async throws -> Response {
        let p = try Open311Parameters(req)
        try checkJurisdiction(p, req.paknConfiguration)
        let services = try await ReferenceQueries.services(activeOnly: true, on: req.db)
        let withQuestions = Set(try await ServiceAttribute.query(on: req.db).filter(\.$active == true).allReadable(logger: req.logger).map(\.serviceCode))
        return Open311Document(root: "services", body: .list(item: "service", services.map { s in
            .object([
                ("service_code", .text(s.id)),
                ("service_name", .text(s.name)),
                ("description", .text(s.description.isEmpty ? s.name : s.description)),
                ("metadata", .bool(withQuestions.contains(s.id ?? ""))),
                ("type", .text("realtime")),
                ("keywords", .text(s.group.rawValue)),
                ("group", .text(s.group.label)),
            ])
        })).response(format)
    }

    /// `GET services/{service_code}`: `service_definition{service_code, attributes/attribute{variable, code,
    /// datatype, required, datatype_description, order, description, values/value{key, name}}}`. A field without
    /// questions answers an empty `attributes`; an unknown or inactive field 404.
    static func serviceDefinition(_ req: Request) async throws -> Response {
        let (code, format) = try split(req.parameters.get("file"))
        let p = try Open311Parameters(req)
        try checkJurisdiction(p, req.paknConfiguration)
        guard let service = try await Service.find(code, on: req.db), service.active else {
            throw Open311Error.notFound("service_code: unknown service '\(code)'")
        }
        let attributes = try await ServiceAttribute.query(on: req.db).filter(\.$serviceCode == code).filter(\.$active == true)
            .sort(\.$position).all().map(\.definition)
        return Open311Document(root: "service_definition", body: .object([
            ("service_code", .text(service.id)),
            ("attributes", .list(item: "attribute", attributes.map { a in
                .object([
                    ("variable", .bool(a.variable)),
                    ("code", .text(a.code)),
                    ("datatype", .text(a.datatype.rawValue)),
                    ("required", .bool(a.required)),
                    ("datatype_description", .text(a.datatypeDescription)),
                    ("order", .integer(a.order)),
                    ("description", .text(a.description)),
                    ("values", .list(item: "value", a.values.map { .object([("key", .text($0.key)), ("name", .text($0.name))]) })),
                ])
            })),
        ])).response(format)
    }

    /// `GET requests`: see `Open311Requests`.
    static func requests(_ req: Request, _ format: Open311Format) async throws -> Response {
        let p = try Open311Parameters(req)
        try checkJurisdiction(p, req.paknConfiguration)
        let filter = try Open311Requests.Filter(p)
        let records = try await Open311Requests.run(filter, on: req.db)
        return try await Open311Requests.document(records, publicURL: req.paknConfiguration.publicURL, on: req.db).response(format)
    }

    /// `GET requests/{service_request_id}`: one case, still wrapped in `service_requests`; 404 when unknown or
    /// restricted.
    static func request(_ req: Request) async throws -> Response {
        let (id, format) = try split(req.parameters.get("file"))
        let p = try Open311Parameters(req)
        try checkJurisdiction(p, req.paknConfiguration)
        guard let code = TrackingCode(parsing: id), let record = try await PublicQueries.byCode(code, on: req.db) else {
            throw Open311Error.notFound("service_request_id: unknown service request '\(id)'")
        }
        return try await Open311Requests.document([record], publicURL: req.paknConfiguration.publicURL, on: req.db).response(format)
    }

    /// `GET tokens/{token}`: our services are realtime, `POST requests` answers the `service_request_id` at once and
    /// issues no token, so every token is unknown: 404.
    static func token(_ req: Request) async throws -> Response {
        let (token, _) = try split(req.parameters.get("file"))
        let p = try Open311Parameters(req)
        try checkJurisdiction(p, req.paknConfiguration)
        throw Open311Error.notFound("token: unknown token '\(token.prefix(100))' (services are realtime: POST requests returns the service_request_id)")
    }

    /// `POST requests` (api_key with `create_requests`): `service_requests/request{service_request_id,
    /// service_notice}`, 200. See `Open311RequestIntake` for the mapping.
    static func create(_ req: Request, _ format: Open311Format) async throws -> Response {
        let p = try Open311Parameters(req)
        return try await PartnerKeys.withKey(req, parameters: p, permission: .createRequests, endpoint: "POST requests") { key in
            try checkJurisdiction(p, req.paknConfiguration)
            let record = try await Open311RequestIntake.submit(p, key: key, config: req.paknConfiguration, on: req.db)
            let code = TrackingCode(digits: record.trackingCode)?.formatted ?? record.trackingCode
            let notice = "Đã tiếp nhận phản ánh, mã tra cứu \(code): \(req.paknConfiguration.publicURL)\(SiteURL.lookupCode(code).path)"
            let document = Open311Document(root: "service_requests", body: .list(item: "request", [
                .object([("service_request_id", .text(record.trackingCode)), ("service_notice", .text(notice))]),
            ]))
            return (document.response(format), record.trackingCode)
        }
    }

    /// `GET servicerequestupdates` (mySociety): `api_key` optional; when given it must be valid (403) and its use is
    /// logged. See `PartnerUpdates.list`.
    static func updates(_ req: Request, _ format: Open311Format) async throws -> Response {
        let p = try Open311Parameters(req)
        let list = {
            try checkJurisdiction(p, req.paknConfiguration)
            return try await PartnerUpdates.list(p, on: req.db).response(format)
        }
        guard p["api_key"] != nil else { return try await list() }
        return try await PartnerKeys.withKey(req, parameters: p, permission: nil, endpoint: "GET servicerequestupdates") { _ in
            (try await list(), nil)
        }
    }

    /// `POST servicerequestupdates` (mySociety; api_key with `post_updates`): see `PartnerUpdates.apply`.
    static func postUpdate(_ req: Request, _ format: Open311Format) async throws -> Response {
        let p = try Open311Parameters(req)
        return try await PartnerKeys.withKey(req, parameters: p, permission: .postUpdates, endpoint: "POST servicerequestupdates") { key in
            try checkJurisdiction(p, req.paknConfiguration)
            let (document, code) = try await PartnerUpdates.apply(p, key: key, config: req.paknConfiguration, on: req.db,
                                                                  liveEvents: req.application)
            return (document.response(format), code)
        }
    }
}
