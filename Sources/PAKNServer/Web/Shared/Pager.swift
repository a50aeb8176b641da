import Foundation
import Plot

/// The links under a keyset-paged list: first, previous (`rel="prev"`), next (`rel="next"`) and last, each keeping
/// the list's own filters. A link is shown only where there is a page to go to.
enum Pager {
    /// The cursor parameters a list reads (``Keyset/Position/read(_:)``), and the page number lists used before.
    static let positionParameters: Set<String> = ["sau", "truoc", "cuoi", "page", "trang"]

    /// `path` with the request's query minus its position parameters, plus `extra`.
    static func link(_ path: String, query: String?, _ extra: [String] = []) -> String {
        let kept = (query ?? "").split(separator: "&").map(String.init).filter { pair in
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? pair
            return !name.isEmpty && !positionParameters.contains(name)
        }
        let all = kept + extra
        return all.isEmpty ? path : path + "?" + all.joined(separator: "&")
    }

    static func node(_ path: String, query: String?, previous: Keyset.Cursor?, next: Keyset.Cursor?) -> Node<HTML.BodyContext> {
        guard previous != nil || next != nil else { return .empty }
        func anchor(_ href: String, _ text: String, rel: String?) -> Node<HTML.BodyContext> {
            .a(.href(Layout.attribute(href)), .unwrap(rel) { .attribute(named: "rel", value: $0) }, .text(text))
        }
        return .nav(.class("pager"), .attribute(named: "aria-label", value: "Chuyển trang"),
            .if(previous != nil, anchor(link(path, query: query), "« Trang đầu", rel: nil)),
            .unwrap(previous) { anchor(link(path, query: query, ["truoc=\($0.text)"]), "‹ Trang trước", rel: "prev") },
            .unwrap(next) { anchor(link(path, query: query, ["sau=\($0.text)"]), "Trang sau ›", rel: "next") },
            .if(next != nil, anchor(link(path, query: query, ["cuoi=1"]), "Trang cuối »", rel: nil)))
    }
}
