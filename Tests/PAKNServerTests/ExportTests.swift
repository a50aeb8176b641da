import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import VaporTesting

/// Downloads of the lists as CSV and XLSX (issue 13): the file format by its specifications, the rows each role
/// may see, masking, formula neutralising, and the audit of every download. The XLSX file is also opened with
/// openpyxl in the browser suite (tests/browser/test_exports.py).
@Suite("Exports: CSV and XLSX")
struct ExportTests {
    @Test("CSV is RFC 4180 in UTF-8 with a byte-order mark; a cell that would start a formula gets an apostrophe")
    func csvFormat() throws {
        let table = TableExport.Table(name: "t", header: ["Mã", "Tiêu đề"],
                                      rows: [["1", "Đường Lê Lợi, đoạn 2"], ["2", "Nói \"gấp\"\nhai dòng"], ["3", "=HYPERLINK(\"x\")"], ["4", "-5"]])
        let data = try TableExport.csv(table)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        // RFC 4180 §2: a field with a comma, quote or line break is quoted, and a quote inside is doubled.
        #expect(text.hasPrefix("Mã,Tiêu đề\r\n") || text.hasPrefix("Mã,Tiêu đề\n"))
        #expect(text.contains("1,\"Đường Lê Lợi, đoạn 2\""))
        #expect(text.contains("2,\"Nói \"\"gấp\"\"\nhai dòng\""))
        #expect(text.contains("3,\"'=HYPERLINK(\"\"x\"\")\""))
        #expect(text.contains("4,'-5"))
    }

    @Test("XLSX column names and sheet names follow the spreadsheet's rules")
    func xlsxNames() throws {
        #expect([0, 25, 26, 51, 52, 701, 702].map(TableExport.columnName) == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"])
        #expect(TableExport.sheetName("Phản ánh [2026]: tháng 1/2") == "Phản ánh 2026 tháng 12")
        #expect(TableExport.sheetName(String(repeating: "x", count: 40)).count == 31)
        // A ZIP archive (local file header "PK\u{3}\u{4}") holding the sheet with an inline string.
        let data = try TableExport.xlsx(TableExport.Table(name: "Phản ánh", header: ["Mã"], rows: [["Đường"]]))
        #expect(Array(data.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
    }

    @Test("the queue download holds what the staff member's queue holds, masked as on the page, and is audited",
          arguments: TestDatabase.available)
    func queueDownload(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, other) = try await WorkflowFlowTests.staff(on: app)
            let ours = try await StatisticsTests.submit(app, commune: "Phường Quy Nhơn", name: "Trần Văn Nam", phone: "0905 111 220")
            try await O311.forward(app, ours, to: agency)
            let theirs = try await StatisticsTests.submit(app, commune: "Phường Quy Nhơn", name: "Lê Thị Thu", phone: "0905 333 444")
            try await O311.forward(app, theirs, to: other)
            let code = { (r: ServiceRequestRecord) in TrackingCode(digits: r.trackingCode)!.formatted }

            let officer = Browser(app)
            try await officer.login("of@t.vn", TestApp.demoPassword)
            let queue = try await officer.get("/quan-tri?status=all").body.string
            #expect(queue.contains(#"href="/quan-tri/xuat?dinh-dang=csv&amp;status=all""#))
            let csv = try await officer.get("/quan-tri/xuat?dinh-dang=csv&status=all")
            #expect(csv.status == .ok)
            #expect(csv.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=\"phan-anh-") == true)
            let text = csv.body.string
            #expect(text.contains(code(ours)) && !text.contains(code(theirs)))
            #expect(!text.contains("0905") && !text.contains("Trần Văn Nam"), "no contact details")
            let xlsx = try await officer.get("/quan-tri/xuat?dinh-dang=xlsx&status=all")
            #expect(xlsx.status == .ok && xlsx.headers.contentType?.subType == "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(try await officer.get("/quan-tri/xuat?dinh-dang=pdf").status == .badRequest)
            #expect(try await Browser(app).get("/quan-tri/xuat?dinh-dang=csv").status != .ok, "not for visitors")

            // The coordinator's download has both; the statistics download has the agency table.
            let coordinator = Browser(app)
            try await coordinator.login("co@t.vn", TestApp.demoPassword)
            let all = try await coordinator.get("/quan-tri/xuat?dinh-dang=csv&status=all").body.string
            #expect(all.contains(code(ours)) && all.contains(code(theirs)))
            let stats = try await coordinator.get("/quan-tri/thong-ke/xuat?dinh-dang=csv").body.string
            #expect(stats.contains("Cơ quan chủ trì,Sở Xây dựng,1") && stats.contains("Cơ quan chủ trì,Sở Y tế,1"))
            #expect(try await officer.get("/quan-tri/thong-ke/xuat?dinh-dang=csv&co-quan=\(other.id!.uuidString)").status == .forbidden)

            // Every download is in the audit, with the filters' names only.
            let entries = try await AuditEntry.query(on: app.db).all().filter { $0.action == .export }
            #expect(entries.count == 4)
            #expect(entries.contains { $0.fields.contains("status") })
        }
    }
}
