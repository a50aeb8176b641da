import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor
import VaporTesting

/// Every registered route answers without a server error, for an anonymous visitor and for each role, with
/// real parameters and with empty or malformed bodies (bad input gets a 4xx, never a 5xx).
@Suite("Every route")
struct RouteCoverageTests {
    @Test("no route answers 5xx, whoever calls it and whatever the body", arguments: TestDatabase.available)
    func everyRoute(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let record = try await WorkflowFlowTests.submit(app, content: "Bảng tên đường bị đổ, cần dựng lại.")
            let attachment = Attachment()
            attachment.requestID = try record.requireID(); attachment.purpose = .answer; attachment.filename = "a.pdf"
            attachment.contentType = "application/pdf"; attachment.byteCount = 10; attachment.sha256 = ""; attachment.isPublic = true
            try await attachment.create(on: app.db)
            try await AttachmentStore(config: app.paknConfiguration, on: app.db).write(try Fixtures.data("document.pdf"), id: attachment.requireID())
            let service = try #require(try await Service.query(on: app.db).first())
            let values: [String: String] = [
                "id": record.id!.uuidString.lowercased(), "code": record.trackingCode, "year": "2026", "file": attachment.id!.uuidString,
                "action": "forward", "token": "not-a-token", "resource": "x",
            ]
            func concrete(_ route: Route, serviceCode: String) -> String {
                "/" + route.path.map { component -> String in
                    switch component {
                    case .constant(let c): return c
                    case .parameter(let name):
                        if name == "code", route.path.description.contains("linh-vuc") { return serviceCode }
                        return values[name] ?? "x"
                    case .anything, .catchall: return "x"
                    }
                }.joined(separator: "/")
            }
            var checked = 0
            for login in [nil, ("op@t.vn", TestApp.demoPassword), ("of@t.vn", TestApp.demoPassword), ("co@t.vn", TestApp.demoPassword),
                          ("kntc@t.vn", TestApp.demoPassword), ("pl@t.vn", TestApp.demoPassword), (TestApp.adminEmail, TestApp.adminPassword)] {
                let browser = Browser(app)
                if let (email, password) = login { try await browser.login(email, password) }
                for route in app.routes.all {
                    let path = concrete(route, serviceCode: service.id!)
                    // Keep the session: logging out is covered elsewhere.
                    if path == "/dang-xuat" { continue }
                    let response: BrowserResponse
                    if route.method == .GET {
                        response = try await browser.get(path)
                    } else {
                        try await browser.get("/")
                        response = try await browser.post(path, [("note", "<b>x</b>"), ("stars", "9"), ("json", "{"), ("date", "2026-13-45")])
                    }
                    #expect(response.status.code < 500, "\(route.method) \(path) as \(login?.0 ?? "anonymous"): \(response.status)")
                    checked += 1
                }
            }
            #expect(checked > 7 * 40)
        }
    }
}
