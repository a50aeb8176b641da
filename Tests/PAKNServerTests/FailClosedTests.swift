import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A stored value the code does not know is refused where it is read, never mapped to a default (issue 10
/// "Fail closed"). The rows are damaged directly in the database, as a hand edit or a newer version would.
@Suite("Fail closed on unknown stored values")
struct FailClosedTests {
    static func sql(_ app: Application, _ text: String) async throws {
        try await (app.db as! any SQLDatabase).raw(SQLQueryString(text)).run()
    }

    static func token(_ app: Application, _ email: String) async throws -> String {
        var headers = HTTPHeaders(); headers.contentType = .json
        let body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: ["email": email, "password": TestApp.demoPassword]))
        let response = try await app.testing().sendRequest(.POST, "/api/v1/auth/token", headers: headers, body: body)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
        return try #require(json["token"] as? String)
    }

    static func get(_ app: Application, _ path: String, token: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders(); headers.bearerAuthorization = BearerAuthorization(token: token)
        return try await app.testing().sendRequest(.GET, path, headers: headers)
    }

    @Test("a user whose stored role is unknown can do nothing: signed out of the back office, no API, no login", arguments: TestDatabase.available)
    func unknownRole(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let record = try await WorkflowFlowTests.submit(app, content: "Cây xanh đổ chắn ngang đường.")
            let browser = Browser(app)
            try await browser.login("co@t.vn", TestApp.demoPassword)
            let token = try await Self.token(app, "co@t.vn")
            #expect(try await browser.get("/quan-tri").status == .ok)
            // The role column holds a value no version writes (before: read as "operator").
            try await Self.sql(app, "UPDATE users SET role = 'superuser' WHERE email = 'co@t.vn'")
            // The session no longer signs anyone in: the back office sends to the login page; public pages still work.
            let queue = try await browser.get("/quan-tri")
            #expect(queue.status == .seeOther && queue.headers.first(name: .location) == "/dang-nhap")
            let detail = try await browser.get("/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())")
            #expect(detail.status == .seeOther)
            #expect(try await browser.get("/").status == .ok)
            let api = try await Self.get(app, "/api/v1/staff/requests", token: token)
            #expect(api.status == .forbidden)
            #expect(api.body.string.contains("\"code\":\"forbidden\""))
            // A new login is refused like a wrong password (nothing tells the account apart), and the case was not touched.
            let fresh = Browser(app)
            try await fresh.get("/dang-nhap")
            #expect(try await fresh.post("/dang-nhap", [("email", "co@t.vn"), ("password", TestApp.demoPassword)]).status == .unauthorized)
            let unchanged = try #require(try await ServiceRequestRecord.find(record.id, on: app.db))
            #expect(unchanged.status == .received)
            // Other staff are unaffected.
            let operatorBrowser = Browser(app)
            try await operatorBrowser.login("op@t.vn", TestApp.demoPassword)
            #expect(try await operatorBrowser.get("/quan-tri").status == .ok)
        }
    }

    @Test("a case whose stored status is unknown is left out of lists, answers 500 on its page, and cannot be moved",
          arguments: TestDatabase.available)
    func unknownStatus(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, _) = try await WorkflowFlowTests.staff(on: app)
            let damaged = try await WorkflowFlowTests.submit(app, content: "Đèn tín hiệu giao thông không hoạt động.")
            let healthy = try await WorkflowFlowTests.submit(app, content: "Nắp hố ga bị vỡ trước trường học.")
            let id = damaged.id!.uuidString.lowercased()
            // Before: an unknown status read as "received" and the case showed up for triage.
            try await (app.db as! any SQLDatabase).update("service_requests").set("status", to: "limbo").where("id", .equal, damaged.id!).run()
            let token = try await Self.token(app, "co@t.vn")

            // Lists leave it out; the healthy case is still listed.
            for query in ["", "?status=all", "?q=\(damaged.trackingCode)"] {
                let list = try await Self.get(app, "/api/v1/staff/requests\(query)", token: token)
                #expect(list.status == .ok)
                #expect(!list.body.string.contains(damaged.trackingCode), "listed with \(query)")
            }
            #expect(try await Self.get(app, "/api/v1/staff/requests", token: token).body.string.contains(healthy.trackingCode))
            let browser = Browser(app)
            try await browser.login("co@t.vn", TestApp.demoPassword)
            let queue = try await browser.get("/quan-tri?status=all")
            #expect(queue.status == .ok)
            #expect(!queue.body.string.contains(TrackingCode(digits: damaged.trackingCode)!.formatted))

            // Its own page and API read answer 500 with the stable error shape.
            #expect(try await browser.get("/quan-tri/phan-anh/\(id)").status == .internalServerError)
            let read = try await Self.get(app, "/api/v1/staff/requests/\(id)", token: token)
            #expect(read.status == .internalServerError)
            #expect(read.body.string.contains("\"code\":\"unreadable_record\""))

            // A move is refused and changes nothing.
            var headers = HTTPHeaders(); headers.contentType = .json; headers.bearerAuthorization = BearerAuthorization(token: token)
            let move = try await app.testing().sendRequest(.POST, "/api/v1/staff/requests/\(id)/actions/forward", headers: headers,
                                                           body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: ["lead_agency_id": agency.id!.uuidString])))
            #expect(move.status == .internalServerError)
            let rows = try await (app.db as! any SQLDatabase).select().column("status").from("service_requests")
                .where("tracking_code", .equal, damaged.trackingCode).all()
            #expect(try rows.first?.decode(column: "status", as: String.self) == "limbo")
            #expect(try await Assignment.query(on: app.db).filter(\.$requestID == damaged.id!).count() == 0)
            #expect(try await EventRecord.query(on: app.db).filter(\.$requestID == damaged.id!).count() == 1)  // "created" only
        }
    }

    @Test("a job whose stored kind is unknown is retired as dead, once, and the other jobs still run", arguments: TestDatabase.available)
    func unknownJobKind(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            // A submission queues its acknowledgement (a notify job); a second job's kind is damaged.
            let record = try await WorkflowFlowTests.submit(app, content: "Cống thoát nước bị tắc sau cơn mưa lớn.")
            try await JobQueue.enqueue(kind: .notify, payload: ["x": "y"], idempotencyKey: "damaged", runAt: Date().addingTimeInterval(-60), on: app.db)
            try await (app.db as! any SQLDatabase).update("jobs").set("kind", to: "teleport").where("idempotency_key", .equal, "damaged").run()
            // Before: one unknown kind made the whole claim fail, so no job ran at all.
            _ = try await JobWorker.runOnce(on: app.db, logger: app.logger, config: app.paknConfiguration)
            let rows = try await (app.db as! any SQLDatabase).select().columns("kind", "finished_at", "attempts", "last_error").from("jobs")
                .where("idempotency_key", .equal, "damaged").all()
            let damaged = try #require(rows.first)
            #expect(try damaged.decode(column: "kind", as: String.self) == "teleport", "the row is kept for a person to read")
            #expect(try damaged.decodeNil(column: "finished_at") == false)
            #expect(try damaged.decode(column: "attempts", as: Int.self) == JobQueue.deadAfterAttempts)
            #expect(try damaged.decode(column: "last_error", as: String.self).contains("unreadable"))
            let acknowledgement = try #require(try await Job.query(on: app.db).filter(\.$kind == .notify).first())
            #expect(acknowledgement.finishedAt != nil, "the healthy job ran in the same pass")
            #expect(try await MessageRecord.query(on: app.db).filter(\.$requestID == record.id!).count() == 1)
            // Retired: a later pass finds nothing to claim.
            #expect(try await JobWorker.runOnce(on: app.db, logger: app.logger, config: app.paknConfiguration) == 0)
        }
    }

    @Test("a partner key whose stored permissions hold an unknown name is refused like a revoked key", arguments: TestDatabase.available)
    func unknownPermission(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let key = try await O311.key(app, permissions: [.createRequests])
            try await (app.db as! any SQLDatabase).update("partner_api_keys").set("permissions", to: "create_requests,launch_everything").run()
            let before = try await ServiceRequestRecord.query(on: app.db).count()
            let form = Open311WriteTests.fixMyStreetForm(key: key, location: [("address_string", "Phường Quy Nhơn"), ("lat", "13.77"), ("long", "109.22")])
            try O311.expectError(try await O311.post(app, "/requests.xml", form), .forbidden)
            #expect(try await ServiceRequestRecord.query(on: app.db).count() == before, "nothing filed")
            // The admin's list still opens; the damaged key is left out of it.
            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            let page = try await admin.get(SiteURL.adminAPIKeys.path)
            #expect(page.status == .ok)
            #expect(!page.body.string.contains(String(key.prefix(8))))
        }
    }
}
