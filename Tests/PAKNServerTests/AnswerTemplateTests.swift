import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import VaporTesting

/// Answer templates (issue 14): managed by admins, coordinators and agency leaders (their own agency's), offered in
/// the answer form of the cases of their field and agency, put in the answer box with the case's values.
@Suite("Answer templates")
struct AnswerTemplateTests {
    @Test("a leader adds a template for the agency; the officer picks it and finds the case's values in the answer box",
          arguments: TestDatabase.available)
    func pickAndFill(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, other) = try await WorkflowFlowTests.staff(on: app)
            let record = try await O311.makeCase(app, content: "Ổ gà sâu ở ngã tư, xe máy dễ ngã.")
            try await O311.forward(app, record, to: agency)
            try await O311.move(app, record, .accept, O311.officer(agency.id!))

            // As a browser does: the form page, then its POST.
            func add(_ browser: Browser, _ fields: [(String, String)]) async throws -> BrowserResponse {
                try await browser.get("/quan-tri/mau-tra-loi")
                return try await browser.post("/quan-tri/mau-tra-loi", fields)
            }
            func toggle(_ browser: Browser, _ id: UUID) async throws -> BrowserResponse {
                try await browser.get("/quan-tri/mau-tra-loi")
                return try await browser.post("/quan-tri/mau-tra-loi/\(id.uuidString.lowercased())/bat-tat", [])
            }
            let leader = Browser(app)
            try await leader.login("le@t.vn", TestApp.demoPassword)
            // An unknown placeholder is refused, with the ones that exist.
            let typo = try await add(leader, [("title", "Đã sửa"), ("body", "Phản ánh {ma_so} đã xử lý."), ("serviceCode", "")])
            #expect(typo.status == .unprocessableEntity && typo.body.string.contains("{ma_so}"))
            #expect(typo.body.string.contains("value=\"Đã sửa\""), "the form keeps what was typed")
            #expect(try await add(leader, [
                ("title", "Đã sửa xong"), ("body", "Phản ánh {ma} đã được {co_quan} xử lý xong, hạn {han}."), ("serviceCode", "su_co_duong"),
                // A leader's template is always their agency's, whatever the form says.
                ("agencyID", other.id!.uuidString)]).status == .seeOther)
            let template = try #require(try await AnswerTemplate.query(on: app.db).first())
            #expect(template.agencyID == agency.id && template.serviceCode == "su_co_duong")
            // Another agency's template, and one for another field: not offered for this case.
            let coordinator = Browser(app)
            try await coordinator.login("co@t.vn", TestApp.demoPassword)
            #expect(try await add(coordinator, [("title", "Mẫu Sở Y tế"), ("body", "Sở Y tế trả lời {ma}."),
                                                                         ("agencyID", other.id!.uuidString)]).status == .seeOther)
            #expect(try await add(coordinator, [("title", "Mẫu cây xanh"), ("body", "Đã cắt tỉa cây."),
                                                                         ("serviceCode", "cay_do")]).status == .seeOther)
            let foreign = try #require(try await AnswerTemplate.query(on: app.db).filter(\.$title == "Mẫu Sở Y tế").first())

            let officer = Browser(app)
            try await officer.login("of@t.vn", TestApp.demoPassword)
            let page = "/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())"
            let form = try await officer.get(page).body.string
            #expect(form.contains("Đã sửa xong") && !form.contains("Mẫu Sở Y tế") && !form.contains("Mẫu cây xanh"))
            let filled = try await officer.get("\(page)?mau=\(template.id!.uuidString.lowercased())").body.string
            let code = TrackingCode(digits: record.trackingCode)!.formatted
            let fresh = try #require(try await ServiceRequestRecord.find(record.id, on: app.db))
            #expect(filled.contains("Phản ánh \(code) đã được Sở Xây dựng xử lý xong, hạn \(Layout.date(fresh.dueAt))."))
            // A template not offered for this case is ignored.
            #expect(!(try await officer.get("\(page)?mau=\(foreign.id!.uuidString.lowercased())").body.string.contains("Sở Y tế trả lời")))
            // Officers do not manage templates; a leader cannot switch another agency's off.
            #expect(try await officer.get("/quan-tri/mau-tra-loi").status == .forbidden)
            #expect(try await toggle(leader, foreign.id!).status == .notFound)
            #expect(try await toggle(leader, template.id!).status == .seeOther)
            #expect(!(try await officer.get(page).body.string.contains("Đã sửa xong")), "switched off: no longer offered")
        }
    }
}
