import Fluent
import Foundation
import PAKNDomain
import Vapor

/// Downloads of the back office's lists (issue 13, exports): `/quan-tri/xuat?dinh-dang=csv|xlsx` with the queue's
/// filters gives the queue the staff member sees (scoped in the query, as on the page), titles masked as the page
/// masks them; `/quan-tri/thong-ke/xuat?dinh-dang=…` gives the statistics tables of the chosen period and scope.
/// No contact details are exported. Every download is recorded in the audit (who, which list, which filters).
enum ExportController {
    /// The most rows one download holds (a province's year is tens of thousands; the file says when it is cut).
    static let maximumRows = 50_000
    /// Rows read per query while building a download.
    static let batch = 1_000

    static func format(_ req: Request) throws -> TableExport.Format {
        guard let raw = try? req.query.get(String.self, at: "dinh-dang"), let format = TableExport.Format(rawValue: raw) else {
            throw AppError(.badRequest, "bad_request", "Định dạng tải về không hợp lệ (csv hoặc xlsx).")
        }
        return format
    }

    static func queue(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let format = try format(req)
        let filter = try req.query.decode(QueueQuery.Filter.self)
        let services = try await ReferenceQueries.serviceNames(on: req.db)
        let communes = try await ReferenceQueries.communeNames(on: req.db)
        let agencies = try await ReferenceQueries.agencyNames(on: req.db)
        var table = TableExport.Table(name: "Phản ánh", header: ["Mã tra cứu", "Tiêu đề", "Trạng thái", "Mức độ", "Lĩnh vực", "Xã, phường",
                                                                  "Kênh", "Cơ quan chủ trì", "Tiếp nhận", "Hạn xử lý"], rows: [])
        var page = 1, total = 0
        while table.rows.count < maximumRows {
            let result = try await QueueQuery.run(filter, paging: Paging(page: page, size: batch), acting: acting, on: req.db)
            total = result.total
            try await Publication.maskHiddenTitles(result.items, for: acting.role, on: req.db)
            for r in result.items.prefix(maximumRows - table.rows.count) {
                table.rows.append([TrackingCode(digits: r.trackingCode)?.formatted ?? r.trackingCode, r.title, r.status.label,
                                   r.urgency?.vietnameseName ?? "", r.serviceCode.flatMap { services[$0] } ?? "Chưa phân loại",
                                   r.communeCode.flatMap { communes[$0] } ?? "", r.channel.label,
                                   r.leadAgencyID.flatMap { agencies[$0] } ?? "", Layout.date(r.receivedAt), Layout.date(r.dueAt)])
            }
            if result.items.count < batch || page >= Paging.maximumPage { break }
            page += 1
        }
        if total > table.rows.count {
            table.rows.append(["Danh sách có \(total) phản ánh; tệp này chỉ gồm \(table.rows.count) phản ánh đầu. Hãy lọc hẹp hơn."]
                              + Array(repeating: "", count: table.header.count - 1))
        }
        try await AuditLog.write(.export, request: req, route: SiteURL.queueExport(format.rawValue).path, subject: nil,
                                 fields: filterNames(req), status: .ok)
        return try TableExport.response(table, format: format, filename: "phan-anh-\(Statistics.dayFormatter.string(from: Date()))")
    }

    static func statistics(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let format = try format(req)
        let scope = try Statistics.Scope.of(acting, asked: try? req.query.get(String.self, at: "co-quan"))
        let (from, to, fromText, toText) = try DashboardController.period(req)
        let report = try await Statistics.report(from: from, to: to, scope: scope, on: req.db)
        var table = TableExport.Table(name: "Thống kê", header: ["Bảng", "Mục", "Số lượng", "Đã trả lời", "Đúng hạn", "Trễ hạn",
                                                                   "Đang quá hạn", "TB ngày làm việc", "90% trả lời trong (ngày làm việc)"], rows: [])
        table.rows.append(["Phạm vi", report.scope, "", "", "", "", "", "", ""])
        table.rows.append(["Kỳ", "\(fromText) – \(toText)", "\(report.total)", "", "", "", "\(report.overdue)", "", ""])
        for (title, rows) in [("Trạng thái", report.byStatus), ("Cơ quan chủ trì", report.byAgency), ("Lĩnh vực", report.byService),
                              ("Kênh tiếp nhận", report.byChannel), ("Xã, phường", report.byCommune), ("Mức độ", report.byUrgency)] {
            for row in rows { table.rows.append([title, row.label, "\(row.count)", "", "", "", "", "", ""]) }
        }
        func days(_ value: Double?) -> String { value.map(Layout.decimal) ?? "" }
        for (title, rows) in [("Đúng hạn theo cơ quan", report.performanceByAgency), ("Đúng hạn theo lĩnh vực", report.performanceByService)] {
            for r in rows {
                table.rows.append([title, r.label, "", "\(r.answered)", "\(r.onTime)", "\(r.late)", "\(r.overdueNow)",
                                   days(r.averageWorkingDays), days(r.p90WorkingDays)])
            }
        }
        try await AuditLog.write(.export, request: req, route: SiteURL.dashboardExport(format.rawValue).path, subject: scope.agencyID?.uuidString,
                                 fields: filterNames(req), status: .ok)
        return try TableExport.response(table, format: format, filename: "thong-ke-\(fromText)-\(toText)")
    }

    /// The names of the filters given (never their values: a search text may hold a name).
    static func filterNames(_ req: Request) -> [String] {
        (req.url.query ?? "").split(separator: "&").compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) }
            .filter { !$0.isEmpty }.sorted()
    }
}
