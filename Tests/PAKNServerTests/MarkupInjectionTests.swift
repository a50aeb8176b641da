import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor

/// Every value that reaches an HTML attribute is escaped (`&`, `"`, `'`, `<`, `>`): Plot writes attribute values as
/// given, so each page that puts input into `value`, `href` or `label` must escape it (OWASP XSS Prevention Cheat
/// Sheet, rule 2). The payload closes the attribute and opens a new one and a new element; none may survive.
@Suite("Markup injection")
struct MarkupInjectionTests {
    static let payload = #"x" data-injected="1"><meta name="injected" content="1"><b a='"#

    /// The payload must not appear as markup: neither the attribute it tries to add nor the element.
    static func expectInert(_ html: String, _ place: String, sourceLocation: SourceLocation = #_sourceLocation) {
        // Inside a tag (in text, a quote is only a character).
        #expect(html.range(of: #"<[^<>]*data-injected="1""#, options: .regularExpression) == nil,
                "\(place): the payload added an attribute", sourceLocation: sourceLocation)
        #expect(!html.contains(#"<meta name="injected""#), "\(place): the payload added an element", sourceLocation: sourceLocation)
    }

    @Test("public search and look-up, the staff queue search, the reply preview, a call's recording link, admin values",
          arguments: TestDatabase.available)
    func attributes(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: { CTITests.configure(&$0) }) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let encoded = Self.payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!

            // Public pages, no login: what a link can carry.
            let visitor = Browser(app)
            Self.expectInert(try await visitor.get("/cong-khai?q=\(encoded)").body.string, "/cong-khai?q=")
            Self.expectInert(try await visitor.get("/tra-cuu?ma=\(encoded)").body.string, "/tra-cuu?ma=")

            // The staff queue search.
            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            Self.expectInert(try await op.get("/quan-tri?q=\(encoded)").body.string, "/quan-tri?q=")

            // The reply preview keeps the text in a hidden field: escaped, and sent back exactly as typed.
            let record = try await OutboundTests.chatRequest(app, channel: .web, sender: "web")
            _ = try await op.get(SiteURL.staffRequest(record.requireID()).path)
            let text = "Giá 5 &amp; 6 " + Self.payload
            let preview = try await op.post(SiteURL.staffReply(record.requireID()).path, [("text", text)])
            Self.expectInert(preview.body.string, "reply preview")
            #expect(preview.body.string.contains(#"name="text" value="Giá 5 &amp;amp; 6 x&quot; data-injected=&quot;1&quot;&gt;"#))

            // A recording link from the PBX with quotes in it: not a usable URL, not kept.
            let hostile = "http://pbx.example.vn/r.mp3\"><meta name=\"injected\" content=\"1\">"
            let json = String(decoding: try JSONSerialization.data(withJSONObject: [
                "event": "hangup", "direction": "in", "callId": "inj-1", "from": "0905111222", "to": "1022", "cause": "cancel",
                "recordingUrl": hostile]), as: UTF8.self)
            #expect(try await CTITests.sendJSON(app, json).status == .ok)
            #expect(try await CallRecord.query(on: app.db).filter(\.$callID == "inj-1").first()?.recordingURL == nil)
            Self.expectInert(try await op.get("/quan-tri/cuoc-goi").body.string, "/quan-tri/cuoc-goi")

            // Admin: a plain value with the payload is stored and shown inside the input, escaped.
            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            _ = try await admin.get("/quan-tri/kenh-ket-noi")
            _ = try await admin.post("/quan-tri/kenh-ket-noi/ESMS_BRANDNAME", [("value", "1022" + Self.payload)])
            Self.expectInert(try await admin.get("/quan-tri/kenh-ket-noi").body.string, "/quan-tri/kenh-ket-noi")
        }
    }
}
