import Foundation

/// An e-mail address with its optional display name (RFC 5322 §3.4), display name RFC 2047-decoded.
public struct EmailAddress: Sendable, Equatable {
    public var name: String?
    /// The addr-spec, e.g. "an.nguyen@example.vn".
    public var address: String

    public init(name: String? = nil, address: String) { self.name = name; self.address = address }

    /// The first mailbox of an address-list header value: `Name <a@b>`, `"Name" <a@b>`, `a@b (comment)` or `a@b`.
    /// Returns `nil` when no addr-spec with "@" is found (RFC 5322 §3.4).
    public static func parseFirst(_ raw: String) -> EmailAddress? {
        let decoded = RFC2047.decode(raw)
        if let open = decoded.firstIndex(of: "<"), let close = decoded[open...].firstIndex(of: ">") {
            let address = addrSpec(String(decoded[decoded.index(after: open)..<close]))
            var name = decoded[..<open].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
            name = name.replacingOccurrences(of: "\\\"", with: "\"")
            guard address.contains("@") else { return nil }
            return EmailAddress(name: name.isEmpty ? nil : name, address: address)
        }
        let candidate = addrSpec(decoded.split(separator: ",").first.map(String.init) ?? "")
        guard candidate.contains("@"), !candidate.isEmpty else { return nil }
        return EmailAddress(address: candidate)
    }

    /// An addr-spec with comments (CFWS, RFC 5322 §3.2.2) and white space removed.
    static func addrSpec(_ raw: String) -> String {
        var out = ""
        var depth = 0
        for ch in raw {
            if ch == "(" { depth += 1 } else if ch == ")" { depth = max(0, depth - 1) }
            else if depth == 0, !ch.isWhitespace { out.append(ch) }
        }
        return out
    }
}

/// A MIME entity: a message or one body part (RFC 2045, RFC 2046).
public struct MIMEPart: Sendable {
    public var headers: MIMEHeaders
    /// Lower-case media type, "text/plain" when absent (RFC 2045 §5.2).
    public var contentType: String
    /// Decoded Content-Type parameters (charset, boundary, name, …).
    public var contentTypeParameters: [String: String]
    /// Lower-case Content-Disposition value ("inline", "attachment") or `nil`.
    public var disposition: String?
    /// The sanitised file name: Content-Disposition `filename` (RFC 2183 / RFC 2231), else Content-Type `name`.
    public var filename: String?
    /// The body after undoing the Content-Transfer-Encoding (empty for multipart entities).
    public var body: [UInt8]
    /// Child parts of a multipart entity (RFC 2046 §5.1), in order.
    public var parts: [MIMEPart]
}

/// A file carried by a message.
public struct EmailAttachment: Sendable, Equatable {
    public var filename: String?
    public var contentType: String
    /// The decoded size in bytes (even when `data` was dropped for being over the limit).
    public var size: Int
    /// The decoded content, empty when `oversized`.
    public var data: [UInt8]
    public var oversized: Bool
}

/// A parsed RFC 5322 message with what an intake needs: threading keys, sender, text, attachments, loop signals.
///
/// Parsing never fails: whatever cannot be read is listed in `problems` and the rest is returned.
public struct EmailMessage: Sendable {
    public var headers: MIMEHeaders
    public var root: MIMEPart
    /// Decoded, NFC subject (`nil` when the header is absent).
    public var subject: String?
    public var from: EmailAddress?
    /// Message-ID without angle brackets (RFC 5322 §3.6.4), `nil` when absent.
    public var messageID: String?
    public var inReplyTo: [String]
    public var references: [String]
    /// The text body: the first text/plain part, else the first text/html part turned into text; NFC, LF line ends.
    public var text: String
    /// The charset that decoded `text` (see `MIMECharset.Decoded.charset`).
    public var textCharset: String?
    public var attachments: [EmailAttachment]
    /// Why this message must not create a request nor get an answer (RFC 3834, RFC 3464), or `nil`.
    public var automaticReason: String?
    /// Everything that was malformed, in order found. Texts hold no personal data.
    public var problems: [String]

    /// Whether the message is an auto-reply, a bounce or bulk mail (`automaticReason != nil`).
    public var isAutomatic: Bool { automaticReason != nil }

    /// Limits that keep hostile input bounded.
    public struct Limits: Sendable {
        public var maxDepth = 16
        public var maxParts = 500
        public var maxAttachmentBytes = 10 * 1024 * 1024
        public init() {}
    }

    /// Parses raw message bytes (RFC 5322 §2.1: header section, an empty line, the body).
    public static func parse(_ raw: [UInt8], limits: Limits = Limits()) -> EmailMessage {
        var problems: [String] = []
        var partCount = 0
        let root = parseEntity(raw[...], depth: 0, limits: limits, partCount: &partCount, problems: &problems)
        let headers = root.headers
        if headers.fields.isEmpty { problems.append("no header fields") }

        var text = ""
        var charset: String?
        if let (part, isHTML) = findText(root, depth: 0) {
            let decoded = MIMECharset.decode(part.body, charset: part.contentTypeParameters["charset"])
            if decoded.fellBack, part.contentTypeParameters["charset"] != nil {
                problems.append("body declared \(part.contentTypeParameters["charset"] ?? "") read as \(decoded.charset)")
            }
            // Line breaks are stored as LF (RFC 5322 CRLF, or bare CR/LF from broken mailers).
            text = (isHTML ? HTMLText.plain(decoded.text) : decoded.text)
                .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            charset = decoded.charset
        }
        var attachments: [EmailAttachment] = []
        collectAttachments(root, isRoot: true, limits: limits, into: &attachments)

        let from = headers["From"].flatMap(EmailAddress.parseFirst)
        if headers["From"] == nil { problems.append("no From header") }
        else if from == nil { problems.append("From header without a usable address") }

        var message = EmailMessage(
            headers: headers, root: root,
            subject: headers.decoded("Subject"),
            from: from,
            messageID: headers["Message-ID"].flatMap { messageIDs($0).first ?? nonEmpty($0) },
            inReplyTo: headers.all("In-Reply-To").flatMap(messageIDs),
            references: headers.all("References").flatMap(messageIDs),
            text: text, textCharset: charset, attachments: attachments,
            automaticReason: nil, problems: problems)
        message.automaticReason = automaticReason(message)
        return message
    }

    private static func nonEmpty(_ s: String) -> String? {
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }

    /// The `<id>` tokens of a msg-id list (RFC 5322 §3.6.4), brackets removed.
    public static func messageIDs(_ raw: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(raw)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let id = rest[rest.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            if !id.isEmpty { ids.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        return ids
    }

    /// RFC 3834 §2 and §5, RFC 3464, and the header checks of Redmine and Zammad (channels.md §3.4, §3.5).
    static func automaticReason(_ m: EmailMessage) -> String? {
        let h = m.headers
        if let v = h["Auto-Submitted"]?.lowercased().trimmingCharacters(in: .whitespaces),
           !v.isEmpty, v.split(separator: ";").first.map({ $0.trimmingCharacters(in: .whitespaces) }) != "no" {
            return "Auto-Submitted: \(v.split(separator: ";").first ?? "")"
        }
        if let v = h["Precedence"]?.lowercased().trimmingCharacters(in: .whitespaces), ["bulk", "junk", "list"].contains(v) {
            return "Precedence: \(v)"
        }
        if h["X-Autoreply"] != nil { return "X-Autoreply" }
        if h["X-Autorespond"] != nil { return "X-Autorespond" }
        if let v = h["X-Loop"]?.lowercased(), v.contains("yes") || v.contains("true") { return "X-Loop" }
        if h["List-Id"] != nil { return "List-Id" }
        if m.root.contentType == "multipart/report" { return "multipart/report" }
        if let rp = h["Return-Path"], rp.replacingOccurrences(of: " ", with: "") == "<>" { return "empty Return-Path" }
        if let local = m.from?.address.split(separator: "@").first?.lowercased(),
           ["mailer-daemon", "postmaster"].contains(local) {
            return "system sender"
        }
        return nil
    }

    private static func parseEntity(_ bytes: ArraySlice<UInt8>, depth: Int, limits: Limits,
                                    partCount: inout Int, problems: inout [String]) -> MIMEPart {
        partCount += 1
        let (headerBytes, bodyBytes) = splitHeaderBody(bytes)
        let headers = MIMEHeaders.parse(headerBytes, problems: &problems)
        let ct = headers["Content-Type"].map(MIMEParameterizedValue.parse)
        var contentType = ct?.value ?? "text/plain"
        if !contentType.contains("/") {
            if ct != nil { problems.append("Content-Type without a subtype, read as text/plain") }
            contentType = "text/plain"
        }
        let parameters = ct?.parameters ?? [:]
        let cd = headers["Content-Disposition"].map(MIMEParameterizedValue.parse)
        let filename = sanitize(cd?.parameters["filename"] ?? parameters["name"])
        var part = MIMEPart(headers: headers, contentType: contentType, contentTypeParameters: parameters,
                            disposition: cd.map(\.value), filename: filename, body: [], parts: [])
        if contentType.hasPrefix("multipart/") {
            guard let boundary = parameters["boundary"], !boundary.isEmpty else {
                problems.append("multipart without a boundary, read as text")
                part.contentType = "text/plain"
                part.body = Array(bodyBytes)
                return part
            }
            if depth >= limits.maxDepth {
                problems.append("multipart nesting deeper than \(limits.maxDepth), not descended")
                return part
            }
            for child in splitMultipart(bodyBytes, boundary: boundary, problems: &problems) {
                if partCount >= limits.maxParts {
                    problems.append("more than \(limits.maxParts) parts, the rest skipped")
                    break
                }
                part.parts.append(parseEntity(child, depth: depth + 1, limits: limits,
                                              partCount: &partCount, problems: &problems))
            }
            return part
        }
        let cte = headers["Content-Transfer-Encoding"]?.lowercased()
            .trimmingCharacters(in: CharacterSet(charactersIn: " \t;\"")) ?? "7bit"
        switch cte {
        case "base64": part.body = MIMEBytes.base64(bodyBytes)
        case "quoted-printable": part.body = MIMEBytes.quotedPrintable(bodyBytes)
        case "7bit", "8bit", "binary", "", "7-bit", "8-bit", "plain", "none": part.body = Array(bodyBytes)
        default:
            problems.append("unsupported Content-Transfer-Encoding, body kept as is")
            part.body = Array(bodyBytes)
        }
        return part
    }

    /// The header section and the body of an entity: split at the first empty line (LF LF or CRLF CRLF).
    static func splitHeaderBody(_ bytes: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
        // A body part may start with the empty line at once (no headers).
        if bytes.first == 0x0A { return (bytes[bytes.startIndex..<bytes.startIndex], bytes.dropFirst()) }
        if bytes.starts(with: [0x0D, 0x0A]) { return (bytes[bytes.startIndex..<bytes.startIndex], bytes.dropFirst(2)) }
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == 0x0A {
                var j = i + 1
                if j < bytes.endIndex, bytes[j] == 0x0D { j += 1 }
                if j < bytes.endIndex, bytes[j] == 0x0A { return (bytes[..<i], bytes[(j + 1)...]) }
                if j == bytes.endIndex { return (bytes[..<i], bytes[bytes.endIndex...]) }
            }
            i += 1
        }
        return (bytes, bytes[bytes.endIndex...])
    }

    /// RFC 2046 §5.1.1: delimiter lines are "--boundary" (closing "--boundary--") at the start of a line; the line
    /// break before a delimiter belongs to it. Preamble and epilogue are dropped.
    private static func splitMultipart(_ body: ArraySlice<UInt8>, boundary: String,
                                       problems: inout [String]) -> [ArraySlice<UInt8>] {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var lineStart = body.startIndex
        var closed = false
        while lineStart < body.endIndex {
            var lineEnd = lineStart
            while lineEnd < body.endIndex, body[lineEnd] != 0x0A { lineEnd += 1 }
            let line = body[lineStart..<lineEnd]
            if line.starts(with: delimiter) {
                let after = line.dropFirst(delimiter.count)
                let isClosing = after.starts(with: [0x2D, 0x2D])
                let rest = isClosing ? after.dropFirst(2) : after
                if rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    if let start = partStart {
                        var end = lineStart
                        if end > start, body[end - 1] == 0x0A { end -= 1 }
                        if end > start, body[end - 1] == 0x0D { end -= 1 }
                        parts.append(body[start..<max(start, end)])
                    }
                    if isClosing { closed = true; break }
                    partStart = min(lineEnd + 1, body.endIndex)
                }
            }
            lineStart = lineEnd + 1
        }
        if !closed {
            if let start = partStart {
                problems.append("multipart without a closing delimiter")
                if start < body.endIndex { parts.append(body[start...]) }
            } else {
                problems.append("multipart boundary not found in the body")
            }
        }
        return parts
    }

    /// Strips "/", "\" and NUL (and other control characters), limits to 255 characters (channels.md §3.3).
    static func sanitize(_ name: String?) -> String? {
        guard let name else { return nil }
        var cleaned = String(String.UnicodeScalarView(name.unicodeScalars.filter {
            $0 != "/" && $0 != "\\" && $0.value >= 0x20 && $0.value != 0x7F
        })).trimmingCharacters(in: .whitespaces)
        if cleaned.count > 255 { cleaned = String(cleaned.prefix(255)) }
        return cleaned.isEmpty ? nil : cleaned
    }

    private static func isAttachment(_ part: MIMEPart) -> Bool {
        part.disposition == "attachment" || part.filename != nil
    }

    /// Depth-first: prefer text/plain anywhere, then text/html; parts that are attachments do not count.
    private static func findText(_ root: MIMEPart, depth: Int) -> (MIMEPart, Bool)? {
        var html: MIMEPart?
        func walk(_ p: MIMEPart) -> MIMEPart? {
            if p.contentType.hasPrefix("multipart/") {
                for c in p.parts { if let found = walk(c) { return found } }
                return nil
            }
            if isAttachment(p) { return nil }
            if p.contentType == "text/plain" { return p }
            if p.contentType == "text/html", html == nil { html = p }
            return nil
        }
        if let plain = walk(root) { return (plain, false) }
        if let html { return (html, true) }
        return nil
    }

    private static func collectAttachments(_ p: MIMEPart, isRoot: Bool, limits: Limits, into list: inout [EmailAttachment]) {
        if p.contentType.hasPrefix("multipart/") {
            for c in p.parts { collectAttachments(c, isRoot: false, limits: limits, into: &list) }
            return
        }
        let textual = p.contentType == "text/plain" || p.contentType == "text/html"
        guard isAttachment(p) || (!textual && !isRoot) || (isRoot && !textual && !p.contentType.hasPrefix("text/")) else { return }
        let oversized = p.body.count > limits.maxAttachmentBytes
        list.append(EmailAttachment(filename: p.filename, contentType: p.contentType, size: p.body.count,
                                    data: oversized ? [] : p.body, oversized: oversized))
    }
}

/// HTML-only mail turned into plain text: scripts and styles dropped, block ends become line breaks, tags removed,
/// every character reference of the HTML Standard decoded (`decodeReferences`).
enum HTMLText {
    static func plain(_ html: String) -> String {
        var s = html
        for tag in ["script", "style", "head"] {
            while let open = s.range(of: "<\(tag)", options: .caseInsensitive),
                  let close = s.range(of: "</\(tag)>", options: .caseInsensitive, range: open.upperBound..<s.endIndex) {
                s.removeSubrange(open.lowerBound..<close.upperBound)
            }
        }
        var out = ""
        var inTag = false
        var tagName = ""
        for ch in s {
            if inTag {
                if ch == ">" {
                    inTag = false
                    let name = tagName.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "/ "))
                        .split(separator: " ").first.map(String.init) ?? ""
                    if ["br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "table"].contains(name),
                       name == "br" || !(out.last?.isNewline ?? true) { out += "\n" }
                } else { tagName.append(ch) }
            } else if ch == "<" { inTag = true; tagName = "" }
            else { out.append(ch) }
        }
        out = decodeReferences(out).replacingOccurrences(of: "\u{00A0}", with: " ")
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        var result: [String] = []
        for line in lines where !(line.isEmpty && (result.last?.isEmpty ?? true)) { result.append(line) }
        return result.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            .precomposedStringWithCanonicalMapping
    }

    /// The HTML Standard's named character references (§13.5: `acirc` → "â"), from `Resources/html-entities`.
    static let namedReferences: [String: String] = {
        guard let url = Bundle.module.url(forResource: "Resources/html-entities/entities", withExtension: "json"),
              let data = try? Data(contentsOf: url),
              let table = try? JSONDecoder().decode([String: String].self, from: data) else { return [:] }
        return table
    }()

    /// Every character reference decoded, in one pass: named (`&acirc;`, case as written, the whole table of the
    /// HTML Standard), decimal (`&#7843;`) and hexadecimal (`&#x1EA3;`); anything else, and a reference to no
    /// character, is left as written. One pass, so `&amp;lt;` becomes `&lt;`, not `<`.
    static func decodeReferences(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(40).firstIndex(of: ";") {
                let body = after[..<semi]
                var decoded: String?
                if body.first == "#" {
                    let digits = body.dropFirst()
                    let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
                    if let value, value != 0, let scalar = Unicode.Scalar(value) { decoded = String(Character(scalar)) }
                } else if !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                    decoded = namedReferences[String(body)]
                }
                if let decoded {
                    out += decoded
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        return out + rest
    }
}
