import Foundation

/// Addresses an automatic mail must never go to (RFC 3834 §2; channels.md §3.4 "Our outbound
/// auto-acknowledgement"): the null sender `<>`, `MAILER-DAEMON`, `postmaster`, `noreply`/`no-reply` and the like,
/// and our own addresses (a loop with ourselves).
public enum EmailRecipients {
    /// Local parts (lower-cased, before any "+tag") that belong to mail systems, not people.
    public static let systemLocalParts: Set<String> = [
        "mailer-daemon", "postmaster", "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "bounce", "bounces",
    ]

    /// Whether a mail may be sent to `address`: it has one "@" with something on each side, is not a system
    /// mailbox of ``systemLocalParts`` and is none of `ownAddresses` (compared case-insensitively).
    public static func isDeliverable(_ address: String, ownAddresses: [String]) -> Bool {
        let lowered = address.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = lowered.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !lowered.contains(where: \.isWhitespace) else { return false }
        let local = parts[0].split(separator: "+", maxSplits: 1).first.map(String.init) ?? ""
        if systemLocalParts.contains(local) { return false }
        return !ownAddresses.contains { $0.lowercased() == lowered }
    }
}
