import Foundation
import PAKNDomain
import Plot
import Vapor

/// `/quan-tri/du-bao`: the running assignments due this week that will probably be late, with the reason
/// (`LatenessForecast`; issue 13). Scoped as the statistics: an agency's staff see their own agency.
enum ForecastController {
    static func page(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        // The list shows cases: only roles that see case contents (not the admin: `CaseScope`, Luật 91/2025/QH15).
        guard acting.scope != nil else { throw AppError.forbidden() }
        let scope = try Statistics.Scope.of(acting, asked: try? req.query.get(String.self, at: "co-quan"))
        let (items, considered) = try await LateForecastQuery.run(scope: scope, on: req.db)
        try await Publication.maskHiddenTitles(items.map(\.record), for: acting.role, on: req.db)
        return Layout.response(Layout.render(title: "Dự báo trễ hạn", for: req, body: .div(
            .h1(.text("Dự báo phản ánh có thể trễ hạn trong tuần")),
            .p(.class("muted"), .text("Các phản ánh đang xử lý có hạn trong 7 ngày tới, so với thời gian trả lời của cùng cơ quan và lĩnh vực trong 12 tháng qua (chỉ những phản ánh từng mất lâu hơn thời gian đã trôi qua). Có thể trễ khi quá nửa số đó mất lâu hơn thời gian còn lại.")),
            .p(.id("forecast-count"), .text("\(items.count) trong \(considered) phản ánh đến hạn trong tuần có thể trễ hạn.")),
            .div(.class("table-wrap"), .table(.id("forecast"),
                .thead(.tr(.th(.text("Mã")), .th(.text("Tiêu đề")), .th(.text("Cơ quan")), .th(.text("Lĩnh vực")), .th(.text("Hạn")),
                           .th(.text("Khả năng trễ")), .th(.text("Lý do")))),
                .tbody(.forEach(items) { item in
                    .tr(.td(.class("nowrap"), .a(.href(SiteURL.staffRequest(item.record.id!).path),
                                                 .text(TrackingCode(digits: item.record.trackingCode)?.formatted ?? item.record.trackingCode))),
                        .td(.peoplesWords, .text(item.record.title)), .td(.text(item.agency)), .td(.text(item.field)), .td(.text(Layout.date(item.due))),
                        .td(.text("\(Int((item.prediction.chanceLate * 100).rounded()))% (\(item.prediction.samples) phản ánh)")),
                        .td(.text(item.reason)))
                })))
        )))
    }
}
