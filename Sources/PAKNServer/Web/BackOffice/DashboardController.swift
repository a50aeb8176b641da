import Fluent
import Foundation
import PAKNDomain
import Plot
import Vapor

/// The leaders' first dashboard: counts by status, agency, field and channel for a chosen period.
enum DashboardController {
    nonisolated(unsafe) static let dayFormatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
        f.dateFormat = "yyyy-MM-dd"
        return f
    }()

    /// The period from the query (`tu`, `den`: yyyy-MM-dd, Asia/Ho_Chi_Minh, `den` inclusive); default: the last 90 days.
    static func period(_ req: Request) throws -> (Date, Date, String, String) {
        let now = Date()
        let fromText = (try? req.query.get(String.self, at: "tu")) ?? dayFormatter.string(from: now.addingTimeInterval(-89 * 86_400))
        let toText = (try? req.query.get(String.self, at: "den")) ?? dayFormatter.string(from: now)
        guard let from = dayFormatter.date(from: fromText), let to = dayFormatter.date(from: toText), from <= to else {
            throw AppError.invalid("Khoảng thời gian không hợp lệ (định dạng yyyy-mm-dd, từ ngày không sau đến ngày).")
        }
        return (from, to.addingTimeInterval(86_400), fromText, toText)
    }

    static func dashboard(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        guard acting.role != .complaintOfficer, acting.role?.isAgencyScoped == false else { throw AppError.forbidden() }
        let (from, to, fromText, toText) = try period(req)
        let report = try await Statistics.report(from: from, to: to, on: req.db)
        func table(_ title: String, _ id: String, _ rows: [Statistics.Row]) -> Node<HTML.BodyContext> {
            .div(.class("card"), .h2(.text(title)), .table(.id(id),
                .thead(.tr(.th(.text(title)), .th(.text("Số lượng")))),
                .tbody(.forEach(rows) { .tr(.td(.text($0.label)), .td(.text("\($0.count)"))) })))
        }
        func performance(_ title: String, _ id: String, _ rows: [Statistics.Performance]) -> Node<HTML.BodyContext> {
            .div(.class("card"), .h2(.text(title)), .div(.class("table-wrap"), .table(.id(id),
                .thead(.tr(.th(.text("")), .th(.text("Đã trả lời")), .th(.text("Đúng hạn")), .th(.text("Trễ hạn")),
                           .th(.text("Tỷ lệ đúng hạn")), .th(.text("Đúng hạn ban đầu")), .th(.text("Đang quá hạn")), .th(.text("TB giờ làm việc")))),
                .tbody(.forEach(rows) { r in
                    .tr(.td(.text(r.label)), .td(.text("\(r.answered)")), .td(.text("\(r.onTime)")), .td(.text("\(r.late)")),
                        .td(.text(r.onTimeRate.map { "\(Int(($0 * 100).rounded()))%" } ?? "—")), .td(.text("\(r.onTimeOriginal)")),
                        .td(.text("\(r.overdueNow)")), .td(.text(r.averageHandlingHours.map { String($0).replacingOccurrences(of: ".", with: ",") } ?? "—")))
                }))))
        }
        return Layout.response(Layout.render(title: "Thống kê", for: req, body: .div(
            .h1(.text("Thống kê phản ánh, kiến nghị")),
            .form(.method(.get), .action(SiteURL.dashboard.path), .class("card"),
                .div(.class("filters"),
                     .div(FormFields.text("tu", label: "Từ ngày", value: fromText, type: .date)),
                     .div(FormFields.text("den", label: "Đến ngày", value: toText, type: .date))),
                .button(.type(.submit), .text("Xem"))),
            .p(.id("total"), .text("Tổng số: \(report.total) · Đang quá hạn: \(report.overdue)")),
            table("Trạng thái", "by-status", report.byStatus),
            table("Cơ quan chủ trì", "by-agency", report.byAgency),
            table("Lĩnh vực", "by-service", report.byService),
            table("Kênh tiếp nhận", "by-channel", report.byChannel),
            performance("Đúng hạn theo cơ quan chủ trì", "performance-agency", report.performanceByAgency),
            performance("Đúng hạn theo lĩnh vực", "performance-service", report.performanceByService)
        )))
    }
}
