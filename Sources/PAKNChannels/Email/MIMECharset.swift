import Foundation

/// Text decoding for MIME charsets (RFC 2045 §2.2, RFC 2046 §4.1.2), failing soft.
///
/// channels.md §3.3: try the declared charset, then UTF-8, then windows-1258, then windows-1252 (and finally
/// ISO-8859-1, which maps every byte), record which one won, and normalise the result to NFC.
public enum MIMECharset {
    /// The outcome of decoding bytes as text.
    public struct Decoded: Sendable, Equatable {
        /// The text, in Unicode Normalization Form C.
        public var text: String
        /// The charset that actually decoded the bytes (lower case, canonical name).
        public var charset: String
        /// `true` when the declared charset could not be used (unknown, unsupported or not matching the bytes).
        public var fellBack: Bool
    }

    /// Foundation's encoding for a MIME charset name, or `nil` when unknown here.
    ///
    /// Encodings outside `String.Encoding`'s named constants use the CoreFoundation raw value with the high bit set
    /// (windows-1258 is CFStringEncoding 0x0508, so `0x8000_0508`; 0x0504 is Turkish: channels.md §3.3).
    public static func encoding(named name: String) -> String.Encoding? {
        var key = name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        // RFC 2231 §5: a language may follow the charset after "*".
        if let star = key.firstIndex(of: "*") { key = String(key[..<star]) }
        key = key.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        switch key {
        case "utf-8", "utf8", "unicode-1-1-utf-8": return .utf8
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us": return .utf8  // a superset: 8-bit junk still decodes
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1": return .isoLatin1
        case "iso-8859-2", "iso8859-2", "latin2": return .isoLatin2
        case "windows-1252", "cp1252", "x-cp1252": return .windowsCP1252
        case "windows-1250", "cp1250": return .windowsCP1250
        case "windows-1251", "cp1251": return .windowsCP1251
        case "windows-1253", "cp1253": return .windowsCP1253
        case "windows-1254", "cp1254": return .windowsCP1254
        case "windows-1258", "cp1258", "x-cp1258": return String.Encoding(rawValue: 0x8000_0508)
        case "iso-2022-jp", "csiso2022jp": return .iso2022JP
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "cp932", "windows-31j": return .shiftJIS
        case "euc-jp": return .japaneseEUC
        case "utf-16": return .utf16
        case "utf-16be": return .utf16BigEndian
        case "utf-16le": return .utf16LittleEndian
        case "iso-8859-3": return String.Encoding(rawValue: 0x8000_0203)
        case "iso-8859-4": return String.Encoding(rawValue: 0x8000_0204)
        case "iso-8859-5": return String.Encoding(rawValue: 0x8000_0205)
        case "iso-8859-6": return String.Encoding(rawValue: 0x8000_0206)
        case "iso-8859-7": return String.Encoding(rawValue: 0x8000_0207)
        case "iso-8859-8", "iso-8859-8-i": return String.Encoding(rawValue: 0x8000_0208)
        case "iso-8859-9": return String.Encoding(rawValue: 0x8000_0209)
        case "iso-8859-15", "latin-9": return String.Encoding(rawValue: 0x8000_020F)
        case "windows-1255", "cp1255": return String.Encoding(rawValue: 0x8000_0505)
        case "windows-1256", "cp1256": return String.Encoding(rawValue: 0x8000_0506)
        case "windows-1257", "cp1257": return String.Encoding(rawValue: 0x8000_0507)
        case "koi8-r": return String.Encoding(rawValue: 0x8000_0A02)
        case "big5", "big-5", "cn-big5": return String.Encoding(rawValue: 0x8000_0A03)
        case "ks_c_5601-1987", "euc-kr", "cp949", "ks_c_5601": return String.Encoding(rawValue: 0x8000_0422)
        case "gb2312", "gbk", "gb18030", "euc-cn", "x-gbk": return String.Encoding(rawValue: 0x8000_0632)
        default: return nil
        }
    }

    /// Decodes `bytes` declared as `charset` (nil when no charset was declared), never failing.
    public static func decode(_ bytes: [UInt8], charset: String?) -> Decoded {
        let declared = charset?.trimmingCharacters(in: .whitespaces).lowercased()
        let data = Data(bytes)
        // Labelled Latin-1 or Windows-1252 (or ASCII) but valid UTF-8 with multi-byte sequences: a client that wrote
        // UTF-8 and declared the default. Every byte string is "valid" Latin-1, so its decoder would turn Vietnamese
        // into mojibake ("Ä\u{91}Æ°á»\u{9d}ng"); valid multi-byte UTF-8 is almost never intended Latin-1, and mail
        // clients read it as UTF-8 (the choice is reported: `fellBack`).
        if let declared, Self.latinLabels.contains(canonicalName(declared)), bytes.contains(where: { $0 >= 0x80 }),
           let text = String(data: data, encoding: .utf8) {
            return Decoded(text: text.precomposedStringWithCanonicalMapping, charset: "utf-8", fellBack: true)
        }
        if let declared, !declared.isEmpty, let encoding = encoding(named: declared) {
            if let text = String(data: data, encoding: encoding) {
                return Decoded(text: text.precomposedStringWithCanonicalMapping,
                               charset: canonicalName(declared), fellBack: false)
            }
            if encoding == .utf8 && !isASCIIName(declared) {
                // Declared UTF-8 but invalid: replace the bad bytes, do not drop the text (channels.md §3.7).
                return Decoded(text: String(decoding: bytes, as: UTF8.self).precomposedStringWithCanonicalMapping,
                               charset: "utf-8", fellBack: true)
            }
        }
        let fellBack = declared != nil && !(declared ?? "").isEmpty
        if let text = String(data: data, encoding: .utf8) {
            return Decoded(text: text.precomposedStringWithCanonicalMapping, charset: "utf-8",
                           fellBack: fellBack && !isASCIIName(declared ?? ""))
        }
        if let text = String(data: data, encoding: String.Encoding(rawValue: 0x8000_0508)) {
            return Decoded(text: text.precomposedStringWithCanonicalMapping, charset: "windows-1258", fellBack: true)
        }
        if let text = String(data: data, encoding: .windowsCP1252) {
            return Decoded(text: text.precomposedStringWithCanonicalMapping, charset: "windows-1252", fellBack: true)
        }
        let text = String(bytes.map { Character(Unicode.Scalar($0)) })
        return Decoded(text: text.precomposedStringWithCanonicalMapping, charset: "iso-8859-1", fellBack: true)
    }

    /// The labels a UTF-8 body is most often sent under by mistake (a client's default).
    static let latinLabels: Set<String> = ["iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "windows-1252", "cp1252", "x-cp1252",
                                           "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us"]

    private static func isASCIIName(_ name: String) -> Bool {
        ["us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us"].contains(name)
    }

    private static func canonicalName(_ name: String) -> String {
        var key = name
        if let star = key.firstIndex(of: "*") { key = String(key[..<star]) }
        return key
    }
}
