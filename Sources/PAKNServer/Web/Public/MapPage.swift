import Foundation
import Plot
import Vapor

/// The public map (`/ban-do`, issue 13): published requests of the last 12 months by commune, drawn on the server as
/// SVG (it works without internet access and without scripts), with its table beside it.
enum MapPage {
    static func render(_ req: Request, communes: [PublicMap.Commune]) -> String {
        // The same suppression as the statistics page's table: a count hidden there is hidden on the map too (the
        // circle then has the smallest size and no number).
        let cells = PublicStatistics.suppressed(communes.map { PublicStatistics.Cell(label: $0.label, count: .init($0.count)) })
        let placed = zip(communes, cells).compactMap { c, cell -> (label: String, latitude: Double, longitude: Double, count: Int?, text: String)? in
            guard let lat = c.latitude, let lon = c.longitude else { return nil }
            if case .exact(let n) = cell.count { return (c.label, lat, lon, n, cell.count.text) }
            return (c.label, lat, lon, nil, cell.count.text)
        }
        return Layout.render(title: "Bản đồ phản ánh", for: req, body: .div(
            .h1(.text("Bản đồ phản ánh, kiến nghị đã trả lời")),
            .p(.class("muted"), .text("12 tháng gần nhất, theo xã, phường. Mỗi xã, phường được đặt ở trung tâm các vị trí mà người gửi đã chỉ ra (làm tròn khoảng 1 km), chỉ khi có từ 5 vị trí trở lên; không hiển thị vị trí của từng phản ánh.")),
            .div(.class("card"),
                 MapEnhancement.slot(label: "Phản ánh đã trả lời trên nền bản đồ", points: placed.map {
                     MapEnhancement.Point(label: $0.label, lat: $0.latitude, lon: $0.longitude, text: req.localized("\($0.text) phản ánh"), colour: "#a51c1c", size: $0.count ?? 1)
                 }),
                 Charts.pointMap(id: "map", title: "Phản ánh đã trả lời theo xã, phường",
                                 description: placed.map { "\($0.label): \($0.text)" }.joined(separator: "; "), points: placed),
                 .if(placed.isEmpty, .p(.class("muted"), .text("Chưa có xã, phường nào đủ 5 vị trí để hiển thị.")))),
            .div(.class("card"), .h2(.text("Theo xã, phường")),
                 .div(.class("table-wrap"), .table(.id("map-table"),
                    .thead(.tr(.th(.text("Xã, phường")), .th(.text("Số phản ánh")))),
                    .tbody(.forEach(cells) { .tr(.td(.text($0.label)), .td(.text($0.count.text))) })))),
            .p(.a(.href(SiteURL.publicStatistics.path), .text("Thống kê"))),
            MapEnhancement.scripts(req)
        ))
    }
}
