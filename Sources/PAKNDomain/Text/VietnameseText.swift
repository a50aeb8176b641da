import Foundation

/// Normalisation of Vietnamese text for storage, search and SMS.
///
/// Vietnamese reaches us in two Unicode forms: precomposed (NFC, what most keyboards produce: `ừ` as U+1EEB) and
/// decomposed (NFD, from some macOS inputs and old VNI/Telex converters: `u` + U+031B + U+0300). Everything stored is
/// NFC (``nfc(_:)``). Search compares folded text (``fold(_:)``), because SQLite FTS5 and
/// `String.folding(options: .diacriticInsensitive)` do not turn `đ` into `d` (`đ` is a letter of its own, not `d` with
/// a combining mark), and citizens often type without diacritics ("duong" for "đường").
///
/// Everything here is pure and works the same on Apple platforms and on Linux (swift-foundation): the only
/// Foundation calls are the canonical (de)composition mappings; marks and `đ` are handled by our own code.
public enum VietnameseText {
    /// Unicode NFC (canonical composition, `precomposedStringWithCanonicalMapping`). Use before storing any text.
    public static func nfc(_ s: String) -> String {
        s.precomposedStringWithCanonicalMapping
    }

    /// Search key: lowercased, diacritics removed (NFD, then every combining mark U+0300–U+036F dropped), `đ`/`Đ` → `d`,
    /// every run of characters that are neither letters nor digits (whitespace, punctuation, symbols) → one space,
    /// trimmed. Result is NFC.
    ///
    /// `"Đường Trần Hưng Đạo"` → `"duong tran hung dao"`; `"0912.345.678"` → `"0912 345 678"`.
    /// Apply the same function to the stored search column and to the query.
    public static func fold(_ s: String) -> String {
        let stripped = stripDiacritics(s.lowercased())
        var out = ""
        out.reserveCapacity(stripped.utf8.count)
        var pendingSpace = false
        for character in stripped {
            if character.isLetter || character.isNumber {
                if pendingSpace, !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(character)
            } else {
                pendingSpace = true
            }
        }
        return out
    }

    /// Vietnamese "không dấu", for SMS (an SMS in GSM-7 holds 160 characters; with one Vietnamese letter it becomes
    /// UCS-2 and holds 70): diacritics removed and `đ`/`Đ` → `d`/`D`, case, digits, spacing and punctuation kept.
    /// Result is NFC. `"Đã tiếp nhận"` → `"Da tiep nhan"`.
    public static func withoutDiacritics(_ s: String) -> String {
        stripDiacritics(s)
    }

    /// For single-line fields (titles, names, address lines): NFC, every whitespace character (including tabs, line
    /// breaks and U+00A0) counted as a space, other control characters (Unicode category Cc) and invisible format
    /// characters that are only ever abuse or garbage in a one-line field (U+200B zero-width space, U+FEFF byte-order
    /// mark, the bidirectional embeddings and overrides U+202A–U+202E and isolates U+2066–U+2069) removed, runs of
    /// spaces collapsed to one, trimmed.
    public static func sanitizedLine(_ s: String) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in nfc(s).unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = true
            } else if isRemovable(scalar) {
                continue
            } else {
                if pendingSpace, !out.isEmpty { out.unicodeScalars.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(scalar)
            }
        }
        return nfc(out)
    }

    /// For multi-line text (the content of a request, an answer): NFC; `\r\n` and lone `\r` (and U+2028/U+2029) →
    /// `\n`; tab → space; other control and invisible format characters removed as in ``sanitizedLine(_:)``; trailing
    /// whitespace removed from every line; runs of more than two blank lines collapsed to two; leading and trailing
    /// blank lines and whitespace removed. Indentation and spacing inside a line are kept.
    public static func sanitizedText(_ s: String) -> String {
        var cleaned = ""
        var previousWasCR = false
        for scalar in nfc(s).unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\r", "\u{2028}", "\u{2029}":
                cleaned.unicodeScalars.append("\n")
            case "\n":
                if !previousWasCR { cleaned.unicodeScalars.append("\n") }
            case "\t":
                cleaned.unicodeScalars.append(" ")
            default:
                if isRemovable(scalar) { continue }
                cleaned.unicodeScalars.append(scalar)
            }
        }
        var lines: [Substring] = []
        var blankRun = 0
        for rawLine in cleaned.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = rawLine
            while let last = line.last, last.isWhitespace { line.removeLast() }
            if line.isEmpty {
                blankRun += 1
                if blankRun > 2 { continue }
            } else {
                blankRun = 0
            }
            lines.append(line)
        }
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        var joined = lines.joined(separator: "\n")
        while let first = joined.first, first.isWhitespace { joined.removeFirst() }
        return nfc(joined)
    }

    /// Words of a search query, folded (``fold(_:)``), in order, without duplicates.
    /// `"Đường  đường, Trần"` → `["duong", "tran"]`.
    public static func searchTerms(_ query: String) -> [String] {
        var seen = Set<Substring>()
        var terms: [String] = []
        for word in fold(query).split(separator: " ") where seen.insert(word).inserted {
            terms.append(String(word))
        }
        return terms
    }

    // MARK: - Internals shared with masking

    /// NFD, drop combining diacritical marks U+0300–U+036F, `đ` → `d`, `Đ` → `D`, back to NFC.
    static func stripDiacritics(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F: continue
            case 0x0111: out.append("d")
            case 0x0110: out.append("D")
            default: out.append(scalar)
            }
        }
        return String(out).precomposedStringWithCanonicalMapping
    }

    /// The folded form of one character (lowercased, without diacritics, `đ` → `d`), used where positions in the
    /// original text must be kept (masking). Usually one character; empty for a lone combining mark.
    static func foldCharacter(_ c: Character) -> String {
        stripDiacritics(String(c).lowercased())
    }

    /// Whether `s` has no Vietnamese diacritics and no `đ`, i.e. was written "không dấu".
    static func isWithoutDiacritics(_ s: String) -> Bool {
        !s.decomposedStringWithCanonicalMapping.unicodeScalars.contains {
            (0x0300...0x036F).contains($0.value) || $0.value == 0x0111 || $0.value == 0x0110
        }
    }

    /// Control (Cc) characters other than whitespace, and the invisible format characters listed in
    /// ``sanitizedLine(_:)``.
    private static func isRemovable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B, 0xFEFF, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return scalar.properties.generalCategory == .control
        }
    }

    /// A number for people, Vietnamese style: rounded to one decimal, a decimal comma, none for a whole number
    /// ("12", "12,5", "-0,5"; TCVN and everyday Vietnamese writing use the comma).
    public static func decimal(_ value: Double) -> String {
        let tenth = (value * 10).rounded() / 10
        guard abs(tenth) < 1e15 else { return "\(tenth)" }
        return tenth == tenth.rounded() ? String(Int(tenth)) : String(format: "%.1f", tenth).replacingOccurrences(of: ".", with: ",")
    }

    /// A whole number for people, thousands grouped with dots as Vietnamese writes them ("12.345", "-1.000", "999").
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: ".")
    }
}
