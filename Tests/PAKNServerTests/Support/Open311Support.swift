import Fluent
import Foundation
import NIOHTTP1
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor
import VaporTesting

/// Helpers for the Open311 tests: calls, parsing, partner keys and cases at chosen stages.
enum O311 {
    /// Three cases of `agency` for the pages that show every state: one that saw an extension, a returned draft, a
    /// publication and a rating; one waiting for the citizen; one just received.
    static func casesInEveryState(_ app: Application, agency: Agency) async throws
        -> (published: ServiceRequestRecord, waiting: ServiceRequestRecord, received: ServiceRequestRecord) {
        let id = try agency.requireID()
        let published = try await O311.makeCase(app, content: "Đèn đường ở ngã tư Lê Lợi không sáng đã một tuần.")
        try await O311.forward(app, published, to: agency)
        try await O311.move(app, published, .accept, O311.officer(id))
        try await Extensions.request(requestID: published.requireID(), reason: "Chờ vật tư", proposedDue: Date().addingTimeInterval(40 * 86_400),
                                     by: O311.officer(id), on: app.db)
        try await Extensions.decide(requestID: published.requireID(), approve: true, reason: nil, by: O311.coordinator, on: app.db)
        try await O311.move(app, published, .answer, O311.officer(id), ActionInput(note: "Đã thay bóng đèn."))
        try await O311.move(app, published, .returnDraft, O311.leader(id), ActionInput(note: "Ghi rõ ngày thay."))
        try await O311.move(app, published, .answer, O311.officer(id), ActionInput(note: "Đã thay bóng đèn ngày 3/12."))
        try await O311.move(app, published, .approve, O311.leader(id))
        try await O311.move(app, published, .publish, O311.coordinator)
        try await Ratings.rate(try #require(try await ServiceRequestRecord.find(published.id, on: app.db)), stars: 5, comment: "Cảm ơn", on: app.db)
        let waiting = try await O311.makeCase(app, content: "Nắp cống trước trường bị vỡ, nguy hiểm cho học sinh.")
        try await O311.forward(app, waiting, to: agency)
        try await O311.move(app, waiting, .accept, O311.officer(id))
        try await O311.move(app, waiting, .requestInformation, O311.officer(id), ActionInput(note: "Xin ảnh hiện trường."))
        let received = try await O311.makeCase(app, content: "Cây xanh nghiêng sắp đổ ở công viên.")
        return (published, waiting, received)
    }

    static let base = "/open311/v2"
    /// W3C datetime with the +07:00 offset and whole seconds (anchors.md §2.1).
    static let datetimePattern = #"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+07:00$"#

    static func get(_ app: Application, _ path: String) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(.GET, base + path)
    }

    /// POSTs url-encoded fields the way FixMyStreet's client does.
    static func post(_ app: Application, _ path: String, _ fields: [(String, String)]) async throws -> TestingHTTPResponse {
        let body = fields.map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded; charset=utf-8")
        return try await app.testing().sendRequest(.POST, base + path, headers: headers, body: ByteBuffer(string: body))
    }

    static func xml(_ response: TestingHTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> XMLTree {
        #expect(response.headers.first(name: .contentType) == "text/xml; charset=utf-8", sourceLocation: sourceLocation)
        #expect(response.body.string.hasPrefix(#"<?xml version="1.0" encoding="utf-8"?>"#), sourceLocation: sourceLocation)
        return try #require(XMLTree.parse(Data(buffer: response.body)), "not well-formed XML: \(response.body.string)", sourceLocation: sourceLocation)
    }

    static func json(_ response: TestingHTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
        #expect(response.headers.first(name: .contentType) == "application/json; charset=utf-8", sourceLocation: sourceLocation)
        return try JSONSerialization.jsonObject(with: Data(buffer: response.body), options: [.fragmentsAllowed])
    }

    static func jsonArray(_ response: TestingHTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        try #require(try json(response, sourceLocation: sourceLocation) as? [[String: Any]], "not a bare JSON array of objects: \(response.body.string)", sourceLocation: sourceLocation)
    }

    /// Checks the spec's error shape (GeoReport v2 §"Errors") in either format and returns the descriptions.
    @discardableResult
    static func expectError(_ response: TestingHTTPResponse, _ status: HTTPResponseStatus, json: Bool = false,
                            sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        #expect(response.status == status, "\(response.body.string)", sourceLocation: sourceLocation)
        if json {
            let errors = try jsonArray(response, sourceLocation: sourceLocation)
            #expect(!errors.isEmpty, sourceLocation: sourceLocation)
            for error in errors {
                #expect(Set(error.keys) == ["code", "description"], sourceLocation: sourceLocation)
                #expect(error["code"] as? String == String(status.code), sourceLocation: sourceLocation)
            }
            return errors.compactMap { $0["description"] as? String }
        }
        let root = try xml(response, sourceLocation: sourceLocation)
        #expect(root.name == "errors", sourceLocation: sourceLocation)
        #expect(!root.children.isEmpty && root.children.allSatisfy { $0.name == "error" }, sourceLocation: sourceLocation)
        for error in root.children {
            #expect(error.childNames == ["code", "description"], sourceLocation: sourceLocation)
            #expect(error["code"]?.text == String(status.code), sourceLocation: sourceLocation)
            #expect((error["description"]?.text ?? "").isEmpty == false, sourceLocation: sourceLocation)
        }
        return root.children.compactMap { $0["description"]?.text }
    }

    static func key(_ app: Application, permissions: Set<PartnerPermission> = [.createRequests, .postUpdates],
                    agency: UUID? = nil, perHour: Int = 1000, partner: String = "Ứng dụng Gia Lai Số") async throws -> String {
        try await PartnerKeys.issue(partner: partner, agencyID: agency, permissions: permissions, requestsPerHour: perHour,
                                    createdBy: nil, on: app.db).key
    }

    static let coordinator = Acting(userID: nil, actor: .staff(.coordinator), agencyID: nil, label: "Điều phối viên")
    static let operatorActing = Acting(userID: nil, actor: .staff(.operator), agencyID: nil, label: "Tổng đài viên")
    static func officer(_ agency: UUID) -> Acting { Acting(userID: nil, actor: .staff(.agencyOfficer), agencyID: agency, label: "Cán bộ xử lý") }
    static func leader(_ agency: UUID) -> Acting { Acting(userID: nil, actor: .staff(.agencyLeader), agencyID: agency, label: "Lãnh đạo đơn vị") }

    /// A web case in Phường Quy Nhơn.
    static func makeCase(_ app: Application, content: String, name: String = "Nguyễn Thị Hoa", phone: String = "0912 345 678",
                         email: String? = "hoa.nguyen@example.com", service: String = "su_co_duong",
                         now: Date = Date()) async throws -> ServiceRequestRecord {
        let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
        let submission = Submission(kind: "phan_anh", title: "Ổ gà trên đường Trần Hưng Đạo", content: content, serviceCode: service,
                                    communeCode: commune, address: "Đường Trần Hưng Đạo", latitude: 13.7765, longitude: 109.2237,
                                    fullName: name, phone: phone, email: email, consent: true)
        guard case .success(let record) = try await IntakeService.submit(submission, files: [], channel: .web, acting: .citizen,
                                                                          config: app.paknConfiguration, on: app.db, now: now) else {
            Issue.record("submission failed"); throw Abort(.internalServerError)
        }
        return record
    }

    static func agency(_ app: Application, _ name: String = "Sở Xây dựng") async throws -> Agency {
        let agency = Agency(name: name, kind: .department)
        try await agency.create(on: app.db)
        return agency
    }

    @discardableResult
    static func move(_ app: Application, _ record: ServiceRequestRecord, _ action: WorkflowAction, _ acting: Acting,
                     _ input: ActionInput = ActionInput()) async throws -> ServiceRequestRecord {
        try await CaseWorkflow.perform(action, requestID: record.requireID(), by: acting, input: input, config: app.paknConfiguration, on: app.db)
    }

    /// Forwards `record` to `agency`.
    static func forward(_ app: Application, _ record: ServiceRequestRecord, to agency: Agency) async throws {
        try await move(app, record, .forward, coordinator, ActionInput(leadAgencyID: agency.requireID()))
    }

    /// Takes `record` through forward, accept, answer, approve and publish.
    static func publish(_ app: Application, _ record: ServiceRequestRecord, agency: Agency, answer: String) async throws {
        let id = try agency.requireID()
        try await forward(app, record, to: agency)
        try await move(app, record, .accept, officer(id))
        try await move(app, record, .answer, officer(id), ActionInput(note: answer))
        try await move(app, record, .approve, leader(id))
        try await move(app, record, .publish, coordinator)
    }
}
