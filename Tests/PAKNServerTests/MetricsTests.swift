import Foundation
@testable import PAKNServer
import Testing
import Vapor
import VaporTesting

/// `/metrics` in the Prometheus text format (issue 15 item 1).
@Suite("Metrics")
struct MetricsTests {
    @Test("requests by route template and status, jobs, inbound events and open cases by deadline; protected by the token when set",
          arguments: TestDatabase.available)
    func scrape(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: { $0.metricsToken = "so-lieu-bi-mat" }) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let record = try await WorkflowFlowTests.submit(app, content: "Ống nước vỡ trước trường học.")
            _ = try await app.testing().sendRequest(.GET, "/healthz")
            _ = try await app.testing().sendRequest(.GET, "/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())")

            #expect(try await app.testing().sendRequest(.GET, "/metrics").status == .unauthorized)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: "sai")
            #expect(try await app.testing().sendRequest(.GET, "/metrics", headers: headers).status == .unauthorized)
            headers.bearerAuthorization = BearerAuthorization(token: "so-lieu-bi-mat")
            let scrape = try await app.testing().sendRequest(.GET, "/metrics", headers: headers)
            #expect(scrape.status == .ok)
            #expect(scrape.headers.first(name: .contentType)?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = scrape.body.string
            #expect(text.contains(#"pakn_http_requests_total{method="GET",route="/healthz",status="200"} 1"#))
            // The route template, never the case id from the path.
            #expect(text.contains(#"route="/quan-tri/phan-anh/:id""#))
            #expect(!text.contains(record.id!.uuidString.lowercased()))
            #expect(text.contains(#"pakn_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="+Inf"} 1"#))
            // The submission queued its "received" notice; nothing is overdue yet.
            #expect(text.contains(#"pakn_jobs{kind="notify",state="waiting"} 1"#))
            #expect(text.contains(#"pakn_open_cases{deadline="overdue"} 0"#))
        }
    }
}
