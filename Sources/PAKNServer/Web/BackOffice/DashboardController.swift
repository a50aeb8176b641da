import Fluent
import Foundation
import PAKNDomain
import Plot
import Vapor

/// The statistics page (`/quan-tri/thong-ke`): for a chosen period, the province's or one agency's counts by status,
/// agency, field, channel, commune and urgency (each number links to the queue's list behind it), the agency flow,
/// and timeliness by agency and field. Agency staff see their own agency only (issue 13).
enum DashboardController {
    /// The period from the query (`tu`, `den`; ``Statistics/period(from:to:now:)``).
    static func period(_ req: Request) throws -> (Date, Date, String, String) {
        try Statistics.period(from: try? req.query.get(String.self, at: "tu"), to: try? req.query.get(String.self, at: "den"))
    }

    /// The quick periods (label, first day, last day as yyyy-MM-dd in Asia/Ho_Chi_Minh): today, this week (from
    /// Monday), this month, this quarter, this year, each up to today.
    static func presets(now: Date) -> [(String, String, String)] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = ReportingPeriod.timeZone
        calendar.firstWeekday = 2  // Monday
        let today = calendar.startOfDay(for: now)
        let parts = calendar.dateComponents([.year, .month], from: today)
        let week = calendar.dateInterval(of: .weekOfYear, for: today)?.start ?? today
        let month = calendar.date(from: DateComponents(year: parts.year, month: parts.month, day: 1))!
        let quarter = calendar.date(from: DateComponents(year: parts.year, month: (parts.month! - 1) / 3 * 3 + 1, day: 1))!
        let year = calendar.date(from: DateComponents(year: parts.year, month: 1, day: 1))!
        let end = Statistics.dayFormatter.string(from: today)
        return [("Hôm nay", today), ("Tuần này", week), ("Tháng này", month), ("Quý này", quarter), ("Năm nay", year)]
            .map { ($0.0, Statistics.dayFormatter.string(from: $0.1), end) }
    }

    static func dashboard(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let scope = try Statistics.Scope.of(acting, asked: try? req.query.get(String.self, at: "co-quan"))
        let (from, to, fromText, toText) = try period(req)
        let report = try await Statistics.report(from: from, to: to, scope: scope, on: req.db)
        let trend = try await Statistics.trend(scope: scope, on: req.db)
        let agencies = acting.role?.isAgencyScoped == true ? [] : try await ReferenceQueries.agencies(on: req.db)
        // The list behind a number: the queue with the same period, scope and one more filter.
        func queueLink(_ extra: [(String, String)]) -> String {
            var items = [URLQueryItem(name: "status", value: "all"),
                         URLQueryItem(name: "receivedFrom", value: String(Int(from.timeIntervalSince1970))),
                         URLQueryItem(name: "receivedTo", value: String(Int(to.timeIntervalSince1970)))]
            if let agency = scope.agencyID { items.append(URLQueryItem(name: "agencyID", value: agency.uuidString.lowercased())) }
            for (name, value) in extra where !(name == "status" && value == "all") {
                items.removeAll { $0.name == name }
                items.append(URLQueryItem(name: name, value: value))
            }
            var components = URLComponents()
            components.path = SiteURL.queue.path
            components.queryItems = items
            return components.string ?? SiteURL.queue.path
        }
        func table(_ title: String, _ id: String, _ rows: [Statistics.Row], filter: String?, chart: Bool = false) -> Node<HTML.BodyContext> {
            .div(.class("card"), .h2(.text(title)),
                 .if(chart && !rows.isEmpty, Charts.bars(id: "chart-\(id)", title: "Số phản ánh theo \(title.lowercased())",
                                                         description: rows.prefix(15).map { "\($0.label): \($0.count)" }.joined(separator: "; "),
                                                         rows: rows.prefix(15).map { ($0.label, $0.count) })),
                 .div(.class("table-wrap"), .table(.id(id),
                .thead(.tr(.th(.text(title)), .th(.text("Số lượng")))),
                .tbody(.forEach(rows) { row in
                    .tr(.td(.text(row.label)),
                        .td(.if(filter != nil && !row.key.isEmpty,
                                .a(.href(queueLink([(filter ?? "", row.key)])), .text("\(row.count)")),
                                else: .text("\(row.count)"))))
                }))))
        }
        func days(_ value: Double?) -> String { value.map(Layout.decimal) ?? "—" }
        func performance(_ title: String, _ id: String, _ rows: [Statistics.Performance]) -> Node<HTML.BodyContext> {
            .div(.class("card"), .h2(.text(title)),
                 .if(!rows.isEmpty, Charts.timeliness(id: "chart-\(id)", title: title, rows: rows)),
                 .div(.class("table-wrap"), .table(.id(id),
                .thead(.tr(.th(.text("")), .th(.text("Đã trả lời")), .th(.text("Đúng hạn")), .th(.text("Trễ hạn")),
                           .th(.text("Tỷ lệ đúng hạn")), .th(.text("Đúng hạn ban đầu")), .th(.text("Đang quá hạn")),
                           .th(.text("TB giờ làm việc")), .th(.text("TB ngày làm việc")), .th(.text("90% trả lời trong (ngày làm việc)")))),
                .tbody(.forEach(rows) { r in
                    .tr(.td(.text(r.label)), .td(.text("\(r.answered)")), .td(.text("\(r.onTime)")), .td(.text("\(r.late)")),
                        .td(.text(r.onTimeRate.map { "\(Int(($0 * 100).rounded()))%" } ?? "—")), .td(.text("\(r.onTimeOriginal)")),
                        .td(.text("\(r.overdueNow)")), .td(.text(days(r.averageHandlingHours))),
                        .td(.text(days(r.averageWorkingDays))), .td(.text(days(r.p90WorkingDays))))
                }))))
        }
        func exportLink(_ format: TableExport.Format) -> String {
            var link = SiteURL.dashboardExport(format.rawValue).path + "&tu=\(fromText)&den=\(toText)"
            if let agency = scope.agencyID { link += "&co-quan=\(agency.uuidString.lowercased())" }
            return link
        }
        let flow = report.flow
        return Layout.response(Layout.render(title: "Thống kê", for: req, body: .div(
            .h1(.text("Thống kê phản ánh, kiến nghị")),
            .p(.id("scope"), .text("Phạm vi: \(report.scope)")),
            .form(.method(.get), .action(SiteURL.dashboard.path), .class("card"),
                .div(.class("filters"),
                     .div(FormFields.text("tu", label: "Từ ngày", value: fromText, type: .date)),
                     .div(FormFields.text("den", label: "Đến ngày", value: toText, type: .date)),
                     .if(!agencies.isEmpty, .div(FormFields.select("co-quan", label: "Cơ quan",
                                                                   options: agencies.map { ($0.id!.uuidString.lowercased(), $0.name) },
                                                                   selected: scope.agencyID?.uuidString.lowercased(), emptyLabel: "Toàn tỉnh")))),
                .button(.type(.submit), .text("Xem")),
                .p(.id("presets"), .text("Nhanh: "), .group(presets(now: Date()).map { label, from, to in
                    var link = SiteURL.dashboard.path + "?tu=\(from)&den=\(to)"
                    if let agency = scope.agencyID { link += "&co-quan=\(agency.uuidString.lowercased())" }
                    return .group(.a(.href(link), .text(label)), .text(" · "))
                }), .a(.href(SiteURL.report.path + (scope.agencyID.map { "?co-quan=\($0.uuidString.lowercased())" } ?? "")),
                       .text("Báo cáo định kỳ (in được)")), .text(" · "),
                   .a(.href(SiteURL.forecast.path + (scope.agencyID.map { "?co-quan=\($0.uuidString.lowercased())" } ?? "")),
                      .text("Dự báo trễ hạn trong tuần")))),
            .p(.id("total"), .text("Tổng số: "), .a(.href(queueLink([])), .text("\(report.total)")),
               .text(" · Đang quá hạn: \(report.overdue) · Tải về: "),
               .a(.href(exportLink(.csv)), .text("CSV")), .text(" · "), .a(.href(exportLink(.xlsx)), .text("Excel (XLSX)"))),
            .div(.class("card"), .h2(.text("Xu hướng 12 tháng")),
                 Charts.lines(id: "chart-trend", title: "Tiếp nhận và trả lời đúng hạn, trễ hạn theo tháng",
                              description: trend.map { "\($0.label): tiếp nhận \($0.received), đúng hạn \($0.onTime), trễ hạn \($0.late)" }.joined(separator: "; "),
                              labels: trend.map { String($0.label.prefix(2)) + "/" + String($0.label.suffix(2)) },
                              series: [Charts.Series(name: "Tiếp nhận", color: "#1d4ed8", values: trend.map(\.received)),
                                       Charts.Series(name: "Trả lời đúng hạn", color: "#15803d", values: trend.map(\.onTime)),
                                       Charts.Series(name: "Trả lời trễ hạn", color: "#d97706", values: trend.map(\.late))]),
                 .div(.class("table-wrap"), .table(.id("trend"),
                    .thead(.tr(.th(.text("Tháng")), .th(.text("Tiếp nhận")), .th(.text("Trả lời đúng hạn")), .th(.text("Trả lời trễ hạn")))),
                    .tbody(.forEach(trend) { .tr(.td(.text($0.label)), .td(.text("\($0.received)")), .td(.text("\($0.onTime)")), .td(.text("\($0.late)"))) })))),
            .div(.class("card"), .h2(.text("Luân chuyển tới cơ quan chủ trì")), .table(.id("flow"),
                .thead(.tr(.th(.text("Được chuyển đến")), .th(.text("Đã tiếp nhận")), .th(.text("Trả lại")), .th(.text("Đã trả lời")))),
                .tbody(.tr(.td(.text("\(flow.received)")), .td(.text("\(flow.accepted)")), .td(.text("\(flow.returned)")),
                           .td(.text("\(flow.answered)")))))),
            table("Trạng thái", "by-status", report.byStatus, filter: "status"),
            .if(scope.agencyID == nil, table("Cơ quan chủ trì", "by-agency", report.byAgency, filter: "agencyID", chart: true)),
            table("Lĩnh vực", "by-service", report.byService, filter: "serviceCode", chart: true),
            table("Kênh tiếp nhận", "by-channel", report.byChannel, filter: "channel"),
            table("Xã, phường", "by-commune", report.byCommune, filter: "communeCode"),
            table("Mức độ", "by-urgency", report.byUrgency, filter: "urgency"),
            .if(scope.agencyID == nil && report.performanceByAgency.count > 1,
                .div(.class("card"), .h2(.text("Xếp hạng cơ quan chủ trì")),
                     .p(.class("muted"), .text("Theo tỷ lệ trả lời đúng hạn trong kỳ, rồi số phản ánh đang quá hạn (ít hơn xếp trên).")),
                     .div(.class("table-wrap"), .table(.id("agency-ranking"),
                        .thead(.tr(.th(.text("Hạng")), .th(.text("Cơ quan")), .th(.text("Tỷ lệ đúng hạn")), .th(.text("Đã trả lời")), .th(.text("Đang quá hạn")))),
                        .tbody(.forEach(Array(Statistics.ranked(report.performanceByAgency).enumerated())) { index, r in
                            .tr(.td(.text("\(index + 1)")), .td(.text(r.label)),
                                .td(.text(r.onTimeRate.map { "\(Int(($0 * 100).rounded()))%" } ?? "—")),
                                .td(.text("\(r.answered)")), .td(.text("\(r.overdueNow)")))
                        }))))),
            performance("Đúng hạn theo cơ quan chủ trì", "performance-agency", report.performanceByAgency),
            performance("Đúng hạn theo lĩnh vực", "performance-service", report.performanceByService),
            performance("Đúng hạn theo kênh tiếp nhận", "performance-channel", report.performanceByChannel),
            performance("Đúng hạn theo xã, phường", "performance-commune", report.performanceByCommune),
            performance("Đúng hạn theo mức độ", "performance-urgency", report.performanceByUrgency)
        )))
    }
}
