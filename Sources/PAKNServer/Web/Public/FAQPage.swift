import Foundation
import PAKNDomain
import Plot
import Vapor

/// The public FAQ (issue 14): `/hoi-dap` lists and searches the published knowledge-base articles (diacritic-blind,
/// by field), `/hoi-dap/{id}` shows one. Only `published` articles exist here: a proposed, internal or retired
/// article is a 404, as is any unknown id.
enum FAQPage {
    struct Filter: Content { var q: String?; var linhVuc: String? }

    static func list(_ req: Request) async throws -> Response {
        let filter = try req.query.decode(Filter.self)
        let paging = try Paging.read(req, page: "trang", defaultSize: KnowledgeBase.pageSize, maximumSize: KnowledgeBase.pageSize)
        let page = try await KnowledgeBase.search(filter.q, serviceCode: filter.linhVuc, acting: nil, paging: paging, on: req.db)
        let services = try await ReferenceQueries.services(on: req.db)
        let html = Layout.render(title: "Hỏi đáp", for: req, body: .div(
            .h1(.text("Hỏi đáp")),
            .p(.text("Hướng dẫn thủ tục hành chính và trả lời cho các câu hỏi thường gặp. Không tìm thấy câu trả lời? "),
               .a(.href(SiteURL.submit.path), .text("Gửi phản ánh, kiến nghị")), .text(".")),
            .form(.method(.get), .action(SiteURL.publicFAQ.path), .class("card"), .attribute(named: "role", value: "search"),
                FormFields.text("q", label: "Tìm câu hỏi (gõ có dấu hoặc không dấu)", value: filter.q, maxLength: 200),
                FormFields.select("linhVuc", label: "Lĩnh vực", options: ReferenceQueries.serviceOptions(services), selected: filter.linhVuc, emptyLabel: "Mọi lĩnh vực"),
                .button(.type(.submit), .text("Tìm"))),
            .if(page.articles.isEmpty, .p(.id("faq-empty"), .text("Không có câu hỏi phù hợp."))),
            .ul(.class("faq"), .id("faq"), .forEach(page.articles) { a in
                .li(.a(.href(SiteURL.publicFAQArticle(a.id!).path), .peoplesWords, .text(a.title)),
                    .p(.peoplesWords, .class("muted"), .text(Excerpt.of(a.body, limit: 200))))
            }),
            KnowledgeController.pager(req, page: page)
        ))
        return Layout.response(html)
    }

    static func show(_ req: Request) async throws -> Response {
        let article = try await KnowledgeBase.publicArticle(req.parameters.get("id", as: UUID.self), on: req.db)
        let html = Layout.render(title: article.title, titleIsPeoplesWords: true, for: req, body: .div(
            .p(.a(.href(SiteURL.publicFAQ.path), .text("« Hỏi đáp"))),
            .article(.class("card"), .id("faq-article"),
                .h1(.peoplesWords, .text(article.title)),
                .div(.peoplesWords, .style("white-space:pre-line"), .text(article.body)),
                .p(.class("muted"), .text("Cập nhật \(VietnamTime.dayText(article.updatedAt ?? article.createdAt ?? Date())).")))
        ))
        return Layout.response(html)
    }
}
