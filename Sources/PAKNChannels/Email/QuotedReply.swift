/// A reply's own words apart from the mail it quotes (issue 14: quoted text filled the case's timeline). Display
/// only: the message keeps its whole text.
///
/// The quote starts at the first line, after at least one line of the reply's own text, that is
/// - quoted with `>` (RFC 3676 §4.5, and every client's plain-text reply),
/// - an attribution line: "On … wrote:" (Gmail, Apple Mail, Thunderbird in English), "Vào … đã viết:" (Gmail in
///   Vietnamese), "… schrieb:"-style lines are not recognised,
/// - a separator: "-----Original Message-----" (Outlook), "-------- Original message --------" (Android clients),
///   "----- Tin nhắn gốc -----" / "-------- Thư gốc --------" (Vietnamese clients),
/// - or an Outlook header block: a line "From: …" or "Từ: …" followed within two lines by "Sent: …" / "Gửi: …" /
///   "Date: …".
public enum QuotedReply {
    /// (`own`: the reply's own text, trimmed; `quoted`: the rest from the quote's first line, or nil when nothing
    /// is quoted).
    public static func split(_ text: String) -> (own: String, quoted: String?) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var seenOwn = false
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if seenOwn, startsQuote(trimmed, following: Array(lines[(index + 1)...].prefix(3))) {
                let own = lines[..<index].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                let quoted = lines[index...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                return (own, quoted.isEmpty ? nil : quoted)
            }
            if !trimmed.isEmpty { seenOwn = true }
        }
        return (text.trimmingCharacters(in: .whitespacesAndNewlines), nil)
    }

    static func startsQuote(_ line: String, following: [String]) -> Bool {
        if line.hasPrefix(">") { return true }
        let lower = line.lowercased()
        if lower.hasPrefix("on "), lower.hasSuffix("wrote:") { return true }
        if lower.hasPrefix("vào "), lower.hasSuffix("đã viết:") { return true }
        let separators = ["original message", "tin nhắn gốc", "thư gốc", "forwarded message", "thư chuyển tiếp"]
        if lower.hasPrefix("---"), separators.contains(where: lower.contains) { return true }
        if lower.hasPrefix("from:") || lower.hasPrefix("từ:") {
            let next = following.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            return next.contains { $0.hasPrefix("sent:") || $0.hasPrefix("gửi:") || $0.hasPrefix("date:") || $0.hasPrefix("ngày:") }
        }
        return false
    }
}
