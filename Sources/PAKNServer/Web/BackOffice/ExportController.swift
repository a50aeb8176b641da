import Fluent
import Foundation
import PAKNDomain
import Vapor

/// Downloads of the back office's lists (issue 13, exports): `/quan-tri/xuat?dinh-dang=csv|xlsx` with the queue's
/// filters gives the queue the staff member sees (scoped in the query, as on the page), titles masked as the page
/// masks them; `/quan-tri/thong-ke/xuat?dinh-dang=…` gives the statistics tables of the chosen period and scope;
/// `/quan-tri/nhat-ky/xuat?dinh-dang=…` the audit with its filters (admins). No contact details are exported.
/// Every download is recorded in the audit (who, which list, which filters).
///
/// Lists are read in keyset batches and written to a temporary file as they come (`TableExport.Writer`), so a
/// download of a million rows keeps the server's memory flat; the file is streamed and then deleted.
enum ExportController {
    /// Rows read per query while building a download.
    static let batch = 1_000

    static func format(_ req: Request) throws -> TableExport.Format {
        guard let raw = try? req.query.get(String.self, at: "dinh-dang"), let format = TableExport.Format(rawValue: raw) else {
            throw AppError(.badRequest, "bad_request", "Định dạng tải về không hợp lệ (csv hoặc xlsx).")
        }
        return format
    }

    static let queueColumns: [TableExport.Column] = [
        .init(name: "Mã tra cứu", width: 14), .init(name: "Tiêu đề", width: 60), .init(name: "Trạng thái", width: 22),
        .init(name: "Mức độ", width: 10), .init(name: "Lĩnh vực", width: 30), .init(name: "Xã, phường", width: 24),
        .init(name: "Kênh", width: 14), .init(name: "Cơ quan chủ trì", width: 30), .init(name: "Tiếp nhận", width: 17),
        .init(name: "Hạn xử lý", width: 17),
    ]

    static func queue(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let format = try format(req)
        let filter = try req.query.decode(QueueQuery.Filter.self)
        let writer = try TableExport.Writer(format: format, name: "Phản ánh", columns: queueColumns)
        do {
            try await writeQueue(filter, acting: acting, to: writer, on: req.db)
        } catch {
            writer.discard()
            throw error
        }
        try await AuditLog.write(.export, request: req, route: SiteURL.queueExport(format.rawValue).path, subject: nil,
                                 fields: filterNames(req), status: .ok)
        return try await TableExport.response(req, writer, filename: "phan-anh-\(Statistics.dayFormatter.string(from: Date()))")
    }

    /// Writes the queue `acting` sees with `filter` to `writer`, in the queue's own order (urgent first, newest
    /// first), `batch` rows at a time from the last row written (keyset), titles masked as on the page; at most
    /// `limit` rows, then a last row saying the list was cut. Throws `AppError` 400 for a bad filter.
    static func writeQueue(_ filter: QueueQuery.Filter, acting: Acting, to writer: TableExport.Writer, batch: Int = batch,
                           limit: Int = TableExport.maximumRows, on db: Database) async throws {
        let query = try QueueQuery.filtered(filter, acting: acting, on: db)
        let services = try await ReferenceQueries.serviceNames(on: db)
        let communes = try await ReferenceQueries.communeNames(on: db)
        let agencies = try await ReferenceQueries.agencyNames(on: db)
        var position = Keyset.Position.first
        while true {
            let slice = try await query.copy().keysetPage(position, size: batch, rank: QueueQuery.keysetRank, time: "received_at", logger: db.logger)
            try await Publication.maskHiddenTitles(slice.rows, for: acting.role, on: db)
            let room = limit - writer.rowCount
            try writer.write(slice.rows.prefix(room).map { r in
                [.text(TrackingCode(digits: r.trackingCode)?.formatted ?? r.trackingCode), .text(r.title), .text(r.status.label),
                 .text(r.urgency?.vietnameseName ?? ""), .text(r.serviceCode.flatMap { services[$0] } ?? "Chưa phân loại"),
                 .text(r.communeCode.flatMap { communes[$0] } ?? ""), .text(r.channel.label),
                 .text(r.leadAgencyID.flatMap { agencies[$0] } ?? ""), .date(r.receivedAt), r.dueAt.map(TableExport.Cell.date) ?? .empty]
            })
            if slice.rows.count > room || (writer.rowCount >= limit && slice.next != nil) {
                try writer.write([[.text("Danh sách dài hơn \(limit) phản ánh; tệp này chỉ gồm \(limit) phản ánh đầu. Hãy lọc hẹp hơn.")]
                                  + Array(repeating: .empty, count: queueColumns.count - 1)])
                return
            }
            guard let next = slice.next else { return }
            position = .after(next)
        }
    }

    static func statistics(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let format = try format(req)
        let scope = try Statistics.Scope.of(acting, asked: try? req.query.get(String.self, at: "co-quan"))
        let (from, to, fromText, toText) = try DashboardController.period(req)
        let report = try await Statistics.report(from: from, to: to, scope: scope, on: req.db)
        var table = TableExport.Table(name: "Thống kê", columns: [
            .init(name: "Bảng", width: 24), .init(name: "Mục", width: 36), .init(name: "Số lượng", width: 10), .init(name: "Đã trả lời", width: 10),
            .init(name: "Đúng hạn", width: 10), .init(name: "Trễ hạn", width: 10), .init(name: "Đang quá hạn", width: 12),
            .init(name: "TB ngày làm việc", width: 14), .init(name: "90% trả lời trong (ngày làm việc)", width: 18),
        ], rows: [])
        let blank = [TableExport.Cell](repeating: .empty, count: 6)
        table.rows.append([.text("Phạm vi"), .text(report.scope), .empty] + blank)
        table.rows.append([.text("Kỳ"), .text("\(fromText) – \(toText)"), .integer(report.total), .empty, .empty, .empty, .integer(report.overdue), .empty, .empty])
        for (title, rows) in [("Trạng thái", report.byStatus), ("Cơ quan chủ trì", report.byAgency), ("Lĩnh vực", report.byService),
                              ("Kênh tiếp nhận", report.byChannel), ("Xã, phường", report.byCommune), ("Mức độ", report.byUrgency)] {
            for row in rows { table.rows.append([.text(title), .text(row.label), .integer(row.count)] + blank) }
        }
        func days(_ value: Double?) -> TableExport.Cell { value.map(TableExport.Cell.number) ?? .empty }
        for (title, rows) in [("Đúng hạn theo cơ quan", report.performanceByAgency), ("Đúng hạn theo lĩnh vực", report.performanceByService),
                              ("Đúng hạn theo kênh", report.performanceByChannel), ("Đúng hạn theo xã, phường", report.performanceByCommune),
                              ("Đúng hạn theo mức độ", report.performanceByUrgency)] {
            for r in rows {
                table.rows.append([.text(title), .text(r.label), .empty, .integer(r.answered), .integer(r.onTime), .integer(r.late),
                                   .integer(r.overdueNow), days(r.averageWorkingDays), days(r.p90WorkingDays)])
            }
        }
        try await AuditLog.write(.export, request: req, route: SiteURL.dashboardExport(format.rawValue).path, subject: scope.agencyID?.uuidString,
                                 fields: filterNames(req), status: .ok)
        return try await TableExport.response(req, table, format: format, filename: "thong-ke-\(fromText)-\(toText)")
    }

    /// The audit with the page's filters (`AuditAdminController.Filter`), newest first, every entry (no cursor).
    static func audit(_ req: Request) async throws -> Response {
        let format = try format(req)
        let filter = try req.query.decode(AuditAdminController.Filter.self)
        let criteria = AuditAdminController.criteria(filter)
        let writer = try TableExport.Writer(format: format, name: "Nhật ký", columns: [
            .init(name: "Thời gian", width: 17), .init(name: "Người", width: 28), .init(name: "Từ địa chỉ", width: 16), .init(name: "Loại", width: 22),
            .init(name: "Thao tác", width: 40), .init(name: "Đối tượng", width: 38), .init(name: "Trường gửi", width: 30), .init(name: "Mã kết quả", width: 10),
        ])
        do {
            var before: AuditLog.Cursor?
            while true {
                // One row more than there is room for tells whether the list goes on past a sheet's limit.
                let room = TableExport.maximumRows - writer.rowCount
                let entries = try await AuditLog.entries(action: criteria.action, actor: criteria.actor, from: criteria.from, to: criteria.to,
                                                         before: before, limit: min(batch, room + 1), on: req.db)
                try writer.write(entries.prefix(room).map { e in
                    [.date(e.occurredAt), .text(e.actor), .text(e.clientAddress), .text(e.action.label), .text(e.route),
                     .text(e.subject ?? ""), .text(e.fields), .integer(e.status)]
                })
                if entries.count > room {
                    try writer.write([[.text("Nhật ký dài hơn \(TableExport.maximumRows) mục; tệp này chỉ gồm \(TableExport.maximumRows) mục mới nhất. Hãy lọc hẹp hơn.")]
                                      + Array(repeating: .empty, count: 7)])
                    break
                }
                guard entries.count == min(batch, room + 1), let last = entries.last, let id = last.id else { break }
                before = AuditLog.Cursor(at: last.occurredAt, id: id)
            }
        } catch {
            writer.discard()
            throw error
        }
        try await AuditLog.write(.export, request: req, route: SiteURL.adminAuditExport(format.rawValue).path, subject: nil,
                                 fields: filterNames(req), status: .ok)
        return try await TableExport.response(req, writer, filename: "nhat-ky-\(Statistics.dayFormatter.string(from: Date()))")
    }

    /// The names of the filters given (never their values: a search text may hold a name).
    static func filterNames(_ req: Request) -> [String] {
        (req.url.query ?? "").split(separator: "&").compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) }
            .filter { !$0.isEmpty }.sorted()
    }
}
