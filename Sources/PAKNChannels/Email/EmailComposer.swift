import Foundation
import PAKNDomain

/// Builds outgoing RFC 5322 messages in UTF-8; `EmailSender` (PAKNServer) pipes them to sendmail.
///
/// - Subject and display names: RFC 2047 B encoded-words of at most 75 characters (§2), split only between whole
///   characters (§5), on folded lines.
/// - Body: `text/plain; charset=utf-8`, `Content-Transfer-Encoding: base64` in 76-character lines (RFC 2045 §6.8).
/// - Automatic notices carry `Auto-Submitted: auto-replied` (RFC 3834 §5), `X-Auto-Response-Suppress: All` and
///   `Precedence: bulk` (channels.md §3.4); replies written by a person carry none of them.
public enum EmailComposer {
    /// A Message-ID of the recommended shape `pakn.<tracking code>.<random>@<domain>` (channels.md §3.2), without
    /// angle brackets.
    public static func messageID(trackingCode: TrackingCode?, domain: String) -> String {
        let random = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        return "pakn.\(trackingCode?.formatted ?? "0").\(random)@\(domain)"
    }

    /// Encodes `text` as RFC 2047 B words joined by CRLF SP (folding), or returns it unchanged when it is printable
    /// ASCII. Each word holds whole characters and is at most 75 characters long.
    public static func encodeWords(_ text: String) -> String {
        let nfc = text.precomposedStringWithCanonicalMapping
        if nfc.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) { return nfc }
        let prefix = "=?utf-8?B?", suffix = "?="
        // 42 bytes → 56 base64 characters → 68-character words: within RFC 2047's 75, and a "Subject: " line stays
        // within RFC 5322 §2.1.1's 78.
        let maxBytes = 42
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in nfc {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maxBytes, !chunk.isEmpty {
                words.append(prefix + Data(chunk).base64EncodedString() + suffix)
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(prefix + Data(chunk).base64EncodedString() + suffix) }
        return words.joined(separator: "\r\n ")
    }

    /// The complete message as CRLF-terminated bytes, ready for `sendmail -t -i`.
    public static func compose(from: EmailAddress, to: EmailAddress, subject: String, body: String, messageID: String,
                               inReplyTo: String? = nil, references: [String] = [], automatic: Bool,
                               date: Date) -> [UInt8] {
        func mailbox(_ a: EmailAddress) -> String {
            guard let name = a.name, !name.isEmpty else { return a.address }
            let encoded = encodeWords(name)
            let quoted = encoded == name && name.contains(where: { "()<>[]:;@\\,.\"".contains($0) })
            return (quoted ? "\"" + name.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : encoded) + " <\(a.address)>"
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"  // RFC 5322 §3.3
        var lines = [
            "From: \(mailbox(from))",
            "To: \(mailbox(to))",
            "Subject: \(encodeWords(subject))",
            "Date: \(formatter.string(from: date))",
            "Message-ID: <\(messageID)>",
        ]
        if let inReplyTo { lines.append("In-Reply-To: <\(inReplyTo)>") }
        if !references.isEmpty { lines.append("References: " + references.map { "<\($0)>" }.joined(separator: "\r\n ")) }
        if automatic {
            lines += ["Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All", "Precedence: bulk"]
        }
        lines += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", ""]
        let normalized = body.precomposedStringWithCanonicalMapping
            .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        let encoded = Data(normalized.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return Array((lines.joined(separator: "\r\n") + "\r\n" + encoded + "\r\n").utf8)
    }
}
