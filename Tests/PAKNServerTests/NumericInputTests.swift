import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor
import VaporTesting

/// Numbers from outside never stop the server (issue 11 item 1): every GET route, reached by someone allowed to
/// see it, gets `Int.max`, `-1`, `0`, `1e30`, `abc` and ten thousand digits in every numeric query parameter the
/// application reads and in every path parameter, and must answer 2xx, 3xx or 4xx. Swift traps on integer
/// overflow, so a defect of this kind ends the test process; the last request checks that the server still answers.
/// Parsing does not depend on the database, so the sweep runs on SQLite only (about 4,500 requests).
@Suite("Numbers from outside")
struct NumericInputTests {
    /// The hostile values of the issue.
    static let values = ["9223372036854775807", "-1", "0", "1e30", "abc", String(repeating: "9", count: 10_000)]

    /// Every numeric (or number-like) query parameter a GET handler reads: paging of each list (`page`,
    /// `page_size`, `trang`), the SSE stream's limits (`cho`, `so`), the periods of the dashboard (`tu`, `den`), the
    /// staff API (`from`, `to`) and Open311 (`start_date`, `end_date`), Open311's `service_request_id`, and the
    /// Messenger handshake's `hub.challenge`. (Form and JSON numbers — stars, coordinates, indexes — are POSTed and
    /// range-checked where they are read.)
    static let numericQueryParameters = [
        "page", "page_size", "trang", "cho", "so", "tu", "den", "from", "to", "start_date", "end_date",
        "service_request_id", "hub.challenge",
    ]

    @Test("every GET route × every numeric parameter × Int.max, -1, 0, 1e30, abc, 10,000 digits: no 5xx, no crash",
          arguments: [TestDatabase.sqlite])
    func everyNumber(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let record = try await WorkflowFlowTests.submit(app, content: "Đèn đường hỏng ở ngã tư, cần thay bóng.")
            let known: [String: String] = ["id": record.id!.uuidString.lowercased(), "code": record.trackingCode, "year": "2026"]

            func path(_ route: Route, _ override: (name: String, value: String)?) -> String {
                "/" + route.path.map { component -> String in
                    switch component {
                    case .constant(let c): return c
                    case .parameter(let name):
                        if let override, override.name == name { return override.value }
                        return known[name] ?? "x"
                    case .anything, .catchall: return "x"
                    }
                }.joined(separator: "/")
            }
            var browsers: [(String, Browser)] = [("anonymous", Browser(app))]
            for (email, password) in [("co@t.vn", TestApp.demoPassword), (TestApp.adminEmail, TestApp.adminPassword),
                                      ("of@t.vn", TestApp.demoPassword), ("op@t.vn", TestApp.demoPassword)] {
                let browser = Browser(app)
                try await browser.login(email, password)
                browsers.append((email, browser))
            }
            func isRefused(_ response: BrowserResponse) -> Bool {
                [.unauthorized, .forbidden].contains(response.status)
                    || (response.status == .seeOther && response.headers.first(name: .location)?.contains("dang-nhap") == true)
            }

            var routes = 0, requests = 0, parameters = Set<String>()
            for route in app.routes.all where route.method == .GET {
                // The first caller the route lets in (anonymous for public pages, a coordinator for the queue, …).
                var caller = browsers[0]
                for candidate in browsers where !isRefused(try await candidate.1.get(path(route, nil))) {
                    caller = candidate
                    break
                }
                routes += 1
                let pathParameters = route.path.compactMap { if case .parameter(let name) = $0 { name } else { nil } }
                for value in Self.values {
                    let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
                    var targets: [(String, String)] = Self.numericQueryParameters.map { ($0, "\(path(route, nil))?\($0)=\(encoded)") }
                    targets += pathParameters.map { ("{\($0)}", path(route, ($0, encoded))) }
                    for (parameter, target) in targets {
                        let response = try await caller.1.get(target)
                        requests += 1
                        parameters.insert(parameter)
                        #expect(response.status.code < 500,
                                "GET \(target.prefix(120)) as \(caller.0): \(response.status) \(response.body.string.prefix(200))")
                    }
                }
            }
            // The process survived every request above and still answers.
            let alive = try await browsers[0].1.get("/healthz")
            #expect(alive.status == .ok)
            #expect(routes > 40)
            print("numeric fuzz: \(routes) GET routes, \(parameters.count) parameters, \(requests) requests")
        }
    }

    @Test("the lists that page answer 400 for a page no list can have, and 200 for the highest allowed")
    func pagingBounds() async throws {
        try await TestApp.with(.sqlite) { app in
            let browser = Browser(app)
            for target in ["/cong-khai?trang=", "/api/v1/requests?page=", "/api/v1/requests?page=1&page_size="] {
                for bad in ["9223372036854775807", "-1", "0", "1e30", "abc", String(repeating: "9", count: 10_000), "100001"] {
                    if target.hasSuffix("page_size="), bad == "100001" { continue }
                    let response = try await browser.get(target + bad)
                    #expect(response.status == .badRequest, "\(target)\(bad.prefix(30)): \(response.status)")
                }
            }
            #expect(try await browser.get("/cong-khai?trang=100000").status == .ok)
            #expect(try await browser.get("/api/v1/requests?page=100000&page_size=100").status == .ok)
            #expect(try await browser.get("/api/v1/requests?page_size=101").status == .badRequest)
            let error = try await browser.get("/api/v1/requests?page=9223372036854775807")
            #expect(error.body.string.contains("\"code\":\"bad_request\""))
        }
    }
}
