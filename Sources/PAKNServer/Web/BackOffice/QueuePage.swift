import Fluent
import PAKNDomain
import Plot
import Vapor

/// The queue page: filters that work without scripts, urgent and newest first.
enum QueuePage {
    static func render(_ req: Request, filter: QueueQuery.Filter, page: QueueQuery.Page) -> String {
        let items = page.items, deadlines = page.deadlines
        let communes = page.choices.communes, services = page.choices.services
        let serviceNames = Dictionary(services.map { ($0.id ?? "", $0.name) }, uniquingKeysWith: { a, _ in a })
        let communeNames = Dictionary(communes.map { ($0.id ?? "", $0.name) }, uniquingKeysWith: { a, _ in a })
        let role = req.staff.map(\.role)
        return Layout.render(title: "Hàng đợi", for: req, body: .div(
            .h1(.text(filter.onlyMine ? "Việc của tôi" : role?.isAgencyScoped == true ? "Phản ánh được giao cho đơn vị" : role == .complaintOfficer ? "Khiếu nại, tố cáo" : "Hàng đợi phản ánh")),
            filterForm(SiteURL.queue.path, filter: filter, choices: page.choices, mineOption: role?.isAgencyScoped == true),
            .p(.class("muted"), .id("queue-count"), .text("\(Keyset.countText(page.count)) phản ánh · Tải về: "),
               .a(.href(exportLink(req, .csv)), .text("CSV")), .text(" · "), .a(.href(exportLink(req, .xlsx)), .text("Excel (XLSX)")),
               .text(" · "), .a(.id("queue-map-link"), .href(filtersLink(req, to: SiteURL.staffMap.path)), .text("Xem trên bản đồ"))),
            .div(.class("table-wrap"), .table(.id("queue"),
                .thead(.tr(.th(.text("Mã")), .th(.text("Tiêu đề")), .th(.text("Trạng thái")), .th(.text("Mức độ")),
                           .th(.text("Lĩnh vực")), .th(.text("Địa bàn")), .th(.text("Kênh")), .th(.text("Tiếp nhận")), .th(.text("Hạn")), .th(.text("Thời gian còn lại")))),
                .tbody(.forEach(items) { row($0, serviceNames: serviceNames, communeNames: communeNames, deadline: deadlines[$0.id!]) })
            )),
            Pager.node(SiteURL.queue.path, query: req.url.query, previous: page.previous, next: page.next)
        ))
    }
}

extension QueuePage {
    /// The queue's filters (status, channel, urgency, field, commune, text), sent by GET to `action`: the queue and
    /// its map take the same ones.
    /// `mineOption`: offer "only the cases I am named on" (agency staff).
    static func filterForm(_ action: String, filter: QueueQuery.Filter, choices: ReferenceQueries.Choices, mineOption: Bool = false) -> Node<HTML.BodyContext> {
        let communes = choices.communes, services = choices.services
        let statusOptions = [("active", "Đang xử lý (cần thao tác)"), ("all", "Tất cả")] + RequestStatus.allCases.map { ($0.rawValue, $0.label) }
        return .form(.method(.get), .action(action), .class("card"),
            .div(.class("filters"),
                .div(FormFields.select("status", label: "Trạng thái", options: statusOptions, selected: filter.status ?? "active")),
                .div(FormFields.select("channel", label: "Kênh", options: PAKNDomain.Channel.allCases.map { ($0.rawValue, $0.label) }, selected: filter.channel, emptyLabel: "Tất cả")),
                .div(FormFields.select("urgency", label: "Mức độ", options: Urgency.allCases.map { ($0.rawValue, UrgencyLabel.of($0)) }, selected: filter.urgency, emptyLabel: "Tất cả")),
                .div(FormFields.groupedSelect("serviceCode", label: "Lĩnh vực", groups: ReferenceQueries.serviceGroups(services), selected: filter.serviceCode, emptyLabel: "Tất cả")),
                .div(FormFields.select("communeCode", label: "Xã, phường", options: communes.map { ($0.id ?? "", $0.fullName) }, selected: filter.communeCode, emptyLabel: "Tất cả")),
                .div(FormFields.text("q", label: "Tìm (nội dung hoặc mã)", value: filter.q, type: .search)),
                .if(mineOption, .div(.label(.class("check"), .input(.type(.checkbox), .id("mine"), .name("mine"), .value("1"), .checked(filter.onlyMine)),
                                            .text("Chỉ việc giao cho tôi"))))
            ),
            .button(.type(.submit), .text("Lọc")))
    }

    /// `path` with this page's filters (its query without the paging and export parameters), escaped for an
    /// attribute: the queue's link to its map, and back. `replacing` names parameters to drop as well, and
    /// `adding` appends pairs (already percent-encoded).
    static func filtersLink(_ req: Request, to path: String, replacing: Set<String> = [], adding: [String] = []) -> String {
        let query = (filterPairs(req, dropping: replacing) + adding).joined(separator: "&")
        return Layout.attribute(query.isEmpty ? path : path + "?" + query)
    }

    /// The download of this list: the export address with the page's own filters (not its page number).
    static func exportLink(_ req: Request, _ format: TableExport.Format) -> String {
        Layout.attribute(([SiteURL.queueExport(format.rawValue).path] + filterPairs(req)).joined(separator: "&"))
    }

    /// This page's query pairs (as sent, percent-encoded) without the paging and export parameters and `dropping`.
    static func filterPairs(_ req: Request, dropping: Set<String> = []) -> [String] {
        (req.url.query ?? "").split(separator: "&").map(String.init).filter { pair in
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? pair
            return name != "dinh-dang" && !Pager.positionParameters.contains(name) && !dropping.contains(name)
        }
    }

    static func row(_ r: ServiceRequestRecord, serviceNames: [String: String], communeNames: [String: String], deadline: DeadlineSummary?) -> Node<HTML.TableContext> {
        let urgency = r.urgency
        let code = TrackingCode(digits: r.trackingCode)?.formatted ?? r.trackingCode
        let status = r.status.label
        let service = r.serviceCode.flatMap { serviceNames[$0] } ?? "Chưa phân loại"
        let commune = r.communeCode.flatMap { communeNames[$0] } ?? "—"
        let channel = r.channel.label
        let urgencyCell: Node<HTML.BodyContext> = urgency == .urgent
            ? .span(.class("urgent"), .text(UrgencyLabel.of(.urgent)))
            : .text(urgency.map(UrgencyLabel.of) ?? "—")
        let cells: [Node<HTML.TableRowContext>] = [
            .td(.class("nowrap"), .a(.href(SiteURL.staffRequest(r.id!).path), .text(code))),
            .td(.peoplesWords, .text(r.title)), .td(.text(status)), .td(urgencyCell), .td(.text(service)), .td(.text(commune)),
            .td(.text(channel)), .td(.text(Layout.date(r.receivedAt))), .td(.text(Layout.date(r.dueAt))),
            .td(.class(deadline?.isOverdue == true ? "urgent" : ""), .text(deadline?.timeLeftText ?? "—")),
        ]
        return .tr(.group(cells))
    }
}

/// Vietnamese labels of the urgency classes (khẩn, thường, phức tạp).
enum UrgencyLabel {
    static func of(_ urgency: Urgency) -> String {
        switch urgency {
        case .urgent: "Khẩn"
        case .normal: "Thường"
        case .complex: "Phức tạp"
        }
    }
}
