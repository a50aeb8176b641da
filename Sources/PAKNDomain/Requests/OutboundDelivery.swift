/// Where an outbound message (a notice or an operator's reply) stands on our side. Raw values are the stored
/// identifiers (`messages.send_status`); inbound messages have none.
public enum OutboundStatus: String, Sendable, Codable, CaseIterable, Hashable {
    /// Written and waiting for the job worker to send it (an operator's reply before its first attempt).
    case queued
    /// Accepted by a channel's provider (Zalo, Messenger, eSMS) or handed to the mail transfer agent.
    case sent
    /// No channel could take it: kept for the back office with the reason, to be passed on by other means.
    case recorded
}

/// What the provider's delivery receipts say about a sent message. Raw values are the stored identifiers
/// (`messages.delivery_state`); a message without a receipt has none.
///
/// Receipts arrive late, twice and out of order, so a new one replaces the stored state only when
/// ``accepts(_:)`` says so.
public enum DeliveryState: String, Sendable, Codable, CaseIterable, Hashable {
    /// The provider has it but has not reached the handset yet (eSMS: neither counter set).
    case pending
    /// Reached the citizen's device (Zalo `user_received_message`, Messenger `delivery`, eSMS `SendSuccess`).
    case delivered
    /// Read by the citizen (Zalo `user_seen_message`). Zalo may send it before the delivery receipt
    /// (channels.md §1.10 item 4).
    case seen
    /// The provider gave up (eSMS `SendFailed` > 0). Final: a late success report does not undo it
    /// (channels.md §5.3 item 5).
    case failed

    /// Whether a receipt saying `next` replaces this stored state: `failed` and `seen` are final, `pending`
    /// never replaces a known state, anything replaces `pending`.
    public func accepts(_ next: DeliveryState) -> Bool {
        switch self {
        case .failed, .seen: false
        case .delivered: next != .pending
        case .pending: true
        }
    }

    /// The state after a receipt saying `next`, starting from `current` (`nil`: no receipt yet).
    public static func after(_ current: DeliveryState?, receipt next: DeliveryState) -> DeliveryState {
        guard let current else { return next }
        return current.accepts(next) ? next : current
    }
}
