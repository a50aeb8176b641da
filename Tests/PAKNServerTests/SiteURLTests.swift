import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor

/// Every link the pages build names a route that exists (issue 10 item 5): each case of `SiteURL`, with sample
/// values, matches a registered route's path (a `:parameter` matches one segment).
@Suite("Links and routes")
struct SiteURLTests {
    @Test("every SiteURL case resolves to a registered route")
    func everyLinkHasARoute() async throws {
        try await TestApp.with(.sqlite) { app in
            let routes = app.routes.all.map { $0.path }
            func matches(_ path: String) -> Bool {
                let segments = path.split(separator: "?").first.map { $0.split(separator: "/").map(String.init) } ?? []
                return routes.contains { route in
                    route.count == segments.count && zip(route, segments).allSatisfy { component, segment in
                        switch component {
                        case .constant(let value): value == segment
                        case .parameter: true
                        case .anything, .catchall: true
                        }
                    }
                }
            }
            #expect(SiteURL.examples.allSatisfy(SiteURL.listed))
            for url in SiteURL.examples {
                #expect(matches(url.path), "\(url.path) has no route")
            }
            // And the check can fail: a path no route has.
            #expect(!matches("/quan-tri/khong-co-trang-nay"))
        }
    }
}
