import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor
import VaporTesting

@Suite("REST API /api/v1")
struct APITests {
    static func json(_ body: [String: Any]) throws -> (HTTPHeaders, ByteBuffer) {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return (headers, ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)))
    }

    static func decode(_ response: TestingHTTPResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
    }

    static func createBody(commune: String) -> [String: Any] {
        ["kind": "kien_nghi", "title": "Đề nghị lắp đèn đường", "description": "Đường Nguyễn Huệ đoạn gần trường học không có đèn, buổi tối rất tối.",
         "service_code": "chieu_sang", "commune_code": commune, "full_name": "Phạm Văn Đức", "email": "duc@example.com", "consent": true]
    }

    @Test("create, look up and list: the Open311 names, the +07:00 offset, nothing personal", arguments: TestDatabase.available)
    func publicAPI(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            let (headers, body) = try Self.json(Self.createBody(commune: commune))
            let created = try await app.testing().sendRequest(.POST, "/api/v1/requests", headers: headers, body: body)
            #expect(created.status == .created)
            let c = try Self.decode(created)
            let id = try #require(c["service_request_id"] as? String)
            #expect(TrackingCode(digits: id) != nil)
            #expect(c["status"] as? String == "open")
            #expect(c["detailed_status"] as? String == "received")
            #expect((c["received_at"] as? String)?.hasSuffix("+07:00") == true)

            let lookup = try await app.testing().sendRequest(.GET, "/api/v1/requests/\(TrackingCode(digits: id)!.formatted)")
            #expect(lookup.status == .ok)
            let text = lookup.body.string
            #expect(!text.contains("Phạm Văn Đức") && !text.contains("duc@example.com"))
            let l = try Self.decode(lookup)
            #expect(l["service_code"] as? String == "chieu_sang")
            #expect(l["description"] == nil || l["description"] is NSNull, "content is public only after masked publication")
            #expect((l["events"] as? [[String: Any]])?.count == 1)

            let bad = try await app.testing().sendRequest(.GET, "/api/v1/requests/1234567890")
            #expect(bad.status == .badRequest || bad.status == .notFound)
            let badBody = try Self.decode(bad)
            let error = try #require(badBody["error"] as? [String: Any])
            #expect(error["code"] is String && error["message"] is String)
        }
    }

    @Test("validation errors use the one JSON error shape with the fields, and store nothing", arguments: TestDatabase.available)
    func validation(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            var body = Self.createBody(commune: "99999")
            body["consent"] = false
            body["title"] = "<b>x</b>"
            let (headers, buffer) = try Self.json(body)
            let response = try await app.testing().sendRequest(.POST, "/api/v1/requests", headers: headers, body: buffer)
            #expect(response.status == .unprocessableEntity)
            let error = try #require(try Self.decode(response)["error"] as? [String: Any])
            #expect(error["code"] as? String == "validation_failed")
            let fields = (error["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(Set(fields) == ["title", "communeCode", "consent"])
            // Malformed JSON is a 400 in the same shape.
            var h = HTTPHeaders(); h.contentType = .json
            let malformed = try await app.testing().sendRequest(.POST, "/api/v1/requests", headers: h, body: ByteBuffer(string: "{not json"))
            #expect(malformed.status == .badRequest)
            #expect((try Self.decode(malformed)["error"] as? [String: Any])?["code"] as? String == "bad_request")
            #expect(try await Fixtures.count(ServiceRequestRecord.self, on: app.db) == 0)
        }
    }

    @Test("staff token, scoped queue, moves with the JSON error shape for forbidden and invalid moves", arguments: TestDatabase.available)
    func staffAPI(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, other) = try await WorkflowFlowTests.staff(on: app)
            let record = try await WorkflowFlowTests.submit(app, content: "Nắp hố ga bị vỡ trên đường Lê Duẩn.")
            func token(_ email: String) async throws -> String {
                let (h, b) = try Self.json(["email": email, "password": TestApp.demoPassword])
                let response = try await app.testing().sendRequest(.POST, "/api/v1/auth/token", headers: h, body: b)
                #expect(response.status == .ok)
                return try #require(try Self.decode(response)["token"] as? String)
            }
            func call(_ method: HTTPMethod, _ path: String, _ token: String, _ body: [String: Any]? = nil) async throws -> TestingHTTPResponse {
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: token)
                var buffer: ByteBuffer?
                if let body { headers.contentType = .json; buffer = ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)) }
                return try await app.testing().sendRequest(method, path, headers: headers, body: buffer)
            }
            // Wrong password → 401 in the JSON shape.
            let (h, b) = try Self.json(["email": "op@t.vn", "password": "wrong"])
            let refused = try await app.testing().sendRequest(.POST, "/api/v1/auth/token", headers: h, body: b)
            #expect(refused.status == .unauthorized)
            #expect((try Self.decode(refused)["error"] as? [String: Any])?["code"] as? String == "invalid_credentials")
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/staff/requests").status == .unauthorized)

            let op = try await token("op@t.vn")
            let id = record.id!.uuidString
            let queue = try Self.decode(try await call(.GET, "/api/v1/staff/requests", op))
            #expect((queue["items"] as? [[String: Any]])?.count == 1)
            // An invalid move from `received`: 409 invalid_transition.
            let invalid = try await call(.POST, "/api/v1/staff/requests/\(id)/actions/publish", op, [:])
            #expect(invalid.status == .forbidden || invalid.status == .conflict)
            #expect((try Self.decode(invalid)["error"] as? [String: Any])?["code"] as? String == "invalid_transition")
            // Reject without a reason: 422; forward: ok.
            let noReason = try await call(.POST, "/api/v1/staff/requests/\(id)/actions/reject", op, ["note": "x"])
            #expect(noReason.status == .unprocessableEntity)
            let forwarded = try await call(.POST, "/api/v1/staff/requests/\(id)/actions/forward", op, ["lead_agency_id": agency.id!.uuidString])
            #expect(forwarded.status == .ok)
            #expect(try Self.decode(forwarded)["status"] as? String == "forwarded")
            // The operator may not accept for the agency: 403 forbidden_transition.
            let notMine = try await call(.POST, "/api/v1/staff/requests/\(id)/actions/accept", op, [:])
            #expect(notMine.status == .forbidden)
            #expect((try Self.decode(notMine)["error"] as? [String: Any])?["code"] as? String == "forbidden_transition")
            // Another agency's officer does not see the case at all.
            let outsider = try await token("other@t.vn")
            #expect(try await call(.GET, "/api/v1/staff/requests/\(id)", outsider).status == .notFound)
            #expect((try Self.decode(try await call(.GET, "/api/v1/staff/requests", outsider))["items"] as? [[String: Any]])?.isEmpty == true)
            _ = other
            // The lead agency's officer accepts.
            let officer = try await token("of@t.vn")
            let accepted = try await call(.POST, "/api/v1/staff/requests/\(id)/actions/accept", officer, [:])
            #expect(try Self.decode(accepted)["status"] as? String == "accepted")
            let events = try await call(.GET, "/api/v1/staff/requests/\(id)/events", officer)
            #expect((try JSONSerialization.jsonObject(with: Data(buffer: events.body)) as? [[String: Any]])?.map { $0["action"] as? String } == ["created", "forward", "accept"])
        }
    }
}
