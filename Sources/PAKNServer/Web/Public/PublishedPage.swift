import PAKNDomain
import Plot
import Vapor

/// Published answers with search that ignores diacritics and case.
enum PublishedPage {
    /// Answers per page.
    static let pageSize = 20

    /// The whole list, newest first, paged by keyset.
    static func render(_ req: Request, page: Keyset.Page<ServiceRequestRecord>, count: Int) -> String {
        Layout.render(title: "Kết quả trả lời", for: req, body: .div(
            .h1(.text("Kết quả trả lời phản ánh, kiến nghị")),
            searchForm(""),
            .p(.class("muted"), .id("result-count"), .text("\(Keyset.countText(count)) kết quả")),
            .forEach(page.rows) { item($0) },
            Pager.node(SiteURL.published.path, query: req.url.query, previous: page.previous, next: page.next)
        ))
    }

    static func searchForm(_ query: String) -> Node<HTML.BodyContext> {
        .form(.method(.get), .action(SiteURL.published.path),
              FormFields.text("q", label: "Tìm kiếm", value: query, type: .search, hint: "Gõ có dấu hoặc không dấu, ví dụ: duong, đèn, ngap"),
              .button(.type(.submit), .text("Tìm")))
    }

    /// Search results, best match first, in numbered pages.
    static func render(_ req: Request, query: String, paging: Paging, items: [ServiceRequestRecord], total: Int) -> String {
        let page = paging.page
        let pages = paging.pageCount(total: total)
        return Layout.render(title: "Kết quả trả lời", for: req, body: .div(
            .h1(.text("Kết quả trả lời phản ánh, kiến nghị")),
            searchForm(query),
            .p(.class("muted"), .id("result-count"), .text("\(Keyset.countText(total)) kết quả")),
            .forEach(items) { item($0) },
            .if(pages > 1, .p(
                .if(page > 1, .a(.href(Layout.attribute("\(SiteURL.published.path)?q=\(query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&trang=\(page - 1)")), .text("← Trang trước "))),
                .text(" Trang \(page)/\(pages) "),
                .if(page < pages, .a(.href(Layout.attribute("\(SiteURL.published.path)?q=\(query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&trang=\(page + 1)")), .text(" Trang sau →")))
            ))
        ))
    }

    static func item(_ record: ServiceRequestRecord) -> Node<HTML.BodyContext> {
        let code = TrackingCode(digits: record.trackingCode)?.formatted ?? record.trackingCode
        return .div(.class("card published-item"),
            .h3(.a(.href(SiteURL.lookupCode(record.trackingCode).path), .peoplesWords, .text(record.publicTitle ?? ""))),
            .p(.class("muted"), .text("Mã \(code) · Công khai \(Layout.date(record.publishedAt))")),
            .p(.peoplesWords, .text(String((record.publicAnswer ?? "").prefix(280))))
        )
    }
}
