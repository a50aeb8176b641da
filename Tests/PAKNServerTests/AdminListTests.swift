import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import VaporTesting

/// Admin lists page and search (issue 14, "Paging everywhere": 568 routing rules were one page).
@Suite("Admin lists: pages and search")
struct AdminListTests {
    static func table(_ html: String) -> String {
        html.components(separatedBy: "<table id=\"rules\">").dropFirst().first?.components(separatedBy: "</table>").first ?? ""
    }

    static func rows(_ html: String) -> Int {
        table(html).components(separatedBy: "<tr>").count - 2 // minus the text before the first row and the header row
    }

    @Test("120 routing rules: pages of 50, 50 and 20 with links between them; a search without diacritics narrows them and keeps its words across pages",
          arguments: TestDatabase.available)
    func rulesPageAndSearch(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let roads = Agency(name: "Sở Xây dựng", kind: .department)
            try await roads.create(on: app.db)
            let health = Agency(name: "Sở Y tế", kind: .department)
            try await health.create(on: app.db)
            let communes = try await Commune.query(on: app.db).filter(\.$provinceCode == "52").sort(\.$id).limit(60).all()
            for commune in communes {
                try await RoutingRuleRecord(serviceCode: "su_co_duong", communeCode: commune.id, agencyID: roads.requireID()).create(on: app.db)
                try await RoutingRuleRecord(serviceCode: "y_te", communeCode: commune.id, agencyID: health.requireID()).create(on: app.db)
            }
            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            let first = try await admin.get("/quan-tri/quy-tac").body.string
            #expect(Self.rows(first) == 50 && first.contains("120 quy tắc"))
            #expect(first.contains("href=\"/quan-tri/quy-tac?trang=2\"") && !first.contains("rel=\"prev\""))
            #expect(Self.rows(try await admin.get("/quan-tri/quy-tac?trang=2").body.string) == 50)
            let last = try await admin.get("/quan-tri/quy-tac?trang=3").body.string
            #expect(Self.rows(last) == 20 && !last.contains("rel=\"next\"") && last.contains("href=\"/quan-tri/quy-tac?trang=2\""))
            // "so y te": the 60 rules of Sở Y tế, over two pages that keep the search.
            let searched = try await admin.get("/quan-tri/quy-tac?q=so+y+te").body.string
            #expect(searched.contains("60 quy tắc") && Self.rows(searched) == 50 && !Self.table(searched).contains("Sở Xây dựng"))
            #expect(searched.contains("href=\"/quan-tri/quy-tac?q=so+y+te&amp;trang=2\""))
            #expect(Self.rows(try await admin.get("/quan-tri/quy-tac?q=so+y+te&trang=2").body.string) == 10)
            // A commune's name, without diacritics.
            let name = try #require(communes.first?.fullName)
            let byCommune = try await admin.get("/quan-tri/quy-tac?q=\(VietnameseText.fold(name).replacingOccurrences(of: " ", with: "+"))").body.string
            #expect(Self.rows(byCommune) >= 2, "both rules of \(name)")
            #expect(try await admin.get("/quan-tri/quy-tac?trang=0").status == .badRequest)
            // The other admin lists search too.
            #expect(try await admin.get("/quan-tri/co-quan?q=y+te").body.string.contains("1 cơ quan"))
            #expect(try await admin.get("/quan-tri/linh-vuc?q=o+ga").body.string.contains("Đường hư hỏng – ổ gà"))
            #expect(try await admin.get("/quan-tri/nguoi-dung?q=quan+tri").body.string.contains(TestApp.adminEmail))
        }
    }
}
