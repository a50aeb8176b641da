import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import VaporTesting
import ZIPFoundation

/// Downloads of the lists as CSV and XLSX (issue 13): the file format by its specifications, the rows each role
/// may see, masking, formula neutralising, and the audit of every download. The XLSX file is also opened with
/// openpyxl in the browser suite (tests/browser/test_exports.py).
@Suite("Exports: CSV and XLSX")
struct ExportTests {
    @Test("CSV is RFC 4180 in UTF-8 with a byte-order mark; a cell that would start a formula gets an apostrophe; numbers and dates as Vietnamese Excel reads them")
    func csvFormat() throws {
        let table = TableExport.Table(name: "t", columns: [.init(name: "Mã"), .init(name: "Tiêu đề")],
                                      rows: [[.integer(1), .text("Đường Lê Lợi, đoạn 2")], [.integer(2), .text("Nói \"gấp\"\nhai dòng")],
                                             [.integer(3), .text("=HYPERLINK(\"x\")")], [.integer(4), .text("-5")],
                                             [.number(2.5), .date(ISO8601DateFormatter().date(from: "2026-03-02T02:00:00Z")!)], [.empty, .integer(-5)]])
        let data = try TableExport.data(table, format: .csv)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        // RFC 4180 §2: a field with a comma, quote or line break is quoted, and a quote inside is doubled.
        #expect(text.hasPrefix("Mã,Tiêu đề\r\n") || text.hasPrefix("Mã,Tiêu đề\n"))
        #expect(text.contains("1,\"Đường Lê Lợi, đoạn 2\""))
        #expect(text.contains("2,\"Nói \"\"gấp\"\"\nhai dòng\""))
        #expect(text.contains("3,\"'=HYPERLINK(\"\"x\"\")\""))
        #expect(text.contains("4,'-5"))
        // 02:00 UTC is 09:00 in Hồ Chí Minh City; a decimal comma; a number is a number, not a formula.
        #expect(text.contains("\"2,5\",02/03/2026 09:00"))
        #expect(text.contains("\n,-5"))
    }

    @Test("XLSX: column and sheet names by the spreadsheet's rules; typed numbers and dates (serial days, +07:00), a bold header, column widths")
    func xlsxFormat() throws {
        #expect([0, 25, 26, 51, 52, 701, 702].map(TableExport.columnName) == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"])
        #expect(TableExport.sheetName("Phản ánh [2026]: tháng 1/2") == "Phản ánh 2026 tháng 12")
        #expect(TableExport.sheetName(String(repeating: "x", count: 40)).count == 31)
        // Excel's serial days: 1 January 2024 is 45292 (a value every spreadsheet shows), 2025 is 45658 (2024 has
        // 366 days), 2026 is 46023; 2 March 2026 is 46023 + 31 + 28 + 1 = 46083, and 09:00 is 0.375 of a day.
        let nine = ISO8601DateFormatter().date(from: "2026-03-02T09:00:00+07:00")!
        #expect(TableExport.serialDay(nine) == 46083.375)
        #expect(TableExport.serialDay(ISO8601DateFormatter().date(from: "2024-01-01T00:00:00+07:00")!) == 45292)
        let data = try TableExport.data(TableExport.Table(name: "Phản ánh", columns: [.init(name: "Mã", width: 14), .init(name: "Nhận", width: 17), .init(name: "Số", width: 8)],
                                                          rows: [[.text("Đường <1>"), .date(nine), .integer(7)], [.text("x"), .empty, .number(2.5)]]), format: .xlsx)
        // A ZIP archive (local file header "PK\u{3}\u{4}") with the parts of a workbook.
        #expect(Array(data.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
        let archive = try Archive(data: data, accessMode: .read)
        func part(_ path: String) throws -> String {
            let entry = try #require(archive[path], "\(path)")
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            return String(decoding: bytes, as: UTF8.self)
        }
        #expect(Set(archive.map(\.path)) == ["[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/workbook.xml",
                                              "xl/styles.xml", "xl/worksheets/sheet1.xml"])
        let sheet = try part("xl/worksheets/sheet1.xml")
        #expect(sheet.contains(#"<col min="1" max="1" width="14.0" customWidth="1"/>"#))
        #expect(sheet.contains(#"<row r="1"><c r="A1" t="inlineStr" s="2"><is><t xml:space="preserve">Mã</t></is></c>"#))
        #expect(sheet.contains(#"<c r="A2" t="inlineStr"><is><t xml:space="preserve">Đường &lt;1&gt;</t></is></c><c r="B2" s="1"><v>46083.375</v></c><c r="C2"><v>7</v></c></row>"#))
        #expect(sheet.contains(#"<row r="3"><c r="A3" t="inlineStr"><is><t xml:space="preserve">x</t></is></c><c r="C3"><v>2.5</v></c></row>"#))
        #expect(try part("xl/styles.xml").contains(#"<numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/>"#))
    }

    @Test("a download leaves nothing in the temporary folder, whether or not its body is read (HEAD, a client that leaves)")
    func noTemporaryFilesLeft() async throws {
        try await TestApp.with(.sqlite) { app in
            for format in TableExport.Format.allCases {
                let writer = try TableExport.Writer(format: format, name: "t", columns: [.init(name: "Mã")])
                try writer.write([[.text("1")], [.text("2")]])
                let request = Request(application: app, on: app.eventLoopGroup.next())
                let response = try await TableExport.response(request, writer, filename: "t")
                #expect(!FileManager.default.fileExists(atPath: writer.folder.path), "\(format): removed before the body is sent")
                #expect(response.body.count > 0 && response.headers.first(name: .contentDisposition) == "attachment; filename=\"t.\(format.rawValue)\"")
            }
        }
    }

    @Test("the queue download reads the whole list batch by batch in the queue's order, and says when it is cut",
          arguments: TestDatabase.available)
    func queueBatches(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            var codes: [String] = []
            for n in 0..<5 {
                let record = try await StatisticsTests.submit(app, commune: "Phường Quy Nhơn", name: "Trần Văn Nam", phone: "0905 111 22\(n)",
                                                              now: Date().addingTimeInterval(Double(n - 10) * 60))
                codes.insert(TrackingCode(digits: record.trackingCode)!.formatted, at: 0)   // newest first
            }
            let coordinator = Acting(userID: nil, actor: .staff(.coordinator), agencyID: nil, label: "Điều phối viên")
            func rows(batch: Int, limit: Int) async throws -> [[String]] {
                let writer = try TableExport.Writer(format: .csv, name: "t", columns: ExportController.queueColumns)
                defer { writer.discard() }
                try await ExportController.writeQueue(QueueQuery.Filter(status: "all"), acting: coordinator, to: writer, batch: batch, limit: limit, on: app.db)
                let text = String(decoding: try Data(contentsOf: try writer.finish()).dropFirst(3), as: UTF8.self)
                return text.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            }
            // Batches of 2: three queries, five rows, newest first (all are of the same urgency).
            #expect(try await rows(batch: 2, limit: 100).map(\.[0]) == codes)
            #expect(try await rows(batch: 5, limit: 100).map(\.[0]) == codes)
            // Cut at 3: three rows and the notice.
            let cut = try await rows(batch: 2, limit: 3)
            #expect(cut.prefix(3).map(\.[0]) == Array(codes.prefix(3)))
            #expect(cut.count == 4 && cut[3][0].hasPrefix("Danh sách dài hơn 3 phản ánh"))
            #expect(try await rows(batch: 2, limit: 5).count == 5, "exactly the limit: no notice")
        }
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

            // The audit downloads for the admin, with its filters, and is itself audited; nobody else gets it.
            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            #expect(try await admin.get("/quan-tri/nhat-ky").body.string.contains(#"href="/quan-tri/nhat-ky/xuat?dinh-dang=csv""#))
            let audit = try await admin.get("/quan-tri/nhat-ky/xuat?dinh-dang=csv&action=export")
            #expect(audit.status == .ok)
            let lines = audit.body.string.split(whereSeparator: \.isNewline)
            #expect(lines.count == 1 + 4, "the header and the four downloads above")
            #expect(lines.dropFirst().allSatisfy { $0.contains("/quan-tri/xuat") || $0.contains("/quan-tri/thong-ke/xuat") })
            #expect(try await admin.get("/quan-tri/nhat-ky/xuat?dinh-dang=xlsx").status == .ok)
            #expect(try await coordinator.get("/quan-tri/nhat-ky/xuat?dinh-dang=csv").status == .forbidden)
        }
    }
}
