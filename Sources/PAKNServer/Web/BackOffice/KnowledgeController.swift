import Foundation
import PAKNDomain
import Plot
import Vapor

/// The staff knowledge base (issue 14): `/quan-tri/kien-thuc` searches the articles (diacritic-blind) and adds one;
/// `/quan-tri/kien-thuc/{id}` shows one and, for those who may, edits it; `…/trang-thai` publishes, keeps internal or
/// retires it. Admins and coordinators edit every article; agency staff propose articles for their agency. Every
/// staff member reads the usable ones; they are also offered beside the case being answered (`DetailPage`).
enum KnowledgeController {
    static func register(_ office: any RoutesBuilder) {
        office.get(SiteURL.knowledge, use: list)
        office.post(SiteURL.knowledge, use: create)
        office.get(SiteURL.knowledgeArticle(.key), use: show)
        office.post(SiteURL.knowledgeArticle(.key), use: update)
        office.post(SiteURL.knowledgeArticleStatus(.key), use: setStatus)
    }

    /// The form's fields, as typed.
    struct Form: Content {
        var title: String?; var body: String?; var serviceCode: String?; var tags: String?
        var ownerAgencyID: String?; var reviewOn: String?; var status: String?
        var draft: KnowledgeBase.Draft {
            .init(title: title ?? "", body: body ?? "", serviceCode: serviceCode, tags: tags, ownerAgencyID: ownerAgencyID,
                  reviewOn: reviewOn, status: status)
        }
    }

    struct Filter: Content { var q: String?; var linhVuc: String?; var trangThai: String? }

    static func list(_ req: Request) async throws -> Response {
        try await listPage(req, typed: nil, error: nil)
    }

    /// The list with the search form and the add form; after a refused add, the form keeps what was typed and says why.
    static func listPage(_ req: Request, typed: Form?, error: String?) async throws -> Response {
        let acting = try req.requireActing()
        guard let role = acting.role else { throw AppError.forbidden() }
        let filter = try req.query.decode(Filter.self)
        let status = filter.trangThai.flatMap(KnowledgeArticleStatus.init(rawValue:))
        let paging = try Paging.read(req, page: "trang", defaultSize: KnowledgeBase.pageSize, maximumSize: KnowledgeBase.pageSize)
        let page = try await KnowledgeBase.search(filter.q, serviceCode: filter.linhVuc, statuses: status.map { [$0] }, acting: acting,
                                                  paging: paging, on: req.db)
        let uses = try await KnowledgeBase.useCounts(of: page.articles.compactMap(\.id), on: req.db)
        let services = try await ReferenceQueries.services(on: req.db)
        let agencies = try await ReferenceQueries.agencies(on: req.db)
        let serviceNames = Dictionary(services.map { ($0.id ?? "", $0.name) }, uniquingKeysWith: { a, _ in a })
        let agencyNames = Dictionary(agencies.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let today = SolarDay(Date(), in: VietnamTime.timeZone)
        let editor = KnowledgeRights.mayEdit(role)
        let mayAdd = editor || KnowledgeRights.mayPropose(role)
        let html = Layout.render(title: "Kiến thức, hỏi đáp", for: req, body: .div(
            .h1(.text("Kiến thức, hỏi đáp")),
            .p(.class("muted"), .text("Hướng dẫn thủ tục, câu trả lời cho câu hỏi thường gặp và quy định của tổng đài. Bài công khai hiện trên trang Hỏi đáp của người dân.")),
            .form(.method(.get), .action(SiteURL.knowledge.path), .class("card filters"), .attribute(named: "role", value: "search"),
                FormFields.text("q", label: "Tìm (gõ có dấu hoặc không dấu)", value: filter.q, maxLength: 200),
                FormFields.select("linhVuc", label: "Lĩnh vực", options: ReferenceQueries.serviceOptions(services), selected: filter.linhVuc, emptyLabel: "Mọi lĩnh vực"),
                FormFields.select("trangThai", label: "Trạng thái", options: KnowledgeBase.visibleStatuses(to: role).map { ($0.rawValue, $0.label) },
                                  selected: filter.trangThai, emptyLabel: "Mọi trạng thái"),
                .button(.type(.submit), .text("Tìm"))),
            .if(page.articles.isEmpty, .p(.id("knowledge-empty"), .text("Không có bài viết phù hợp."))),
            .if(!page.articles.isEmpty, .div(.class("table-wrap"), .table(.id("knowledge"),
                .thead(.tr(.th(.text("Tiêu đề")), .th(.text("Lĩnh vực")), .th(.text("Thẻ")), .th(.text("Cơ quan")),
                           .th(.text("Trạng thái")), .th(.text("Rà soát")), .th(.text("Đã dùng")))),
                .tbody(.forEach(page.articles) { a in
                    let due = a.reviewOn.flatMap(SolarDay.init(isoString:)).map { $0 <= today } ?? false
                    return .tr(.td(.a(.href(SiteURL.knowledgeArticle(a.id!).path), .peoplesWords, .text(a.title))),
                        .td(.text(a.serviceCode.flatMap { serviceNames[$0] } ?? "—")),
                        .td(.text(a.tags.isEmpty ? "—" : a.tags)),
                        .td(.text(a.ownerAgencyID.flatMap { agencyNames[$0] } ?? "Trung tâm 1022")),
                        .td(.text(a.status.label)),
                        .td(.text(a.reviewOn.flatMap(SolarDay.init(isoString:)).map(dayText) ?? "—"), .if(due, .strong(.class("overdue"), .text(" · cần rà soát")))),
                        .td(.text("\(uses[a.id!] ?? 0) phản ánh")))
                })))),
            pager(req, page: page),
            .if(mayAdd, articleForm(req, action: SiteURL.knowledge.path, heading: editor ? "Thêm bài viết" : "Đề xuất bài viết (điều phối viên duyệt trước khi dùng)",
                                    typed: typed, article: nil, editor: editor, services: services, agencies: agencies, error: error))
        ))
        return Layout.response(html, status: error == nil ? .ok : .unprocessableEntity)
    }

    /// "Trang trước" / "Trang sau" under a list, keeping its filters.
    static func pager(_ req: Request, page: KnowledgeBase.Page) -> Node<HTML.BodyContext> {
        ListPaging.pager(req, page: page.page, hasNext: page.hasNext)
    }

    static func dayText(_ day: SolarDay) -> String {
        String(format: "%02d/%02d/%04d", day.day, day.month, day.year)
    }

    /// The add or edit form. `typed` (after a refusal) wins over `article` (the stored values).
    static func articleForm(_ req: Request, action: String, heading: String, typed: Form?, article: KnowledgeArticle?, editor: Bool,
                            services: [Service], agencies: [Agency], error: String?) -> Node<HTML.BodyContext> {
        let title = typed?.title ?? article?.title
        let body = typed?.body ?? article?.body
        let service = typed?.serviceCode ?? article?.serviceCode
        let tags = typed?.tags ?? article?.tags
        let owner = typed?.ownerAgencyID ?? article?.ownerAgencyID?.uuidString
        let review = typed?.reviewOn ?? article?.reviewOn
        let status = typed?.status ?? article?.status.rawValue
        return .form(.method(.post), .action(action), .class("card"), .id("article-form"),
            Layout.csrfField(req),
            .h2(.text(heading)),
            .unwrap(error) { .p(.class("errors"), .attribute(named: "role", value: "alert"), .text($0)) },
            FormFields.text("title", label: "Tiêu đề", value: title, required: true, maxLength: 200),
            FormFields.textarea("body", label: "Nội dung (dùng để trả lời người dân)", value: body, required: true, maxLength: 20_000),
            FormFields.select("serviceCode", label: "Lĩnh vực", options: ReferenceQueries.serviceOptions(services), selected: service, emptyLabel: "Mọi lĩnh vực"),
            FormFields.text("tags", label: "Thẻ (cách nhau bằng dấu phẩy)", value: tags, maxLength: 1000),
            .if(editor, FormFields.select("ownerAgencyID", label: "Cơ quan chịu trách nhiệm nội dung", options: agencies.map { ($0.id!.uuidString, $0.name) },
                                          selected: owner, emptyLabel: "Trung tâm 1022")),
            FormFields.text("reviewOn", label: "Ngày rà soát lại", value: review, type: .date),
            .if(editor, FormFields.select("status", label: "Trạng thái", options: KnowledgeArticleStatus.allCases.map { ($0.rawValue, $0.label) },
                                          selected: status ?? KnowledgeArticleStatus.internal.rawValue)),
            .button(.type(.submit), .text(article == nil ? (editor ? "Thêm bài viết" : "Gửi đề xuất") : "Lưu bài viết")))
    }

    /// `POST /quan-tri/kien-thuc`: 403 for roles that neither edit nor propose; a refused article (422) shows the
    /// list again with the form as typed and the reason.
    static func create(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let form = try req.content.decode(Form.self)
        do {
            let article = try await KnowledgeBase.create(form.draft, by: acting, on: req.db)
            return req.redirect(to: SiteURL.knowledgeArticle(try article.requireID()).path, redirectType: .normal)
        } catch let error as AppError where error.status == .unprocessableEntity {
            return try await listPage(req, typed: form, error: error.message)
        }
    }

    static func show(_ req: Request) async throws -> Response {
        try await articlePage(req, typed: nil, error: nil)
    }

    static func articlePage(_ req: Request, typed: Form?, error: String?) async throws -> Response {
        let acting = try req.requireActing()
        guard let role = acting.role else { throw AppError.forbidden() }
        let article = try await KnowledgeBase.article(req.parameters.get("id", as: UUID.self), for: acting, on: req.db)
        let id = try article.requireID()
        let services = try await ReferenceQueries.services(on: req.db)
        let agencies = try await ReferenceQueries.agencies(on: req.db)
        let editor = KnowledgeRights.mayEdit(role)
        let mayChange = editor || (article.status == .proposed && acting.agencyID != nil && article.ownerAgencyID == acting.agencyID)
        let serviceName = article.serviceCode.flatMap { code in services.first { $0.id == code }?.name }
        let ownerName = article.ownerAgencyID.flatMap { owner in agencies.first { $0.id == owner }?.name }
        let html = Layout.render(title: article.title, titleIsPeoplesWords: true, for: req, body: .div(
            .p(.a(.href(SiteURL.knowledge.path), .text("« Kiến thức, hỏi đáp"))),
            .article(.class("card"), .id("article"),
                .h1(.peoplesWords, .text(article.title)),
                .p(.class("muted"), .text([article.status.label, serviceName, ownerName ?? "Trung tâm 1022",
                                           // The tags are people's words: only their heading is the page's.
                                           article.tags.isEmpty ? nil : "\(req.localized("Thẻ")): \(article.tags)",
                                           article.reviewOn.flatMap(SolarDay.init(isoString:)).map { "Rà soát lại: \(dayText($0))" }]
                    .compactMap { $0 }.joined(separator: " · "))),
                .div(.peoplesWords, .class("article-body"), .style("white-space:pre-line"), .text(article.body)),
                .if(article.status.isPublic, .p(.a(.href(SiteURL.publicFAQArticle(id).path), .text("Xem trên trang Hỏi đáp công khai"))))),
            .if(editor, .form(.method(.post), .action(SiteURL.knowledgeArticleStatus(id).path), .class("card"), .id("article-status"),
                Layout.csrfField(req),
                .h2(.text("Trạng thái")),
                .forEach(KnowledgeArticleStatus.allCases.filter { $0 != article.status }) { status in
                    .button(.type(.submit), .attribute(named: "name", value: "status"), .attribute(named: "value", value: status.rawValue), .class(status == .published ? "" : "secondary"),
                            .text(statusButton(status)))
                })),
            .if(mayChange, articleForm(req, action: SiteURL.knowledgeArticle(id).path, heading: "Sửa bài viết", typed: typed, article: article,
                                       editor: editor, services: services, agencies: agencies, error: error))
        ))
        return Layout.response(html, status: error == nil ? .ok : .unprocessableEntity)
    }

    static func statusButton(_ status: KnowledgeArticleStatus) -> String {
        switch status {
        case .published: "Công khai trên trang Hỏi đáp"
        case .internal: "Chỉ dùng nội bộ"
        case .retired: "Ngừng sử dụng"
        case .proposed: "Trả về đề xuất"
        }
    }

    /// `POST /quan-tri/kien-thuc/{id}`: 404 / 403 as `KnowledgeBase.update`; a refused change (422) shows the page
    /// again with the form as typed.
    static func update(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let form = try req.content.decode(Form.self)
        let id = req.parameters.get("id", as: UUID.self)
        do {
            try await KnowledgeBase.update(id, with: form.draft, by: acting, on: req.db)
        } catch let error as AppError where error.status == .unprocessableEntity {
            return try await articlePage(req, typed: form, error: error.message)
        }
        return req.redirect(to: SiteURL.knowledgeArticle(id ?? UUID()).path, redirectType: .normal)
    }

    struct StatusForm: Content { var status: String? }

    /// `POST /quan-tri/kien-thuc/{id}/trang-thai`: editors only (403), a known status (422).
    static func setStatus(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        guard let status = try req.content.decode(StatusForm.self).status.flatMap(KnowledgeArticleStatus.init(rawValue:)) else {
            throw AppError.invalid("Trạng thái bài viết không hợp lệ.")
        }
        let id = req.parameters.get("id", as: UUID.self)
        try await KnowledgeBase.setStatus(id, to: status, by: acting, on: req.db)
        return req.redirect(to: SiteURL.knowledgeArticle(id ?? UUID()).path, redirectType: .normal)
    }
}
