import Fluent
import Foundation
import Plot
import Vapor

/// `/quan-tri/nhat-ky`: the audit of access and administration for admins (Luật 91/2025/QH15): filter by kind,
/// person and day (Asia/Ho_Chi_Minh), newest first, 50 a page, paged by the last entry shown (a cursor: the same
/// cost on every page). Read-only: nothing here changes an entry, and the database would refuse it.
enum AuditAdminController {
    static func register(_ admin: any RoutesBuilder) {
        admin.get(SiteURL.adminAudit, use: page)
        admin.get(SiteURL.adminAuditExport(.key), use: ExportController.audit)
    }

    static let pageSize = 50

    struct Filter: Content {
        var action: String?
        var actor: String?
        var from: String?
        var to: String?
        /// The cursor: "<milliseconds since 1970>_<uuid>" of the last entry of the previous page.
        var before: String?
    }

    /// The filter as the audit's query takes it: days (Asia/Ho_Chi_Minh) to instants, the "to" day included.
    static func criteria(_ filter: Filter) -> (action: AuditAction?, actor: String?, from: Date?, to: Date?) {
        let day = Statistics.dayFormatter
        return (filter.action.flatMap(AuditAction.init(rawValue:)),
                filter.actor.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.flatMap { $0.isEmpty ? nil : $0 },
                filter.from.flatMap(day.date(from:)), filter.to.flatMap(day.date(from:)).map { $0.addingTimeInterval(86_400) })
    }

    static func page(_ req: Request) async throws -> Response {
        let filter = try req.query.decode(Filter.self)
        let criteria = criteria(filter)
        let rows = try await AuditLog.entries(action: criteria.action, actor: criteria.actor, from: criteria.from, to: criteria.to,
                                              before: filter.before.flatMap(AuditLog.Cursor.init), limit: pageSize + 1, on: req.db)
        let shown = Array(rows.prefix(pageSize))
        var next: String?
        if rows.count > pageSize, let last = shown.last, let id = last.id {
            var items = URLComponents()
            items.queryItems = [("action", filter.action), ("actor", filter.actor), ("from", filter.from), ("to", filter.to)]
                .compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
                + [URLQueryItem(name: "before", value: AuditLog.Cursor(at: last.occurredAt, id: id).description)]
            next = SiteURL.adminAudit.path + "?" + (items.percentEncodedQuery ?? "")
        }
        return Layout.response(Layout.render(title: "Nhật ký truy cập và quản trị", for: req, body: .div(
            .h1(.text("Nhật ký truy cập và quản trị")),
            .p(.class("muted"), .text("Ai, lúc nào, làm gì, từ đâu: mỗi lần xem thông tin liên hệ của người gửi, mỗi thay đổi quản trị, mỗi lần công khai trả lời. Nhật ký chỉ được ghi thêm, không sửa, không xoá.")),
            .form(.class("card"), .method(.get), .action(SiteURL.adminAudit.path),
                FormFields.select("action", label: "Loại", options: AuditAction.allCases.map { ($0.rawValue, $0.label) },
                                  selected: filter.action, emptyLabel: "Tất cả"),
                FormFields.text("actor", label: "Email cán bộ", value: filter.actor, type: .email),
                FormFields.text("from", label: "Từ ngày", value: filter.from, type: .date),
                FormFields.text("to", label: "Đến ngày", value: filter.to, type: .date),
                .button(.type(.submit), .text("Lọc"))),
            .p(.class("muted"), .id("audit-downloads"), .text("Tải về theo bộ lọc này: "),
               .a(.href(QueuePage.filtersLink(req, to: SiteURL.adminAuditExport("csv").path, replacing: ["before"])), .text("CSV")), .text(" · "),
               .a(.href(QueuePage.filtersLink(req, to: SiteURL.adminAuditExport("xlsx").path, replacing: ["before"])), .text("Excel (XLSX)"))),
            .if(shown.isEmpty, .p(.class("muted"), .text("Không có mục nào."))),
            .table(.id("audit"),
                .tr(.th("Thời gian"), .th("Người"), .th("Từ địa chỉ"), .th("Loại"), .th("Thao tác"), .th("Đối tượng"), .th("Trường gửi"), .th("Kết quả")),
                .forEach(shown) { entry in
                    .tr(.td(.text(Layout.date(entry.occurredAt))), .td(.text(entry.actor)), .td(.text(entry.clientAddress)),
                        .td(.text(entry.action.label)), .td(.code(.text(entry.route))), .td(.text(entry.subject ?? "—")),
                        .td(.text(entry.fields.isEmpty ? "—" : entry.fields)),
                        .td(.text(entry.status < 400 ? "Thực hiện (\(entry.status))" : "Bị từ chối (\(entry.status))")))
                }),
            .unwrap(next) { .p(.a(.href($0), .attribute(named: "rel", value: "next"), .text("Trang sau →"))) }
        )))
    }
}
