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
}
