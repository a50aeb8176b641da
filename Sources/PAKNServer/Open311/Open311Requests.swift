import Fluent
import Foundation
import PAKNDomain
import Vapor

/// Open311 GeoReport v2 `GET requests` and `GET requests/{service_request_id}`: what anyone may read about cases.
///
/// Restricted cases (khiếu nại, tố cáo) are never listed, and no field holds the requester's name, phone, email
/// or hidden identity. The mapping of each field is in `item(_:context:)`.
enum Open311Requests {
    /// GeoReport v2: "start_date … end_date … may not span more than 90 days".
    static let maximumSpan: TimeInterval = 90 * 86_400
    /// The common pagination extension (Chicago): default 50, at most 500.
    static let defaultPageSize = 50
    static let maximumPageSize = 500

    /// The filters of `GET requests`, read from its parameters.
    struct Filter: Sendable, Equatable {
        /// Tracking codes (10 digits); when present every other filter is ignored (GeoReport v2).
        var ids: [String] = []
        var serviceCodes: [String] = []
        var from: Date
        var to: Date
        /// `open`, `closed`; empty: both.
        var statuses: Set<String> = []
        var page = 1
        var pageSize = Open311Requests.defaultPageSize

        /// - Throws: `Open311Error` 400 for a malformed id, date, status, page or page size, an end before the start,
        ///   or a range longer than 90 days. Without dates the range is the 90 days before `now`; with one date it is
        ///   the 90 days after `start_date` or before `end_date`.
        init(_ p: Open311Parameters, now: Date = Date()) throws {
            var errors: [String] = []
            if let raw = p["service_request_id"] {
                for part in raw.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
                    if let code = TrackingCode(parsing: part) { ids.append(code.digits) }
                    else { errors.append("service_request_id: '\(part)' is not a service request id (10 digits)") }
                }
            }
            serviceCodes = (p["service_code"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let start = p["start_date"].map { ($0, W3CDateTime.parse($0)) }
            let end = p["end_date"].map { ($0, W3CDateTime.parse($0)) }
            if let (raw, date) = start, date == nil { errors.append("start_date: '\(raw)' is not a W3C datetime (2026-01-31T00:00:00+07:00)") }
            if let (raw, date) = end, date == nil { errors.append("end_date: '\(raw)' is not a W3C datetime (2026-01-31T00:00:00+07:00)") }
            switch (start?.1, end?.1) {
            case let (s?, e?): from = s; to = e
            case let (s?, nil): from = s; to = s.addingTimeInterval(Open311Requests.maximumSpan)
            case let (nil, e?): from = e.addingTimeInterval(-Open311Requests.maximumSpan); to = e
            default: from = now.addingTimeInterval(-Open311Requests.maximumSpan); to = now
            }
            if to < from { errors.append("end_date: before start_date") }
            else if to.timeIntervalSince(from) > Open311Requests.maximumSpan { errors.append("end_date: the range may not span more than 90 days") }
            for status in (p["status"] ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !status.isEmpty {
                if status == "open" || status == "closed" { statuses.insert(status) }
                else { errors.append("status: '\(status)' is neither open nor closed") }
            }
            if let raw = p["page"] {
                if let n = Int(raw), n >= 1, n <= 1_000_000 { page = n } else { errors.append("page: must be a whole number from 1") }
            }
            if let raw = p["page_size"] {
                if let n = Int(raw), (1...Open311Requests.maximumPageSize).contains(n) { pageSize = n }
                else { errors.append("page_size: must be a whole number from 1 to \(Open311Requests.maximumPageSize)") }
            }
            if !errors.isEmpty { throw Open311Error(.badRequest, errors) }
        }
    }

    /// The cases matching `filter`, newest first (by `requested_datetime`), never restricted ones.
    static func run(_ filter: Filter, on db: Database) async throws -> [ServiceRequestRecord] {
        var query = ServiceRequestRecord.query(on: db).filter(\.$restricted == false)
        if !filter.ids.isEmpty {
            return try await query.filter(\.$trackingCode ~~ filter.ids).sort(\.$receivedAt, .descending).allReadable(logger: db.logger)
        }
        query = query.filter(\.$receivedAt >= filter.from).filter(\.$receivedAt <= filter.to)
        if !filter.serviceCodes.isEmpty { query = query.filter(\.$serviceCode ~~ filter.serviceCodes) }
        if filter.statuses.count == 1, let wanted = filter.statuses.first {
            query = query.filter(\.$status ~~ RequestStatus.allCases.filter { $0.open311Status == wanted })
        }
        let offset = (filter.page - 1) * filter.pageSize
        return try await query.sort(\.$receivedAt, .descending).sort(\.$trackingCode)
            .offset(offset).limit(filter.pageSize).allReadable(logger: db.logger)
    }

    /// What the mapping of a page of cases needs, loaded in a few queries.
    struct Context: Sendable {
        var serviceNames: [String: String] = [:]
        var agencyNames: [UUID: String] = [:]
        /// The latest public event, per case (its Vietnamese label is the status note before publication).
        var latestPublicEvent: [UUID: CaseEvent] = [:]
        /// Communes' full names by code (the only place a case is located before publication).
        var communeNames: [String: String] = [:]
        /// The first public attachment of published cases, per case.
        var publicAttachment: [UUID: UUID] = [:]
        var publicURL: String

        static func load(for records: [ServiceRequestRecord], publicURL: String, on db: Database) async throws -> Context {
            var context = Context(publicURL: publicURL)
            let ids = records.compactMap(\.id)
            guard !ids.isEmpty else { return context }
            context.serviceNames = Dictionary(try await Service.query(on: db).all().map { ($0.id ?? "", $0.name) }, uniquingKeysWith: { a, _ in a })
            let agencyIDs = Array(Set(records.compactMap(\.leadAgencyID)))
            if !agencyIDs.isEmpty {
                context.agencyNames = Dictionary(try await Agency.query(on: db).filter(\.$id ~~ agencyIDs).all().map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
            }
            for event in try await EventRecord.query(on: db).filter(\.$requestID ~~ ids).filter(\.$isPublic == true)
                .sort(\.$occurredAt).all() {
                context.latestPublicEvent[event.requestID] = event.action
            }
            let communeCodes = Array(Set(records.compactMap(\.communeCode)))
            if !communeCodes.isEmpty {
                context.communeNames = Dictionary(try await Commune.query(on: db).filter(\.$id ~~ communeCodes).all().map { ($0.id ?? "", $0.fullName) },
                                                  uniquingKeysWith: { a, _ in a })
            }
            let published = records.filter { $0.publishedAt != nil }.compactMap(\.id)
            if !published.isEmpty {
                for file in try await Attachment.query(on: db).filter(\.$requestID ~~ published).filter(\.$isPublic == true)
                    .sort(\.$createdAt, .descending).all() {
                    context.publicAttachment[file.requestID] = file.id
                }
            }
            return context
        }
    }

    /// Decimal places of public coordinates: 3 is about 110 m of latitude, enough to find the place, not the house.
    static let publicCoordinateDecimals = 3.0

    /// A coordinate as the public may see it: rounded to `publicCoordinateDecimals`.
    static func publicCoordinate(_ value: Double?) -> Double? {
        value.map { ($0 * pow(10, publicCoordinateDecimals)).rounded() / pow(10, publicCoordinateDecimals) }
    }

    /// One `request` element (GeoReport v2 `GET requests`), fields in the spec's order. Anyone may read it, so it
    /// shows only what the public may know (issue 11 item 3; Luật 91/2025/QH15):
    /// - before publication: the field, the status (`service_notice`, and as `status_notes` the Vietnamese label of
    ///   the latest public event), the commune as `address`, the dates and the lead agency; no description, no
    ///   address line, no coordinates (a case in triage may yet be a khiếu nại / tố cáo, and no text is reviewed);
    /// - once published: also the texts the coordinator checked at publication (`description` = the masked public
    ///   description, `status_notes` = the masked public answer), coordinates rounded to 3 decimals (about 100 m),
    ///   and `media_url`, the first public attachment, as an absolute URL under `PAKN_PUBLIC_URL`.
    /// `service_request_id` is the tracking code's 10 digits; `status` is `RequestStatus.open311Status`;
    /// `requested_datetime` received, `updated_datetime` closed when closed, else the last change,
    /// `expected_datetime` the due date (working-time SLA); all `+07:00`.
    static func item(_ r: ServiceRequestRecord, context: Context) -> Open311Node {
        let status = r.status
        let published = r.publishedAt != nil
        let note = published ? r.publicAnswer : r.id.flatMap { context.latestPublicEvent[$0] }?.label
        let commune = r.communeCode.flatMap { context.communeNames[$0] }
        let media = r.id.flatMap { context.publicAttachment[$0] }.map { context.publicURL + SiteURL.publicAttachment($0).path }
        let updated = status.open311Status == "closed" ? (r.closedAt ?? r.updatedAt ?? r.receivedAt) : (r.updatedAt ?? r.receivedAt)
        return .object([
            ("service_request_id", .text(r.trackingCode)),
            ("status", .text(status.open311Status)),
            ("status_notes", .text(note)),
            ("service_name", .text(r.serviceCode.flatMap { context.serviceNames[$0] })),
            ("service_code", .text(r.serviceCode)),
            ("description", .text(published ? r.publicDescription : nil)),
            ("agency_responsible", .text(r.leadAgencyID.flatMap { context.agencyNames[$0] })),
            ("service_notice", .text(status.label)),
            ("requested_datetime", .datetime(r.receivedAt)),
            ("updated_datetime", .datetime(updated)),
            ("expected_datetime", .datetime(r.dueAt)),
            ("address", .text(commune)),
            ("lat", .number(published ? publicCoordinate(r.latitude) : nil)),
            ("long", .number(published ? publicCoordinate(r.longitude) : nil)),
            ("media_url", .text(media)),
        ])
    }

    /// `service_requests/request…` for `records`.
    static func document(_ records: [ServiceRequestRecord], publicURL: String, on db: Database) async throws -> Open311Document {
        let context = try await Context.load(for: records, publicURL: publicURL, on: db)
        return Open311Document(root: "service_requests", body: .list(item: "request", records.map { item($0, context: context) }))
    }
}
