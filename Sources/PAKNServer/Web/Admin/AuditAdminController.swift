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

    static func page(_ req: Request) async throws -> Response {
        let filter = try req.query.decode(Filter.self)
        var query = AuditEntry.query(on: req.db)
        if let action = filter.action.flatMap(AuditAction.init(rawValue:)) { query = query.filter(\.$action == action) }
        if let actor = filter.actor.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }), !actor.isEmpty {
            query = query.filter(\.$actor == actor)
        }
        let day = DashboardController.dayFormatter
        if let from = filter.from.flatMap(day.date(from:)) { query = query.filter(\.$occurredAt >= from) }
        if let to = filter.to.flatMap(day.date(from:)) { query = query.filter(\.$occurredAt < to.addingTimeInterval(86_400)) }
        if let cursor = filter.before.flatMap(Cursor.init) {
            query = query.group(.or) { or in
                or.filter(\.$occurredAt < cursor.at)
                or.group(.and) { and in and.filter(\.$occurredAt == cursor.at).filter(\.$id < cursor.id) }
            }
        }
        let rows = try await query.sort(\.$occurredAt, .descending).sort(\.$id, .descending).limit(pageSize + 1).all()
        let shown = Array(rows.prefix(pageSize))
        var next: String?
        if rows.count > pageSize, let last = shown.last, let id = last.id {
            var items = URLComponents()
            items.queryItems = [("action", filter.action), ("actor", filter.actor), ("from", filter.from), ("to", filter.to)]
                .compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
                + [URLQueryItem(name: "before", value: Cursor(at: last.occurredAt, id: id).description)]
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

    /// A position in the list: an entry's time (to the millisecond) and id.
    struct Cursor: CustomStringConvertible {
        let at: Date
        let id: UUID

        /// `at` to the nearest millisecond: entries are written in whole milliseconds, and a value read back from
        /// the database may be a hair under (microseconds, binary fractions).
        init(at: Date, id: UUID) {
            self.at = Date(timeIntervalSince1970: (at.timeIntervalSince1970 * 1000).rounded() / 1000)
            self.id = id
        }

        init?(_ text: String) {
            let parts = text.split(separator: "_")
            guard parts.count == 2, let ms = Int64(parts[0]), ms >= 0, ms < 100_000_000_000_000,
                  let id = UUID(uuidString: String(parts[1])) else { return nil }
            self.init(at: Date(timeIntervalSince1970: Double(ms) / 1000), id: id)
        }

        var description: String { "\(Int64((at.timeIntervalSince1970 * 1000).rounded()))_\(id.uuidString.lowercased())" }
    }
}
