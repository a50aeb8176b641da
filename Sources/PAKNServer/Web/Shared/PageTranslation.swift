import Foundation

/// Renders a page written in Vietnamese in English (issue 14, "English"): each text between tags, and each
/// attribute people read (`title`, `placeholder`, `aria-label`, `alt`, a button's `value`, the page's `<meta>`
/// titles), is looked up whole in the ``TranslationCatalogue``. What people typed stays as typed: the content of
/// `<textarea>`, `<script>`, `<style>` and `<pre>`, and the values of fields, are copied unchanged.
///
/// Why a pass over the page rather than a call at each text: the pages stay readable Vietnamese in the code (the
/// source language of the product), and no text can be forgotten on its way to the page: one that has no English
/// shows up in ``TranslationCatalogue/missedTexts`` and in the test that reads every page in English.
struct PageTranslation {
    let catalogue: TranslationCatalogue

    /// Elements whose content is copied unchanged.
    private static let verbatim: Set<String> = ["script", "style", "textarea", "pre"]
    /// Attributes people read, translated in every tag.
    private static let readAttributes = ["title", "placeholder", "aria-label", "alt", "data-confirm", "data-message", "data-label"]

    /// `html` with its Vietnamese texts in English where the catalogue has them.
    func english(_ html: String) -> String {
        // One page repeats its labels (a table's column, a chart's series): each is looked up once per page.
        var memo: [String: String?] = [:]
        func lookup(_ text: String) -> String? {
            if let known = memo[text] { return known }
            let found = catalogue.english(text)
            memo[text] = found
            return found
        }
        var out = ""
        out.reserveCapacity(html.utf8.count + html.utf8.count / 8)
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            out += text(rest[..<open], lookup)
            guard let close = rest[open...].firstIndex(of: ">") else {
                out += rest[open...]
                return out
            }
            let tag = rest[open...close]
            out += self.tag(tag, lookup)
            rest = rest[rest.index(after: close)...]
            let name = Self.name(of: tag)
            if !tag.hasPrefix("</"), Self.verbatim.contains(name),
               let end = rest.range(of: "</\(name)", options: .caseInsensitive) {
                out += rest[..<end.lowerBound]
                rest = rest[end.lowerBound...]
            }
        }
        out += text(rest, lookup)
        return out
    }

    /// A text between tags: its trimmed content translated, its surrounding white space kept.
    private func text(_ segment: Substring, _ lookup: (String) -> String?) -> String {
        guard segment.contains(where: \.isLetter) else { return String(segment) }
        let core = segment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let english = lookup(Self.unescaped(core)), english != core else { return String(segment) }
        let leading = segment.prefix(while: \.isWhitespace)
        let trailing = String(segment.reversed().prefix(while: \.isWhitespace).reversed())
        return leading + Self.escapedText(english) + trailing
    }

    /// A tag with its readable attributes translated.
    private func tag(_ tag: Substring, _ lookup: (String) -> String?) -> String {
        guard !tag.hasPrefix("</"), tag.contains("=\"") else { return String(tag) }
        var result = String(tag)
        var names = Self.readAttributes
        let lower = result.lowercased()
        if lower.contains("type=\"submit\"") || lower.contains("type=\"button\"") { names.append("value") }
        if lower.hasPrefix("<meta"), lower.contains("title\"") || lower.contains("name=\"description\"") { names.append("content") }
        for name in names { result = translated(attribute: name, in: result, lookup) }
        return result
    }

    private func translated(attribute name: String, in tag: String, _ lookup: (String) -> String?) -> String {
        guard let start = tag.range(of: " \(name)=\"") else { return tag }
        guard let end = tag[start.upperBound...].firstIndex(of: "\"") else { return tag }
        let value = String(tag[start.upperBound..<end])
        guard let english = lookup(Self.unescaped(value).trimmingCharacters(in: .whitespacesAndNewlines)),
              english != value else { return tag }
        return tag.replacingCharacters(in: start.upperBound..<end, with: Layout.attribute(english))
    }

    /// The lower-case element name of a tag (`<a href…>` → `a`, `</td>` → `td`).
    private static func name(of tag: Substring) -> String {
        String(tag.drop(while: { $0 == "<" || $0 == "/" }).prefix(while: { $0.isLetter || $0.isNumber })).lowercased()
    }

    /// The text of HTML with its entities for `& < > " '` read back.
    static func unescaped(_ html: String) -> String {
        guard html.contains("&") else { return html }
        return html.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&#x27;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Text for between tags: `&`, `<` and `>` as entities.
    static func escapedText(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
