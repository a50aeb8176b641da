import Foundation
import PAKNDomain

/// The English translations of the pages' Vietnamese texts (issue 14, "English"), gettext-style: the key is the
/// Vietnamese text exactly as the page shows it (NFC, trimmed), the value its English.
///
/// Files: `Resources/locales/en/*.json`, each one flat JSON object of strings, one file per area of the site
/// (`public.json`, `backoffice.json`, `admin.json`, `messages.json`, …). A key may hold `%@` for a part that varies (a number, a name, a date); the
/// value then holds as many `%@`, in order, or `%1$@`, `%2$@` to reorder them. A varying part that is itself a key
/// (a status, a field's name) is translated too.
public struct TranslationCatalogue: Sendable {
    /// A key with varying parts, matched as a whole.
    struct Pattern: Sendable {
        let key: String
        /// The key's fixed parts, in order: `"Đăng xuất %@"` → `["Đăng xuất ", ""]`.
        let pieces: [String]
        let template: String
    }

    /// Exact keys → English.
    let exact: [String: String]
    /// Keys with `%@`, the longest first (the most specific wins).
    let patterns: [Pattern]
    /// Keys defined twice with different English, as `file: key` (a catalogue that says two things is a bug).
    public let conflicts: [String]

    /// A catalogue from `(file name, JSON object)` pairs.
    init(files: [(name: String, entries: [String: String])]) {
        var exact: [String: String] = [:]
        var patterns: [Pattern] = []
        var conflicts: [String] = []
        var seen: [String: String] = [:]
        for file in files.sorted(by: { $0.name < $1.name }) {
            for (rawKey, value) in file.entries {
                let key = VietnameseText.nfc(rawKey.trimmingCharacters(in: .whitespacesAndNewlines))
                if let earlier = seen[key] {
                    if earlier != value { conflicts.append("\(file.name): \(key)") }
                    continue
                }
                seen[key] = value
                if key.contains("%@") {
                    patterns.append(Pattern(key: key, pieces: key.components(separatedBy: "%@"), template: value))
                } else {
                    exact[key] = value
                }
            }
        }
        self.exact = exact
        self.patterns = patterns.sorted { $0.key.count > $1.key.count }
        self.conflicts = conflicts
    }

    /// Loads every `*.json` file of `directory`.
    /// - Throws: a file that is not a JSON object of strings (`DecodingError`), or unreadable.
    public static func load(directory: URL) throws -> TranslationCatalogue {
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
        return TranslationCatalogue(files: try files.map { url in
            (url.lastPathComponent, try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url)))
        })
    }

    /// The English catalogue shipped with the program (`Resources/locales/en`); empty if it is missing.
    public static let shippedEnglish: TranslationCatalogue = {
        guard let url = Bundle.module.url(forResource: "Resources/locales/en", withExtension: nil),
              let catalogue = try? load(directory: url) else { return TranslationCatalogue(files: []) }
        return catalogue
    }()

    /// This catalogue with more exact entries (the site's own names in English, from configuration) laid over it.
    func adding(_ entries: [String: String]) -> TranslationCatalogue {
        guard !entries.isEmpty else { return self }
        var table = exact
        for (key, value) in entries { table[VietnameseText.nfc(key)] = value }
        return TranslationCatalogue(exact: table, patterns: patterns, conflicts: conflicts)
    }

    private init(exact: [String: String], patterns: [Pattern], conflicts: [String]) {
        self.exact = exact
        self.patterns = patterns
        self.conflicts = conflicts
    }

    /// The English of a Vietnamese text (trimmed, NFC), or `nil` when the catalogue has none. Texts without a
    /// Vietnamese letter that are not keys are returned unchanged (numbers, codes, names in Latin letters).
    ///
    /// Tried in order: the text as a key; a key with varying parts; the text without a mark around it (the "*" of
    /// a required field, a leading "–" or "·"); the text cut at its separators (" · ", " – ", "; ") into the
    /// longest runs that are keys, as pages join a field's group and name or a date and a status.
    public func english(_ text: String) -> String? {
        if let value = exact[text] { return value }
        // Numbers, codes, dates and names in Latin letters: nothing to translate, nothing to search for.
        guard DisplayLanguage.hasVietnameseLetters(text) else { return text }
        return translated(text, depth: 0)
    }

    /// Marks kept around a translated core.
    private static let prefixes = ["– ", "— ", "· ", "(", "“"]
    private static let suffixes = [" *", ":", ".", ",", ")", "”", " –"]
    private static let separators = [" · ", "; ", " – ", " — ", " → "]

    /// The best reading of `text`: the first way that leaves no Vietnamese, else the one that leaves the fewest
    /// Vietnamese words (a name inside stays as it is), else `nil`.
    private func translated(_ text: String, depth: Int) -> String? {
        if let value = exact[text] { return value }
        guard depth < 8, !text.isEmpty else { return nil }
        var best: (english: String, left: Int)?
        func consider(_ candidate: String?) -> Bool {
            guard let candidate else { return false }
            let left = Self.vietnameseWords(candidate)
            if best == nil || left < best!.left { best = (candidate, left) }
            return left == 0
        }
        if consider(patterned(text, depth: depth)) { return best?.english }
        // A label with a value after it ("Tiếp nhận, 12/26: 4", "Đúng hạn: 1"): the label alone.
        if let cut = Self.valueStart(text),
           consider(translated(String(text[..<cut]), depth: depth + 1).map { $0 + text[cut...] }) { return best?.english }
        for prefix in Self.prefixes where text.hasPrefix(prefix) {
            if consider(translated(String(text.dropFirst(prefix.count)), depth: depth + 1).map { prefix + $0 }) { return best?.english }
        }
        for suffix in Self.suffixes where text.hasSuffix(suffix) {
            if consider(translated(String(text.dropLast(suffix.count)), depth: depth + 1).map { $0 + suffix }) { return best?.english }
        }
        for separator in Self.separators where text.contains(separator) {
            if consider(segmented(text.components(separatedBy: separator), separator: separator, depth: depth)) { return best?.english }
        }
        // Sentences put one after the other ("Không gửi được… . Chưa cấu hình…"): each on its own.
        let sentences = text.components(separatedBy: ". ")
        if sentences.count > 1 {
            let ended = sentences.dropLast().map { $0 + "." } + [sentences.last!]
            let english = ended.map { exact[$0] ?? translated($0, depth: depth + 1) }
            if english.allSatisfy({ $0 != nil }) { _ = consider(english.map { $0! }.joined(separator: " ")) }
        }
        // Only a reading that changed something counts.
        guard let best, best.left < Self.vietnameseWords(text) else { return nil }
        return best.english
    }

    /// Where a value without letters begins after a label's ", " or ": " at the end of `text` ("Đúng hạn: 1" → ": 1"),
    /// or `nil`.
    static func valueStart(_ text: String) -> String.Index? {
        var index = text.endIndex
        while index > text.startIndex {
            let before = text.index(before: index)
            let character = text[before]
            if character.isLetter { return nil }
            if character == " ", before > text.startIndex {
                let mark = text.index(before: before)
                if (text[mark] == "," || text[mark] == ":"), mark > text.startIndex, before < text.index(before: text.endIndex) { return mark }
            }
            index = before
        }
        return nil
    }

    /// How many words of `text` hold a Vietnamese letter.
    static func vietnameseWords(_ text: String) -> Int {
        text.split(separator: " ").filter { DisplayLanguage.hasVietnameseLetters(String($0)) }.count
    }

    /// The text as a key with varying parts, each part translated when it can be.
    private func patterned(_ text: String, depth: Int) -> String? {
        for pattern in patterns {
            guard let parts = Self.match(text, pieces: pattern.pieces) else { continue }
            // A varying part never spans texts a page put side by side.
            guard !parts.contains(where: { $0.contains("; ") || $0.contains("·") }) else { continue }
            let filled = parts.map { part in
                // A part is translated whole or kept as it is (a name, a tag list): never half.
                exact[part] ?? translated(part, depth: depth + 1).flatMap { DisplayLanguage.hasVietnameseLetters($0) ? nil : $0 } ?? part
            }
            // Each part ends up English, or stays as it was and is short (a name): a long Vietnamese part, or one
            // only half translated, means the pattern swallowed a sentence it was not made for.
            guard zip(parts, filled).allSatisfy({ part, english in
                !DisplayLanguage.hasVietnameseLetters(english) || (part == english && Self.isName(part))
            }) else { continue }
            return Self.fill(pattern.template, with: filled)
        }
        return nil
    }

    /// Whether a part left in Vietnamese reads as a name (a commune, an agency, a person): a capital first and at
    /// most six words. "trong (giờ làm việc)" is not one: a pattern that caught it was not made for the text.
    static func isName(_ part: String) -> Bool {
        guard let first = part.first, first.isUppercase || first.isNumber else { return false }
        return part.split(separator: " ").count <= 6
    }

    /// `parts` joined back with `separator`, each longest run of parts that is translatable translated; `nil` when
    /// no run was (a part that is a name stays as it is).
    private func segmented(_ parts: [String], separator: String, depth: Int) -> String? {
        var out: [String] = []
        var index = 0
        var any = false
        while index < parts.count {
            var taken = false
            for end in stride(from: parts.count, to: index, by: -1) {
                let run = parts[index..<end].joined(separator: separator)
                // A run of several parts counts only as a whole key (a field named "Đường hư hỏng – ổ gà"), never
                // as a half-translated cut of its own (keys with varying parts were tried on the whole text).
                let candidate: String? = switch end - index {
                case parts.count: nil
                case 1: translated(run, depth: depth + 1)
                default: exact[run]
                }
                if let candidate {
                    out.append(candidate)
                    index = end
                    any = true
                    taken = true
                    break
                }
            }
            if !taken {
                out.append(parts[index])
                index += 1
            }
        }
        return any ? out.joined(separator: separator) : nil
    }

    /// Every English text of the catalogue (for the test that a Vietnamese page shows none of them).
    public var englishTexts: [String] { Array(exact.values) + patterns.map(\.template) }

    /// Every key (for the test that each key the code names exists).
    public var keys: Set<String> { Set(exact.keys).union(patterns.map(\.key)) }

    /// The varying parts of `text` when it has the pattern's fixed `pieces` in order, else `nil`.
    static func match(_ text: String, pieces: [String]) -> [String]? {
        // The fixed ends first: they rule out nearly every pattern at once.
        guard let first = pieces.first, let last = pieces.last, text.hasPrefix(first), text.hasSuffix(last) else { return nil }
        var rest = text.dropFirst(first.count)
        var parts: [String] = []
        for (index, piece) in pieces.dropFirst().enumerated() {
            let isLast = index == pieces.count - 2
            if isLast {
                guard rest.hasSuffix(piece), rest.count > piece.count else { return nil }
                parts.append(String(rest.dropLast(piece.count)))
                rest = rest.suffix(0)
            } else {
                guard let range = rest.range(of: piece), range.lowerBound > rest.startIndex else { return nil }
                parts.append(String(rest[..<range.lowerBound]))
                rest = rest[range.upperBound...]
            }
        }
        return parts
    }

    /// The template with `%@` (in order) or `%1$@`, `%2$@`… replaced by `parts`.
    static func fill(_ template: String, with parts: [String]) -> String {
        var out = template
        if template.contains("$@") {
            for (index, part) in parts.enumerated() { out = out.replacingOccurrences(of: "%\(index + 1)$@", with: part) }
            return out
        }
        for part in parts {
            guard let range = out.range(of: "%@") else { break }
            out.replaceSubrange(range, with: part)
        }
        return out
    }
}
