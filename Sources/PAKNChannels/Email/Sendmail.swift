import Foundation
import PAKNDomain

/// The contract of the system's `sendmail` interface, as msmtp and Postfix implement it (issue 4, e-mail
/// "Outbound through the system's sendmail interface"; channels.md §3.4).
///
/// We call `<command> -i -f <envelope sender> -- <recipient>` with the complete RFC 5322 message on standard input:
/// `-i` keeps a line holding a single "." from ending the message, `-f` sets the envelope sender (where bounces
/// go), and the recipient is given explicitly rather than read from the headers (`-t`), so a header can never add
/// recipients. The exit status follows `sysexits.h`, which both msmtp and Postfix's sendmail use.
public enum Sendmail {
    /// The arguments after the configured command for one message.
    public static func arguments(envelopeFrom: String, recipient: String) -> [String] {
        ["-i", "-f", envelopeFrom, "--", recipient]
    }

    /// What an exit status means for delivery (`sysexits.h`):
    /// - 0 (EX_OK): accepted by the mail system → `.sent`;
    /// - 75 (EX_TEMPFAIL), 69 (EX_UNAVAILABLE), 70 (EX_SOFTWARE), 71 (EX_OSERR), 73 (EX_CANTCREAT), 74 (EX_IOERR),
    ///   a signal, or a command that could not start → `.retry`;
    /// - 65 (EX_DATAERR), 67 (EX_NOUSER), 68 (EX_NOHOST), 64 (EX_USAGE), 77 (EX_NOPERM), 78 (EX_CONFIG) and anything
    ///   else → `.failed`: retrying would not help.
    /// msmtp 1.8.23, checked against aiosmtpd: a recipient refused with SMTP 4xx exits 69, with 5xx 65; an
    /// unreachable server 75.
    /// `diagnostic` is the program's standard error: the first 300 characters are kept in the reason, with
    /// `recipient` replaced by "[người nhận]" and any other e-mail address or phone number masked (``Masking``):
    /// reasons reach logs and admin pages, which never show personal data.
    public static func outcome(exitStatus: Int32?, diagnostic: String, recipient: String = "") -> DeliveryOutcome {
        var cleaned = diagnostic
        if !recipient.isEmpty { cleaned = cleaned.replacingOccurrences(of: recipient, with: "[người nhận]", options: .caseInsensitive) }
        // Any other address or number the mail system quotes (e.g. a rewritten recipient) is masked too.
        cleaned = Masking().mask(cleaned).text
        let detail = cleaned.trimmingCharacters(in: .whitespacesAndNewlines).prefix(300)
        guard let exitStatus else { return .retry(reason: "sendmail: bị dừng giữa chừng. \(detail)") }
        switch exitStatus {
        case 0: return .sent(providerMessageID: nil)
        case 69, 70, 71, 73, 74, 75: return .retry(reason: "sendmail \(exitStatus): \(detail)")
        default: return .failed(reason: "sendmail \(exitStatus): \(detail)")
        }
    }
}
