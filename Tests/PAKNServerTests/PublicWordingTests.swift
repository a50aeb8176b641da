import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor

/// Every event, status and reason the public sees has a Vietnamese label (issue 11 item 15): the public pages, in
/// the Vietnamese locale, show no identifier such as `extensionApproved`, `awaiting_citizen` or `answerDirectly`.
@Suite("Public wording")
struct PublicWordingTests {
    /// The visible text of a page: tags, scripts and styles removed, entities as written.
    static func visibleText(_ html: String) -> String {
        html.replacingOccurrences(of: #"<script[\s\S]*?</script>|<style[\s\S]*?</style>"#, with: " ", options: .regularExpression)
            .replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression)
    }

    /// Words shaped like program identifiers: camelCase (`extensionApproved`) or snake_case (`awaiting_citizen`).
    static func identifiers(in text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"\b(?:[a-z]+[A-Z][A-Za-z]*|[a-z]+_[a-z_]+)\b"#)
        let range = NSRange(text.startIndex..., in: text)
        return pattern.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }

    @Test("no identifier-like English word on any public page, whatever happened to the case", arguments: TestDatabase.available)
    func publicPagesSpeakVietnamese(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let agency = try await O311.agency(app)
            // A case that saw an extension, a returned draft, a publication and a rating; one in triage; one
            // waiting for the citizen.
            let (published, waiting, received) = try await O311.casesInEveryState(app, agency: agency)

            let browser = Browser(app)
            try await KnowledgeSeed.seedIfEmpty(on: app.db, agencies: [:])
            let faq = try #require(try await KnowledgeArticle.query(on: app.db).filter(\.$status == .published).first())
            var pages = ["/", "/gui-phan-anh", "/tra-cuu", "/cong-khai", "/cong-khai?q=den", "/dang-nhap", "/hoi-dap", "/hoi-dap?q=khai+sinh",
                         "/hoi-dap/\(faq.id!.uuidString.lowercased())", "/huong-dan"]
            pages += HelpPage.guides.map { "/huong-dan/\($0.topic)" }
            pages += [published, waiting, received].map { "/tra-cuu?ma=\($0.trackingCode)" }
            for page in pages {
                let response = try await browser.get(page)
                #expect(response.status == .ok, "\(page)")
                let found = Self.identifiers(in: Self.visibleText(response.body.string))
                #expect(found.isEmpty, "\(page) shows \(found)")
            }
            // The timeline of the published case names the extension in Vietnamese.
            let timeline = Self.visibleText(try await browser.get("/tra-cuu?ma=\(published.trackingCode)").body.string)
            #expect(timeline.contains(CaseEvent.extensionApproved.label))
        }
    }

    @Test("every event and status has a Vietnamese label that is not an identifier")
    func labels() {
        for event in CaseEvent.allCases {
            #expect(Self.identifiers(in: event.label).isEmpty && event.label != event.rawValue, "\(event.rawValue)")
        }
        for status in RequestStatus.allCases {
            #expect(Self.identifiers(in: status.label).isEmpty && status.label != status.rawValue, "\(status.rawValue)")
        }
    }
}
