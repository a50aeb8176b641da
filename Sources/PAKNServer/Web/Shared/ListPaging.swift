import Foundation
import PAKNDomain
import Plot
import Vapor

/// Search and numbered pages for the short lists of the back office (issue 14, "Paging everywhere"): agencies, users,
/// fields, routing rules, knowledge articles. These hold hundreds or a few thousand rows, so a page is cut from the
/// filtered list in memory; the long lists (the queue, the public answers, the APIs) page by keyset in SQL instead.
enum ListPaging {
    /// Rows per page of an admin list.
    static let pageSize = 50

    /// One page of `items`: those whose folded `text` contains every folded word of `query` ("duong" finds
    /// "Đường"), the `page`-th slice of `size`, and whether more follow.
    static func page<T>(_ items: [T], query: String?, paging: Paging, text: (T) -> String) -> (rows: [T], total: Int, hasNext: Bool) {
        let terms = VietnameseText.searchTerms(query ?? "")
        let matching = terms.isEmpty ? items : items.filter { item in
            let folded = " " + VietnameseText.fold(text(item))
            return terms.allSatisfy { folded.contains(" " + $0) }
        }
        let rows = Array(matching.dropFirst(paging.offset).prefix(paging.size))
        return (rows, matching.count, matching.count > paging.offset + paging.size)
    }

    /// The page number and the search of the request (`trang`, `q`). Throws `AppError` 400 as `Paging.read`.
    static func read(_ req: Request) throws -> (paging: Paging, query: String?) {
        (try Paging.read(req, page: "trang", defaultSize: pageSize, maximumSize: pageSize), try? req.query.get(String.self, at: "q"))
    }

    /// The search form of a list at `path`.
    static func searchForm(_ path: String, query: String?, label: String) -> Node<HTML.BodyContext> {
        .form(.method(.get), .action(path), .class("card list-search"), .attribute(named: "role", value: "search"),
              FormFields.text("q", label: label, value: query, type: .search, maxLength: 200, id: "list-q"),
              .button(.type(.submit), .text("Tìm")))
    }

    /// "‹ Trang trước · Trang N · Trang sau ›" under a list, keeping its search.
    static func pager(_ req: Request, page: Int, hasNext: Bool) -> Node<HTML.BodyContext> {
        guard page > 1 || hasNext else { return .empty }
        let path = req.url.path
        return .nav(.class("pager"), .attribute(named: "aria-label", value: "Chuyển trang"),
            .if(page > 1, .a(.href(Layout.attribute(Pager.link(path, query: req.url.query, ["trang=\(page - 1)"]))), .attribute(named: "rel", value: "prev"), .text("‹ Trang trước"))),
            .span(.text(" Trang \(page) ")),
            .if(hasNext, .a(.href(Layout.attribute(Pager.link(path, query: req.url.query, ["trang=\(page + 1)"]))), .attribute(named: "rel", value: "next"), .text("Trang sau ›"))))
    }
}
