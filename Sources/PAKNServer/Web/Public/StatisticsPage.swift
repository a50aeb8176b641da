import Foundation
import PAKNDomain
import Plot
import Vapor

/// The public statistics page (`/thong-ke`, issue 13): requests received and answered per month, by field and by
/// commune (counts under 5 shown as "< 5"), the share answered on time by agency, and the mean rating. Only
/// published, non-restricted data; charts are inline SVG with their tables beside them.
enum StatisticsPage {
    static func render(_ req: Request, report: PublicStatistics.Report) -> String {
        let months = report.months
        let percent: (Double) -> String = { "\(Int(($0 * 100).rounded()))%" }
        return Layout.render(title: "Thống kê công khai", for: req, body: .div(
            .h1(.text("Thống kê phản ánh, kiến nghị")),
            .p(.class("muted"), .text("12 tháng gần nhất (\(months.first?.label ?? "") – \(months.last?.label ?? "")). Chỉ tính các phản ánh, kiến nghị đã công khai kết quả; không gồm khiếu nại, tố cáo. Cập nhật lúc \(Layout.date(report.computedAt)).")),
            .div(.class("card"),
                 .h2(.text("Theo tháng")),
                 Charts.groupedBars(id: "chart-months", title: "Số phản ánh tiếp nhận và đã trả lời theo tháng",
                                    description: months.map { "\($0.label): tiếp nhận \($0.received), trả lời \($0.answered)" }.joined(separator: "; "),
                                    labels: months.map { String($0.label.prefix(2)) },
                                    series: [Charts.Series(name: "Tiếp nhận", color: "#1d4ed8", values: months.map(\.received)),
                                             Charts.Series(name: "Đã trả lời", color: "#15803d", values: months.map(\.answered))]),
                 .div(.class("table-wrap"), .table(.id("by-month"),
                    .thead(.tr(.th(.text("Tháng")), .th(.text("Tiếp nhận")), .th(.text("Đã trả lời")))),
                    .tbody(.forEach(months) { .tr(.td(.text($0.label)), .td(.text("\($0.received)")), .td(.text("\($0.answered)"))) })))),
            .div(.class("card"),
                 .h2(.text("Tỷ lệ trả lời đúng hạn theo cơ quan")),
                 .if(report.byAgency.isEmpty, .p(.class("muted"), .text("Chưa có trả lời nào trong kỳ."))),
                 .if(!report.byAgency.isEmpty, Charts.shares(
                    id: "chart-on-time", title: "Tỷ lệ trả lời đúng hạn theo cơ quan",
                    description: report.byAgency.map { "\($0.label): \(percent($0.onTimeRate)) (\($0.onTime)/\($0.answered))" }.joined(separator: "; "),
                    rows: report.byAgency.map { ($0.label, $0.onTimeRate, "\(percent($0.onTimeRate)) (\($0.onTime)/\($0.answered))") })),
                 .div(.class("table-wrap"), .table(.id("by-agency"),
                    .thead(.tr(.th(.text("Cơ quan")), .th(.text("Đã trả lời")), .th(.text("Đúng hạn")), .th(.text("Tỷ lệ")))),
                    .tbody(.forEach(report.byAgency) { .tr(.td(.text($0.label)), .td(.text("\($0.answered)")), .td(.text("\($0.onTime)")),
                                                           .td(.text(percent($0.onTimeRate)))) })))),
            cells("Theo lĩnh vực", "by-service", "Lĩnh vực", report.byService),
            cells("Theo xã, phường", "by-commune", "Xã, phường", report.byCommune),
            .div(.class("card"), .h2(.text("Mức độ hài lòng")),
                 .p(.id("rating"), .text(report.averageRating.map {
                     "Điểm đánh giá trung bình: \(Layout.decimal($0))/5 (\(report.ratings) lượt đánh giá)."
                 } ?? "Chưa đủ \(PublicStatistics.minimumRatings) lượt đánh giá trong kỳ để công bố điểm trung bình."))),
            .p(.a(.href(SiteURL.publicMap.path), .text("Bản đồ theo xã, phường"))),
            .p(.class("muted"), .text("Ô có dưới 5 phản ánh được ghi “< 5”, và khi chỉ có một ô như vậy trong bảng thì ô nhỏ nhất còn lại được ghi “(ẩn)”, để không thể nhận ra người gửi."))
        ))
    }

    private static func cells(_ title: String, _ id: String, _ heading: String, _ rows: [PublicStatistics.Cell]) -> Node<HTML.BodyContext> {
        .div(.class("card"), .h2(.text(title)),
             .if(rows.isEmpty, .p(.class("muted"), .text("Chưa có số liệu trong kỳ."))),
             .div(.class("table-wrap"), .table(.id(id),
                .thead(.tr(.th(.text(heading)), .th(.text("Số phản ánh")))),
                .tbody(.forEach(rows) { .tr(.td(.text($0.label)), .td(.text($0.count.text))) }))))
    }
}
