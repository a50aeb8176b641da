import Foundation

/// One header field as it appeared, unfolded (RFC 5322 §2.2.3: CRLF removed, the folding white space kept).
public struct MIMEHeaderField: Sendable, Equatable {
    /// The field name as written (compare case-insensitively).
    public var name: String
    /// The unfolded value, not yet RFC 2047-decoded, with leading white space removed.
    public var rawValue: String
}

/// The header section of a message or body part (RFC 5322 §2.2, RFC 2045 §3).
public struct MIMEHeaders: Sendable, Equatable {
    /// Fields in their original order.
    public var fields: [MIMEHeaderField]

    public init(fields: [MIMEHeaderField] = []) { self.fields = fields }

    /// The raw value of the first field called `name` (case-insensitive), or `nil`.
    public subscript(name: String) -> String? {
        let lower = name.lowercased()
        return fields.first { $0.name.lowercased() == lower }?.rawValue
    }

    /// Every raw value of the fields called `name`, in order.
    public func all(_ name: String) -> [String] {
        let lower = name.lowercased()
        return fields.filter { $0.name.lowercased() == lower }.map(\.rawValue)
    }

    /// The first field called `name`, RFC 2047-decoded and NFC-normalised.
    public func decoded(_ name: String) -> String? {
        self[name].map { RFC2047.decode($0) }
    }

    /// Parses a header section. Lines are separated by LF or CRLF; a line starting with SP or HTAB continues the
    /// previous field (RFC 5322 §2.2.3). Lines with no colon are reported in `problems` and skipped.
    /// Header bytes are read as UTF-8 (RFC 6532), falling back per `MIMECharset.decode`.
    public static func parse(_ bytes: ArraySlice<UInt8>, problems: inout [String]) -> MIMEHeaders {
        var fields: [MIMEHeaderField] = []
        var current: (name: String, value: [UInt8])?
        func flush() {
            if let c = current {
                var value = MIMECharset.decode(c.value, charset: nil).text
                while let first = value.first, first == " " || first == "\t" { value.removeFirst() }
                while let last = value.last, last == " " || last == "\t" { value.removeLast() }
                fields.append(MIMEHeaderField(name: c.name, rawValue: value))
            }
            current = nil
        }
        for line in MIMEBytes.lines(bytes) {
            guard let first = line.first else { continue }
            if first == 0x20 || first == 0x09 {
                if current != nil { current!.value.append(contentsOf: line) }
                else { problems.append("header continuation line with no field before it") }
                continue
            }
            flush()
            guard let colon = line.firstIndex(of: 0x3A) else {
                if line.starts(with: Array("From ".utf8)) { continue }  // mbox separator line
                problems.append("header line without a colon skipped")
                continue
            }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
                .trimmingCharacters(in: .whitespaces)
            if name.isEmpty || name.contains(" ") {
                problems.append("malformed header name skipped")
                continue
            }
            current = (name, Array(line[(colon + 1)...]))
        }
        flush()
        return MIMEHeaders(fields: fields)
    }
}

/// Byte helpers shared by the e-mail parser.
enum MIMEBytes {
    /// Splits into lines at LF, dropping the LF and a CR before it.
    static func lines(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == 0x0A {
                var end = i
                if end > start && bytes[end - 1] == 0x0D { end -= 1 }
                result.append(bytes[start..<end])
                start = i + 1
            }
            i += 1
        }
        if start < bytes.endIndex {
            var end = bytes.endIndex
            if end > start && bytes[end - 1] == 0x0D { end -= 1 }
            result.append(bytes[start..<end])
        }
        return result
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    /// Base64 (RFC 2045 §6.8), lenient: characters outside the alphabet are ignored, decoding stops at "=".
    static func base64(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for b in bytes {
            let v: UInt32
            switch b {
            case 0x41...0x5A: v = UInt32(b - 0x41)
            case 0x61...0x7A: v = UInt32(b - 0x61 + 26)
            case 0x30...0x39: v = UInt32(b - 0x30 + 52)
            case 0x2B, 0x2D: v = 62  // "+" (and "-" of the URL alphabet)
            case 0x2F, 0x5F: v = 63  // "/" (and "_")
            case 0x3D:
                // Padding ends a quantum; later quanta (concatenated base64) start afresh.
                buffer = 0; bits = 0; continue
            default: continue
            }
            buffer = (buffer << 6) | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        return out
    }

    /// Quoted-printable (RFC 2045 §6.7): "=XX" octets, "=" at the end of a line is a soft line break (which may fall
    /// inside a multi-byte character), trailing white space on a line is dropped; an invalid "=" is kept literally.
    static func quotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        let lines = lines(bytes)
        let endsWithNewline = bytes.last == 0x0A
        for (index, rawLine) in lines.enumerated() {
            var line = rawLine
            while let last = line.last, last == 0x20 || last == 0x09 { line = line.dropLast() }
            var soft = false
            if line.last == 0x3D { soft = true; line = line.dropLast() }
            var i = line.startIndex
            while i < line.endIndex {
                let b = line[i]
                if b == 0x3D, i + 2 < line.endIndex + 0, let h = hexValue(line[i + 1]), let l = hexValue(line[i + 2]) {
                    out.append(h << 4 | l); i += 3
                } else {
                    out.append(b); i += 1
                }
            }
            if !soft && (index < lines.count - 1 || endsWithNewline) { out.append(0x0D); out.append(0x0A) }
        }
        return out
    }
}

/// RFC 2047 encoded-words in header values: `=?charset?B?…?=` and `=?charset?Q?…?=`.
public enum RFC2047 {
    private enum Piece { case text(String), word(charset: String, bytes: [UInt8]) }

    /// Decodes every encoded-word in `value` and returns NFC text.
    ///
    /// - White space between adjacent encoded-words is dropped (RFC 2047 §6.2).
    /// - In Q encoding "_" is a space (§4.2).
    /// - Adjacent words with the same charset are joined as bytes before decoding, because real mailers split
    ///   multi-byte characters across words (channels.md §3.3).
    /// - Words inside quoted strings and display names are decoded too; malformed words are left as they are.
    public static func decode(_ value: String) -> String {
        guard value.contains("=?") else { return value.precomposedStringWithCanonicalMapping }
        let bytes = Array(value.utf8)
        var pieces: [Piece] = []
        var text: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x3D, i + 1 < bytes.count, bytes[i + 1] == 0x3F, let (word, end) = parseWord(bytes, at: i) {
                if !text.isEmpty { pieces.append(.text(String(decoding: text, as: UTF8.self))); text = [] }
                pieces.append(word)
                i = end
            } else {
                text.append(bytes[i]); i += 1
            }
        }
        if !text.isEmpty { pieces.append(.text(String(decoding: text, as: UTF8.self))) }
        // Drop white space between words, then merge same-charset neighbours.
        var merged: [Piece] = []
        for (index, piece) in pieces.enumerated() {
            if case .text(let t) = piece, t.allSatisfy(\.isWhitespace),
               index > 0, index < pieces.count - 1,
               case .word = pieces[index - 1], case .word = pieces[index + 1] {
                continue
            }
            if case .word(let charset, let b) = piece, let last = merged.last,
               case .word(let lastCharset, let lastBytes) = last, lastCharset == charset,
               !charset.hasPrefix("iso-2022") {
                // ISO-2022 words are self-contained (each returns to ASCII, RFC 1468), and Foundation refuses
                // two of them joined, so they are decoded one by one.
                merged[merged.count - 1] = .word(charset: charset, bytes: lastBytes + b)
                continue
            }
            merged.append(piece)
        }
        var result = ""
        for piece in merged {
            switch piece {
            case .text(let t): result += t
            case .word(let charset, let b): result += MIMECharset.decode(b, charset: charset).text
            }
        }
        return result.precomposedStringWithCanonicalMapping
    }

    private static func parseWord(_ bytes: [UInt8], at start: Int) -> (Piece, Int)? {
        // =?charset?E?text?=
        var i = start + 2
        let charsetStart = i
        while i < bytes.count, bytes[i] != 0x3F, bytes[i] > 0x20 { i += 1 }
        guard i < bytes.count, bytes[i] == 0x3F, i > charsetStart else { return nil }
        let charset = String(decoding: bytes[charsetStart..<i], as: UTF8.self).lowercased()
        i += 1
        guard i + 1 < bytes.count, bytes[i + 1] == 0x3F else { return nil }
        let encoding = bytes[i] | 0x20
        guard encoding == 0x62 || encoding == 0x71 else { return nil }  // b / q
        i += 2
        let textStart = i
        while i + 1 < bytes.count, !(bytes[i] == 0x3F && bytes[i + 1] == 0x3D) {
            if bytes[i] == 0x20 && encoding == 0x62 { return nil }
            i += 1
        }
        guard i + 1 < bytes.count else { return nil }
        let encoded = bytes[textStart..<i]
        let decoded: [UInt8]
        if encoding == 0x62 {
            decoded = MIMEBytes.base64(encoded)
        } else {
            var out: [UInt8] = []
            var j = encoded.startIndex
            while j < encoded.endIndex {
                let b = encoded[j]
                if b == 0x5F { out.append(0x20); j += 1 }
                else if b == 0x3D, j + 2 < encoded.endIndex, let h = MIMEBytes.hexValue(encoded[j + 1]),
                        let l = MIMEBytes.hexValue(encoded[j + 2]) { out.append(h << 4 | l); j += 3 }
                else { out.append(b); j += 1 }
            }
            decoded = out
        }
        return (.word(charset: charset, bytes: decoded), i + 2)
    }
}

/// A structured header value with parameters: `Content-Type` and `Content-Disposition` (RFC 2045 §5.1, RFC 2183).
public struct MIMEParameterizedValue: Sendable, Equatable {
    /// The value before the first ";", lower-cased and trimmed (e.g. "text/plain", "attachment").
    public var value: String
    /// Parameters by lower-case name, fully decoded: RFC 2231 continuations and charsets, and RFC 2047 words in
    /// quoted values (the non-standard form Outlook and Gmail send).
    public var parameters: [String: String]

    /// Parses `value; name=token; name="quoted"; name*=charset'lang'%XX; name*0*=…; name*1=…`.
    public static func parse(_ raw: String) -> MIMEParameterizedValue {
        let chars = Array(raw.unicodeScalars)
        var i = 0
        var main = ""
        while i < chars.count, chars[i] != ";" { main.unicodeScalars.append(chars[i]); i += 1 }
        var simple: [String: String] = [:]
        // name → [section: (value, encoded)]
        var sections: [String: [Int: (String, Bool)]] = [:]
        while i < chars.count {
            i += 1  // skip ";"
            while i < chars.count, chars[i] == " " || chars[i] == "\t" || chars[i] == "\r" || chars[i] == "\n" || chars[i] == ";" { i += 1 }
            var name = ""
            while i < chars.count, chars[i] != "=", chars[i] != ";" { name.unicodeScalars.append(chars[i]); i += 1 }
            name = name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            guard i < chars.count, chars[i] == "=" else { continue }
            i += 1
            while i < chars.count, chars[i] == " " || chars[i] == "\t" || chars[i] == "\r" || chars[i] == "\n" { i += 1 }
            var value = ""
            if i < chars.count, chars[i] == "\"" {
                i += 1
                while i < chars.count, chars[i] != "\"" {
                    if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                    value.unicodeScalars.append(chars[i]); i += 1
                }
                if i < chars.count { i += 1 }
                while i < chars.count, chars[i] != ";" { i += 1 }
            } else {
                while i < chars.count, chars[i] != ";" { value.unicodeScalars.append(chars[i]); i += 1 }
                value = value.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard !name.isEmpty else { continue }
            // RFC 2231 §3 and §4: name*N, name*, name*N*.
            if let star = name.firstIndex(of: "*") {
                let base = String(name[..<star])
                var rest = name[name.index(after: star)...]
                var encoded = false
                if rest.hasSuffix("*") { encoded = true; rest = rest.dropLast() }
                if rest.isEmpty { encoded = true }  // name*=…
                let section = rest.isEmpty ? 0 : (Int(rest) ?? -1)
                if section >= 0, section < 1000 { sections[base, default: [:]][section] = (value, encoded) }
            } else if simple[name] == nil {
                simple[name] = value
            }
        }
        var parameters: [String: String] = [:]
        for (name, value) in simple { parameters[name] = RFC2047.decode(value) }
        for (name, parts) in sections {
            var charset: String?
            var bytes: [UInt8] = []
            for key in parts.keys.sorted() {
                guard let (value, encoded) = parts[key] else { continue }
                var v = Substring(value)
                if key == parts.keys.min(), encoded {
                    // charset'language'text (RFC 2231 §4)
                    let pieces = v.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if pieces.count == 3 { charset = String(pieces[0]); v = pieces[2] }
                }
                if encoded { bytes += percentDecode(v) } else { bytes += Array(v.utf8) }
            }
            parameters[name] = MIMECharset.decode(bytes, charset: (charset?.isEmpty ?? true) ? nil : charset).text
        }
        return MIMEParameterizedValue(value: main.trimmingCharacters(in: .whitespacesAndNewlines).lowercased(),
                                      parameters: parameters)
    }

    private static func percentDecode(_ s: Substring) -> [UInt8] {
        let b = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            if b[i] == 0x25, i + 2 < b.count, let h = MIMEBytes.hexValue(b[i + 1]), let l = MIMEBytes.hexValue(b[i + 2]) {
                out.append(h << 4 | l); i += 3
            } else { out.append(b[i]); i += 1 }
        }
        return out
    }
}
