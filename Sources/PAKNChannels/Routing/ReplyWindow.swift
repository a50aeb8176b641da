import Foundation
import PAKNDomain

/// The reply-window router (channels.md §1.6, §2.4, §6; issue 4 "Reply-window router per channel").
///
/// - Zalo: a consultation message only within **7 days** of the citizen's last message (after that the API answers
///   `-230`/`-232`); within 48 h it is free, after 48 h billed (a flag, not a block).
/// - Messenger: `RESPONSE` within **24 h** of the citizen's last message; `MESSAGE_TAG` `HUMAN_AGENT` within
///   **7 days**, only for a reply a person wrote.
/// - Otherwise (automatic notices included), and for channels without a chat (web, phone, …): fall back to SMS or
///   e-mail with the contact details the citizen gave.
///
/// The limits are inclusive: exactly 24 h after the last message is still inside.
public enum ReplyWindow {
    /// Who wrote the outgoing text.
    public enum Author: Sendable, Equatable {
        /// A staff member wrote it (an answer, a question to the citizen).
        case person
        /// The system generated it (receipt, status notices, reminders).
        case automatic
    }

    /// How to send.
    public enum Route: Sendable, Equatable {
        /// Zalo `message/cs`; `free` when within 48 h.
        case zaloConsultation(free: Bool)
        /// Messenger `RESPONSE`.
        case messengerResponse
        /// Messenger `MESSAGE_TAG` / `HUMAN_AGENT`.
        case messengerHumanAgent
        /// Not on the chat channel: SMS or e-mail. `reason` is a Vietnamese sentence for the operator.
        case fallback(reason: String)
    }

    /// 7 days, in seconds.
    public static let zaloLimit: TimeInterval = 7 * 86400
    /// 48 hours, in seconds.
    public static let zaloFreeLimit: TimeInterval = 48 * 3600
    /// 24 hours, in seconds.
    public static let messengerStandardLimit: TimeInterval = 24 * 3600
    /// 7 days, in seconds.
    public static let messengerHumanAgentLimit: TimeInterval = 7 * 86400

    /// The route for a message to a citizen whose request came on `channel`, whose last inbound message on that
    /// channel was at `lastInboundAt` (`nil`: never wrote on it), sent at `now` by `author`.
    public static func route(channel: Channel, lastInboundAt: Date?, now: Date, author: Author) -> Route {
        switch channel {
        case .zalo:
            guard let lastInboundAt else { return .fallback(reason: "Công dân chưa nhắn tin qua Zalo.") }
            let elapsed = now.timeIntervalSince(lastInboundAt)
            guard elapsed <= zaloLimit else {
                return .fallback(reason: "Đã quá 7 ngày kể từ tin nhắn Zalo cuối của công dân.")
            }
            return .zaloConsultation(free: elapsed <= zaloFreeLimit)
        case .messenger:
            guard let lastInboundAt else { return .fallback(reason: "Công dân chưa nhắn tin qua Messenger.") }
            let elapsed = now.timeIntervalSince(lastInboundAt)
            if elapsed <= messengerStandardLimit { return .messengerResponse }
            if author == .person, elapsed <= messengerHumanAgentLimit { return .messengerHumanAgent }
            if author == .automatic, elapsed <= messengerHumanAgentLimit {
                return .fallback(reason: "Đã quá 24 giờ; thông báo tự động không được dùng thẻ HUMAN_AGENT.")
            }
            return .fallback(reason: "Đã quá 7 ngày kể từ tin nhắn Messenger cuối của công dân.")
        default:
            return .fallback(reason: "Kênh \(channel.label) không có hội thoại để trả lời.")
        }
    }
}
