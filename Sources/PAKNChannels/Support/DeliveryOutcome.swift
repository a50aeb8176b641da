import Foundation

/// What to do with one outbound message after a provider answered (or did not), the same for every channel so the
/// outbox worker handles all of them alike. Each provider's documented error codes map to one of these
/// (Zalo: channels.md §1.8; Messenger: §2.4; eSMS: §5.1 and §5.3 item 3).
public enum DeliveryOutcome: Sendable, Equatable {
    /// Accepted by the provider, with its message id when it gave one (Zalo `data.message_id`, Messenger
    /// `message_id`, eSMS `SMSID`).
    case sent(providerMessageID: String?)
    /// A temporary failure (rate limit, provider error, network): try again later with back-off.
    case retry(reason: String)
    /// The access token is invalid or expired (Zalo `-216`/`-220`): refresh it once and retry once (§1.5).
    case refreshToken(reason: String)
    /// This channel cannot reach the citizen now (reply window closed, user unfollowed or unreachable): send the
    /// notification by the fallback channel instead (SMS or e-mail, channels.md §6).
    case fallback(reason: String)
    /// Not allowed now but later (Zalo `-234`: this type cannot be sent 22:00–06:00): try again at `until`.
    case deferred(until: Date, reason: String)
    /// A permanent failure (configuration, bad input, account problem): stop and show it to an admin.
    case failed(reason: String)
}
