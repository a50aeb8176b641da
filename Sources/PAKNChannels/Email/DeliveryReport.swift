import Foundation

/// A delivery status notification (a bounce) about a mail we sent (RFC 3464; RFC 6522 `multipart/report`): which of
/// our mails failed, and why (issue 14: a bounce of a notice did not mark it failed).
public struct DeliveryReport: Sendable, Equatable {
    /// The failed mail's Message-ID, with angle brackets, from the returned headers (`text/rfc822-headers` or
    /// `message/rfc822` part, RFC 6522 §3).
    public var originalMessageID: String
    /// The DSN status code of the first failed recipient ("5.1.1"; RFC 3463).
    public var status: String
    /// The remote server's words (`Diagnostic-Code`), as given.
    public var diagnostic: String?

    /// The report in `message` when it is a `multipart/report; report-type=delivery-status` saying at least one
    /// recipient `failed` and returning the original's Message-ID; nil otherwise (delayed, delivered, relayed, an
    /// auto-reply, a citizen's mail).
    public static func failure(in message: EmailMessage) -> DeliveryReport? {
        let root = message.root
        guard root.contentType == "multipart/report",
              root.contentTypeParameters["report-type"]?.lowercased() == "delivery-status" else { return nil }
        guard let status = root.parts.first(where: { $0.contentType == "message/delivery-status" }) else { return nil }
        // RFC 3464 §2.1: groups of fields separated by blank lines; per-recipient groups carry Action and Status.
        let text = String(decoding: status.body, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        var failed: (status: String, diagnostic: String?)?
        for group in text.components(separatedBy: "\n\n") {
            let fields = Self.fields(group)
            if fields["Action"]?.lowercased() == "failed" {
                // A status is class.subject.detail (RFC 3463 §2); anything else is not trusted as one.
                let status = fields["Status"].flatMap { $0.split(separator: " ").first.map(String.init) } ?? ""
                let valid = status.range(of: #"^[245]\.\d{1,3}\.\d{1,3}$"#, options: .regularExpression) != nil
                failed = (valid ? status : "5.0.0", fields["Diagnostic-Code"].map { String($0.prefix(500)) })
                break
            }
        }
        guard let failed else { return nil }
        guard let returned = root.parts.first(where: { $0.contentType == "text/rfc822-headers" || $0.contentType == "message/rfc822" }) else {
            return nil
        }
        let headers = Self.fields(String(decoding: returned.body, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
            .components(separatedBy: "\n\n").first ?? "")
        guard let id = headers["Message-ID"]?.trimmingCharacters(in: .whitespaces), id.hasPrefix("<"), id.hasSuffix(">") else { return nil }
        return DeliveryReport(originalMessageID: id, status: failed.status, diagnostic: failed.diagnostic)
    }

    /// The fields of one group of a report (or of the returned headers), read by the message header parser
    /// (`MIMEHeaders`: folded lines unfolded as RFC 5322 §2.2.3 says, names case-insensitive, the first of each).
    static func fields(_ text: String) -> MIMEHeaders {
        var problems: [String] = []
        return MIMEHeaders.parse(Array(text.utf8)[...], problems: &problems)
    }
}
