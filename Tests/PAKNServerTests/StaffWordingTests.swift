import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import VaporTesting

/// The back office speaks Vietnamese too (issue 14, "Words"): no program identifier, no configuration variable and
/// no English legal shorthand ("art. 112", "UNVERIFIED", "working days") on the pages staff use every day. The
/// admin's channel page names the environment variables on purpose (it is where IT staff set them) and is left out.
@Suite("Back-office wording")
struct StaffWordingTests {
    static let english = ["PAKN_", "UNVERIFIED", "art. ", "working day", "working hour", "Swap decided", "Public sector", "domain.md"]

    @Test("operators', officers' and the admin's daily pages show no identifier, configuration variable or English shorthand",
          arguments: TestDatabase.available)
    func staffPagesSpeakVietnamese(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, _) = try await WorkflowFlowTests.staff(on: app)
            let record = try await O311.makeCase(app, content: "Ổ gà sâu trước nhà số 12, xe máy dễ ngã.")
            let forwarded = try await O311.makeCase(app, content: "Đèn đường ở ngã tư không sáng.")
            try await O311.forward(app, forwarded, to: agency)
            // Names of things, not identifiers: the iCalendar format, Hà Nội's iHanoi system, and the fields' codes
            // (Open311 service_code), which the admin's field list shows so partners can be told them.
            let allowed = Set(["iCalendar", "iHanoi"] + ServiceCatalogue.entries.map(\.code))
            func check(_ browser: Browser, _ pages: [String], who: String) async throws {
                for page in pages {
                    let response = try await browser.get(page)
                    #expect(response.status == .ok, "\(who) \(page)")
                    // The test users are named after their roles ("Cán bộ agencyOfficer"): their names are not the page's words.
                    var text = PublicWordingTests.visibleText(response.body.string)
                    for role in Role.allCases { text = text.replacingOccurrences(of: "Cán bộ \(role.rawValue)", with: "") }
                    let identifiers = PublicWordingTests.identifiers(in: text).filter { !allowed.contains($0) }
                    #expect(identifiers.isEmpty, "\(who) \(page) shows \(identifiers)")
                    let found = Self.english.filter { text.contains($0) }
                    #expect(found.isEmpty, "\(who) \(page) shows \(found)")
                }
            }
            let operatorBrowser = Browser(app)
            try await operatorBrowser.login("op@t.vn", TestApp.demoPassword)
            try await check(operatorBrowser, ["/quan-tri", "/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())", "/quan-tri/tiep-nhan",
                                              "/quan-tri/kenh", "/quan-tri/cuoc-goi", "/quan-tri/goi-lai", "/quan-tri/kien-thuc",
                                              "/quan-tri/tai-khoan", "/quan-tri/thong-bao", "/quan-tri/thong-ke", "/quan-tri/ban-do",
                                              "/huong-dan/tong-dai-vien"], who: "operator")
            let officer = Browser(app)
            try await officer.login("of@t.vn", TestApp.demoPassword)
            try await check(officer, ["/quan-tri", "/quan-tri?mine=1", "/quan-tri/phan-anh/\(forwarded.id!.uuidString.lowercased())",
                                      "/quan-tri/tai-khoan", "/quan-tri/thong-bao"], who: "officer")
            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            try await check(admin, ["/quan-tri/lich", "/quan-tri/lich/2025", "/quan-tri/lich/2026", "/quan-tri/thoi-han", "/quan-tri/co-quan",
                                    "/quan-tri/nguoi-dung", "/quan-tri/linh-vuc", "/quan-tri/quy-tac", "/quan-tri/khoa-api",
                                    "/quan-tri/nhat-ky", "/quan-tri/chan-so"], who: "admin")
            // A draft year made from the rules of the Labour Code says so in Vietnamese.
            try await admin.get("/quan-tri/lich")
            #expect(try await admin.post("/quan-tri/lich/2028/tao-tu-quy-tac", []).status == .seeOther)
            try await check(admin, ["/quan-tri/lich/2028"], who: "admin")
        }
    }
}
