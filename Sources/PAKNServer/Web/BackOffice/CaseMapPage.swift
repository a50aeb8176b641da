import Foundation
import PAKNDomain
import Plot
import Vapor

/// The back-office map (`/quan-tri/ban-do`, issue 13): the cases of the queue's filters that the staff member may
/// see (an agency's officer and leader see their agency's cases only, as in the queue), grouped by commune, each
/// commune a pie of where its cases stand (in progress, overdue, answered on time, late, ended otherwise), drawn
/// on the server as SVG and, when tiles are configured, on tiles too; the table beside it links each commune to
/// its list in the queue. Communes whose cases carry no coordinates are in the table only: no openly licensed
/// boundaries or centroids of the 2025 communes ship with the project.
enum CaseMapPage {
    static func page(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let filter = try req.query.decode(QueueQuery.Filter.self)
        let communes = try await CaseMap.communes(filter, acting: acting, on: req.db)
        let choices = try await ReferenceQueries.choices(province: req.paknConfiguration.provinceCode, allServices: true, on: req.db)
        return Layout.response(render(req, filter: filter, communes: communes, choices: choices))
    }

    static func render(_ req: Request, filter: QueueQuery.Filter, communes: [CaseMap.Commune], choices: ReferenceQueries.Choices) -> String {
        let states = CaseMap.State.allCases
        let placed = communes.filter { $0.latitude != nil && $0.longitude != nil }
        func summary(_ commune: CaseMap.Commune) -> String {
            // Put together here, so each state's name is read in the page's language.
            states.filter { commune.count($0) > 0 }.map { "\(req.localized($0.label).lowercased()) \(commune.count($0))" }.joined(separator: ", ")
        }
        func dominant(_ commune: CaseMap.Commune) -> CaseMap.State {
            // Overdue shows first: a commune with any overdue case is one to look at.
            commune.count(.overdue) > 0 ? .overdue : states.max { commune.count($0) < commune.count($1) } ?? .inProgress
        }
        let total = communes.reduce(0) { $0 + $1.total }
        let located = placed.reduce(0) { $0 + $1.total }
        let description = placed.map { "\($0.label): \($0.total) (\(summary($0)))" }.joined(separator: "; ")
        return Layout.render(title: "Bản đồ phản ánh", for: req, body: .div(
            .h1(.text("Bản đồ phản ánh theo xã, phường")),
            QueuePage.filterForm(SiteURL.staffMap.path, filter: filter, choices: choices, mineOption: req.staff?.role.isAgencyScoped == true),
            .p(.class("muted"), .id("map-count"),
               .text("\(VietnameseText.grouped(total)) phản ánh ở \(VietnameseText.grouped(communes.count)) xã, phường; "
                     + "\(VietnameseText.grouped(placed.count)) xã, phường có vị trí được vẽ (tâm các vị trí người gửi chỉ ra). "),
               .a(.href(QueuePage.filtersLink(req, to: SiteURL.queue.path)), .text("Xem danh sách"))),
            .div(.class("card"),
                 MapEnhancement.slot(label: "Bản đồ phản ánh trên nền bản đồ", points: placed.map { c in
                     MapEnhancement.Point(label: c.label, lat: c.latitude!, lon: c.longitude!, text: req.localized("\(c.total) phản ánh: \(summary(c))"),
                                          colour: dominant(c).colour, size: c.total)
                 }),
                 Charts.pieMap(id: "case-map", title: "Phản ánh theo xã, phường và tình trạng hạn xử lý", description: description,
                               places: placed.map { c in
                                   (c.label, c.latitude!, c.longitude!, states.map { Charts.Slice(name: $0.label, color: $0.colour, value: c.count($0)) })
                               }),
                 .ul(.class("legend"), .forEach(states) { state in
                     .li(.span(.class("swatch"), .attribute(named: "style", value: "background:\(state.colour)")), .text(state.label))
                 }),
                 .if(located < total, .p(.class("muted"),
                     .text("\(VietnameseText.grouped(total - located)) phản ánh không có tọa độ ở xã, phường nào của chúng: chỉ có trong bảng.")))),
            .div(.class("card"), .h2(.text("Theo xã, phường")),
                 .div(.class("table-wrap"), .table(.id("map-table"),
                    .thead(.tr(.th(.text("Xã, phường")), .th(.text("Tổng")), .group(states.map { .th(.text($0.label)) }))),
                    .tbody(.forEach(communes) { c in
                        .tr(.td(c.code.isEmpty ? .text(c.label)
                                : .a(.href(QueuePage.filtersLink(req, to: SiteURL.queue.path, replacing: ["communeCode"],
                                                                 adding: ["communeCode=" + (c.code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")])),
                                     .text(c.label))),
                            .td(.text(VietnameseText.grouped(c.total))),
                            .group(states.map { .td(.class($0 == .overdue && c.count($0) > 0 ? "urgent" : ""), .text(VietnameseText.grouped(c.count($0)))) }))
                    })))),
            MapEnhancement.scripts(req)
        ))
    }
}
