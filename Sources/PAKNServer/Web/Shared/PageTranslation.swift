import Foundation

/// Renders a page written in Vietnamese in English (issue 14, "English"): each text between tags, and each
/// attribute people read (`title`, `placeholder`, `aria-label`, `alt`, an option group's `label`, a button's
/// `value`, the page's `<meta>` titles), is looked up in the ``TranslationCatalogue``. People's words stay as they
/// wrote them: an element marked `translate="no"` (``Node/peoplesWords``: a report, a note, an answer, an article),
/// the content of `<textarea>`, `<script>`, `<style>` and `<pre>`, and the values of fields are copied unchanged.
///
/// Why a pass over the page rather than a call at each text: the pages stay readable Vietnamese in the code (the
/// source language of the product), and no text can be forgotten on its way to the page: one that has no English
/// shows up in the test that reads every page in English (`LocalizationTests`).
struct PageTranslation {
    let catalogue: TranslationCatalogue

    /// Elements whose content is copied unchanged.
    private static let verbatim: Set<String> = ["script", "style", "textarea", "pre"]
    /// Attributes people read, translated in every tag.
    private static let readAttributes = ["title", "placeholder", "aria-label", "alt", "label", "data-confirm", "data-message", "data-label"]

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
            let name = Self.name(of: tag)
            rest = rest[rest.index(after: close)...]
            if !tag.hasPrefix("</"), tag.contains(" translate=\"no\""), let end = Self.end(of: name, in: rest) {
                // People's words, with whatever they hold, as written.
                out += tag
                out += rest[..<end]
                rest = rest[end...]
                continue
            }
            out += self.tag(tag, lookup)
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
        let plain = Self.unescaped(core)
        guard let english = lookup(plain), english != plain else { return String(segment) }
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

    /// Where the element `name` that has just opened closes in `rest` (at its `</name`), counting elements of the
    /// same name opened inside it; `nil` for an element without a closing tag.
    private static func end(of name: String, in rest: Substring) -> Substring.Index? {
        var depth = 1
        var index = rest.startIndex
        while let close = rest[index...].range(of: "</\(name)", options: .caseInsensitive) {
            // Elements of the same name opened before this closing tag nest one level deeper.
            var scan = index
            while let open = rest[scan..<close.lowerBound].range(of: "<\(name)", options: .caseInsensitive) {
                if let next = rest[open.upperBound...].first, next == " " || next == ">" { depth += 1 }
                scan = open.upperBound
            }
            depth -= 1
            if depth == 0 { return close.lowerBound }
            index = close.upperBound
        }
        return nil
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
