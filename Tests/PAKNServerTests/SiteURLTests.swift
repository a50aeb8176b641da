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

    @Test("every page route is registered from a SiteURL template, and every template is registered")
    func routesAreDeclaredOnce() async throws {
        try await TestApp.with(.sqlite) { app in
            let templates = Set(SiteURL.examples.map { $0.pathComponents.string })
            // The JSON API, Open311 and the providers' webhooks are contracts declared with their own documents.
            let contracts = ["api", "open311", "webhooks", "cti"]
            let pages = app.routes.all.filter { route in
                guard case .constant(let first)? = route.path.first else { return true }
                return !contracts.contains(first)
            }
            for route in pages {
                #expect(templates.contains(route.path.string), "\(route.method) /\(route.path.string) is not a SiteURL case")
            }
            let registered = Set(pages.map { $0.path.string })
            for template in templates {
                #expect(registered.contains(template), "SiteURL template /\(template) is registered by no route")
            }
            // A link fills the template's parameters in order, and the placeholder value names the same route.
            let id = UUID(uuidString: "6F1C7A52-0E6B-4C59-9D7E-2C1B7B3B9A10")!
            #expect(SiteURL.staffAttachment(id, .key).path == "/quan-tri/phan-anh/6f1c7a52-0e6b-4c59-9d7e-2c1b7b3b9a10/tep/00000000-0000-0000-0000-000000000000")
            #expect(SiteURL.staffRequest(.key).pathComponents.string == "quan-tri/phan-anh/:id")
            #expect(SiteURL.lookupCode("0123456789").path == "/tra-cuu?ma=0123456789")
            #expect(SiteURL.home.path == "/")
        }
    }
}
