import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import VaporTesting

/// `pakn import` (issue 15 item 11): the previous portal's export, CSV or XLSX, becomes requests here; former units
/// are mapped to the current communes, old codes stay searchable, every unreadable row is reported with its reason,
/// and a second run creates nothing.
@Suite("Archive import")
struct ArchiveImportTests {
    static let header = ["Mã hồ sơ", "Ngày tiếp nhận", "Ngày trả lời", "Kênh", "Lĩnh vực", "Xã, phường", "Địa chỉ", "Cơ quan xử lý",
                         "Trạng thái", "Tiêu đề", "Nội dung", "Nội dung trả lời"]
    static let rows: [[String]] = [
        // Answered, before the 2025 reform: the old ward, with its old city, is Phường Quy Nhơn today.
        ["QN-2023-000117", "14/03/2023 08:20", "20/03/2023 16:00", "Tổng đài 1022", "Chiếu sáng công cộng", "Phường Thị Nại, TP Quy Nhơn",
         "Đường Nguyễn Huệ", "Sở Xây dựng", "Đã trả lời", "Đèn đường không sáng", "Ba cột đèn trên đường Nguyễn Huệ không sáng.", "Đã thay bóng đèn ngày 18/3."],
        // Still open, by the current commune's name written without diacritics, and a field by its code.
        ["QN-2025-009001", "2025-09-02 10:00", "", "Website", "su_co_duong", "phuong quy nhon", "", "", "Đang xử lý", "",
         "Ổ gà sâu trước số 40 Lê Lợi.", ""],
        // Unreadable: a day that does not exist and an unknown channel.
        ["QN-2024-000500", "30/02/2024", "", "Bồ câu", "", "", "", "", "Đang xử lý", "Cống tắc", "Cống tắc.", ""],
        // Unknown agency.
        ["QN-2024-000501", "01/04/2024", "05/04/2024", "Zalo", "", "", "", "Sở Không Có", "Đã trả lời", "Rác", "Rác tồn đọng.", "Đã thu gom."],
        // Refused, in the old system.
        ["QN-2024-000502", "02/04/2024", "02/04/2024", "Thư điện tử", "", "", "", "", "Không thụ lý", "Quảng cáo", "Nội dung quảng cáo.", ""],
    ]

    static func check(_ report: ArchiveImport.Report, app: Application) async throws {
        #expect(report.created.map(\.sourceCode) == ["QN-2023-000117", "QN-2025-009001", "QN-2024-000502"])
        #expect(report.failed.map(\.line) == [4, 5])
        #expect(report.failed[0].problems == ["Ngày tiếp nhận \"30/02/2024\" không đọc được (dd/mm/yyyy [hh:mm]).", "Kênh \"Bồ câu\" không rõ."])
        #expect(report.failed[1].problems == ["Cơ quan \"Sở Không Có\" không có trong danh mục."])
        let quyNhon = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
        let answered = try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$trackingCode == report.created[0].trackingCode).first())
        #expect(answered.status == .closed && answered.communeCode == quyNhon && answered.serviceCode == "chieu_sang")
        #expect(answered.channel == .phone && answered.answer == "Đã thay bóng đèn ngày 18/3." && answered.publishedAt == nil)
        #expect(answered.receivedAt == ISO8601DateFormatter().date(from: "2023-03-14T01:20:00Z"))
        #expect(answered.closedAt == ISO8601DateFormatter().date(from: "2023-03-20T09:00:00Z"))
        let open = try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$trackingCode == report.created[1].trackingCode).first())
        #expect(open.status == .received && open.communeCode == quyNhon && open.serviceCode == "su_co_duong" && open.title == "Ổ gà sâu trước số 40 Lê Lợi.")
        let refused = try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$trackingCode == report.created[2].trackingCode).first())
        #expect(refused.status == .rejected && refused.channel == .email)
    }

    @Test("a CSV export: three requests made, two rows reported with why; the old code finds the case; a second run creates nothing",
          arguments: TestDatabase.available)
    func csv(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let roads = Agency(name: "Sở Xây dựng", kind: .department)
            try await roads.create(on: app.db)
            try await User(email: "co@t.vn", fullName: "Điều phối", passwordHash: try app.password.hash(TestApp.demoPassword), role: .coordinator).create(on: app.db)
            let table = TableExport.Table(name: "pakn", columns: Self.header.map { .init(name: $0) }, rows: Self.rows.map { $0.map(TableExport.Cell.text) })
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString).csv")
            try TableExport.data(table, format: .csv).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let rows = try ArchiveSheet.rows(of: file)
            #expect(rows.count == 6 && rows[0] == Self.header)
            // A dry run reads and checks everything and writes nothing.
            let dry = try await ArchiveImport.run(rows, sourceName: "xuat.csv", dryRun: true, config: app.paknConfiguration, on: app.db)
            #expect(dry.created.count == 3 && dry.failed.count == 2)
            #expect(try await ServiceRequestRecord.query(on: app.db).count() == 0)
            let report = try await ArchiveImport.run(rows, sourceName: "xuat.csv", config: app.paknConfiguration, on: app.db)
            try await Self.check(report, app: app)
            // Staff find a case by the code citizens still quote.
            let coordinator = Browser(app)
            try await coordinator.login("co@t.vn", TestApp.demoPassword)
            let found = try await coordinator.get("/quan-tri?status=all&q=QN-2023-000117").body.string
            #expect(found.contains(TrackingCode(digits: report.created[0].trackingCode)!.formatted))
            // Again: nothing new; the same two rows are reported.
            let again = try await ArchiveImport.run(rows, sourceName: "xuat.csv", config: app.paknConfiguration, on: app.db)
            #expect(again.created.isEmpty && again.existing.map(\.trackingCode) == report.created.map(\.trackingCode) && again.failed.count == 2)
            #expect(try await ServiceRequestRecord.query(on: app.db).count() == 3)
        }
    }

    @Test("an XLSX export gives the same requests; a file without the required columns is refused whole", arguments: TestDatabase.available)
    func xlsx(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            try await Agency(name: "Sở Xây dựng", kind: .department).create(on: app.db)
            // Dates as Excel writes them: typed day numbers.
            let cells: [[TableExport.Cell]] = Self.rows.map { row in
                row.enumerated().map { column, text in
                    if column == 1, let date = ArchiveDate.parse(text), text.contains("/") || text.contains("-"), !text.hasPrefix("30/02") { return .date(date) }
                    return .text(text)
                }
            }
            let table = TableExport.Table(name: "pakn", columns: Self.header.map { .init(name: $0) }, rows: cells)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString).xlsx")
            try TableExport.data(table, format: .xlsx).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let rows = try ArchiveSheet.rows(of: file)
            #expect(rows.count == 6 && rows[0] == Self.header)
            #expect(Double(rows[1][1]) != nil, "a typed date cell is its day number")
            try await Self.check(try await ArchiveImport.run(rows, sourceName: "xuat.xlsx", config: app.paknConfiguration, on: app.db), app: app)
            await #expect(throws: AppError.self) {
                _ = try await ArchiveImport.run([["STT", "Tiêu đề"], ["1", "x"]], sourceName: "sai.csv", config: app.paknConfiguration, on: app.db)
            }
        }
    }
}
