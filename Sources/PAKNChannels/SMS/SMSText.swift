import PAKNDomain

/// SMS encoding and segment counting, and the unaccented ("không dấu") form of Vietnamese text
/// (channels.md §5.2, §5.3 items 1–2).
///
/// An SMS carries 140 bytes: 160 GSM-7 septets, or 153 per part when concatenated (6-byte header); in UCS-2, 70
/// UTF-16 units, or 67 per part. One character outside the GSM-7 tables makes the whole message UCS-2. GSM-7
/// extension characters (`^ { } \ [ ~ ] | €` and form feed) take 2 septets.
public enum SMSText {
    /// The alphabet a message is sent in.
    public enum Encoding: String, Sendable, Equatable {
        case gsm7, ucs2
    }

    /// The size of a message.
    public struct Count: Sendable, Equatable {
        /// The alphabet.
        public var encoding: Encoding
        /// Septets (GSM-7, extension characters counting 2) or UTF-16 code units (UCS-2).
        public var units: Int
        /// Segments billed: 0 for empty text; 1 up to 160 septets / 70 units; otherwise ⌈units / 153⌉ or
        /// ⌈units / 67⌉.
        public var segments: Int
        /// Units per segment for this message (160/153 or 70/67).
        public var unitsPerSegment: Int
    }

    /// The GSM 03.38 basic character table (without the escape code).
    static let basic: Set<Character> = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
    /// The GSM 03.38 extension table: two septets each (escape + code).
    static let extensionTable: Set<Character> = Set("^{}\\[~]|€\u{0C}")

    /// Whether every character of `text` is in the GSM-7 basic or extension table.
    public static func isGSM7(_ text: String) -> Bool {
        text.allSatisfy { basic.contains($0) || extensionTable.contains($0) }
    }

    /// The encoding, units and segments of `text` as sent (no conversion).
    public static func count(_ text: String) -> Count {
        if isGSM7(text) {
            let septets = text.reduce(0) { $0 + (extensionTable.contains($1) ? 2 : 1) }
            let perSegment = septets <= 160 ? 160 : 153
            return Count(encoding: .gsm7, units: septets, segments: segments(septets, single: 160, multi: 153),
                         unitsPerSegment: perSegment)
        }
        let units = text.utf16.count
        return Count(encoding: .ucs2, units: units, segments: segments(units, single: 70, multi: 67),
                     unitsPerSegment: units <= 70 ? 70 : 67)
    }

    private static func segments(_ units: Int, single: Int, multi: Int) -> Int {
        if units == 0 { return 0 }
        if units <= single { return 1 }
        return (units + multi - 1) / multi
    }

    /// Replacements for common characters outside GSM-7 that have an ASCII equivalent.
    static let replacements: [Character: String] = [
        "“": "\"", "”": "\"", "„": "\"", "«": "\"", "»": "\"",
        "‘": "'", "’": "'", "‚": "'", "`": "'", "´": "'",
        "–": "-", "—": "-", "‐": "-", "−": "-",
        "…": "...", "•": "-", "·": ".",
        "\u{00A0}": " ", "\u{2009}": " ", "\u{202F}": " ", "\t": " ",
    ]

    /// The unaccented GSM-7 form of Vietnamese text (§5.2 "Stripping algorithm"): `đ`/`Đ` → `d`/`D`, every tone and
    /// vowel mark removed (`VietnameseText.withoutDiacritics`, identical for NFC and NFD input), smart quotes,
    /// dashes, ellipsis and special spaces replaced by ASCII, and every remaining character outside GSM-7 (emoji,
    /// other scripts) removed. `"Phản ánh “đường” – OK 👍"` → `"Phan anh \"duong\" - OK "`.
    public static func unaccented(_ text: String) -> String {
        var out = ""
        for character in VietnameseText.withoutDiacritics(text) {
            if basic.contains(character) || extensionTable.contains(character) {
                out.append(character)
            } else if let replacement = replacements[character] {
                out += replacement
            }
        }
        return out
    }
}
