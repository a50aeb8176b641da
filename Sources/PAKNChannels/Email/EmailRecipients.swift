import Foundation
import PAKNDomain

/// Addresses a mail must never go to: anything but one plain addr-spec (``Intake/isPlausibleEmail(_:)``); the null
/// sender `<>`, `MAILER-DAEMON`, `postmaster`, `noreply`/`no-reply` and the like; and our own addresses, a loop with
/// ourselves (RFC 3834 §2; channels.md §3.4 "Our outbound auto-acknowledgement").
public enum EmailRecipients {
    /// Local parts (lower-cased, before any "+tag") that belong to mail systems, not people.
    public static let systemLocalParts: Set<String> = [
        "mailer-daemon", "postmaster", "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "bounce", "bounces",
    ]

    /// Whether a mail may be sent to `address`: one plain addr-spec, not a system mailbox of ``systemLocalParts``,
    /// none of `ownAddresses` (compared case-insensitively).
    public static func isDeliverable(_ address: String, ownAddresses: [String]) -> Bool {
        let lowered = address.lowercased()
        // One plain addr-spec only: sendmail programs read "a,b" or "a;b" as several recipients.
        guard Intake.isPlausibleEmail(address) else { return false }
        let parts = lowered.split(separator: "@", omittingEmptySubsequences: false)
        let local = parts[0].split(separator: "+", maxSplits: 1).first.map(String.init) ?? ""
        if systemLocalParts.contains(local) { return false }
        return !ownAddresses.contains { $0.lowercased() == lowered }
    }
}
