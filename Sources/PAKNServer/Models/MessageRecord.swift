import Fluent
import Foundation
import PAKNDomain

/// What came in or went out on a channel. Unique on (channel, provider_message_id) so a redelivery is idempotent.
/// An inbound message without `request_id` waits in the channel intake queue (`/quan-tri/kenh`).
public final class MessageRecord: Model, @unchecked Sendable {
    public static let schema = "messages"
    @ID(key: .id) public var id: UUID?
    @OptionalField(key: "request_id") public var requestID: UUID?
    @Field(key: "channel") public var channel: PAKNDomain.Channel
    @Field(key: "direction") public var direction: MessageDirection
    @OptionalField(key: "provider_message_id") public var providerMessageID: String?
    @Field(key: "body") public var body: String
    /// The citizen's id on the channel: Zalo OA-scoped user id, Messenger PSID, phone number (E.164 digits).
    @OptionalField(key: "sender_id") public var senderID: String?
    /// The raw event this message came from (`inbound_events.id`).
    @OptionalField(key: "inbound_event_id") public var inboundEventID: UUID?
    /// Outbound only: queued, sent or recorded (no channel took it). Indexed with the channel and the time.
    @OptionalField(key: "send_status") public var sendStatus: OutboundStatus?
    /// Outbound only: the id the provider gave the sent message, which its delivery receipts name (Zalo
    /// `message_id`, Messenger `mid`, eSMS `SMSID`; parts of a long message joined with commas). Indexed with
    /// the channel, so a receipt finds its message by equality.
    @OptionalField(key: "receipt_id") public var receiptID: String?
    /// The latest delivery receipt's state, as ``DeliveryState/after(_:receipt:)`` keeps it; `nil` before any.
    @OptionalField(key: "delivery_state") public var deliveryState: DeliveryState?
    /// When ``deliveryState`` last changed (UTC).
    @OptionalField(key: "delivery_updated_at") public var deliveryUpdatedAt: Date?
    /// An automatic e-mail notice (not written by a person), counted for the per-address hourly cap
    /// (channels.md §3.4).
    @Field(key: "automatic") public var automatic: Bool
    /// JSON details kept for display and the record: attachments (type, url, name, size), coordinates, the
    /// reason a notice was recorded, the author of a reply, an e-mail's subject and Message-ID. Nothing a query
    /// filters on lives here.
    @OptionalField(key: "details") public var details: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() { automatic = false }
}

extension MessageRecord {
    /// `details` as a flat JSON object of strings: `[:]` when absent or not such an object.
    public var detailFields: [String: String] {
        get { Self.decodeDetails(details) }
        set { details = Self.encodeDetails(newValue) }
    }

    /// Parses a `details` value (`[:]` when absent or not a JSON object of strings).
    public static func decodeDetails(_ json: String?) -> [String: String] {
        json.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
    }

    /// Writes a `details` value: compact JSON, sorted keys, slashes unescaped (URLs stay readable).
    public static func encodeDetails(_ fields: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(fields)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

extension MessageRecord {
    /// The state of an outbound message in words: queued, sent (delivered, seen), or kept unsent with the reason;
    /// with the staff member who wrote a reply.
    var deliveryLabel: String {
        let details = detailFields
        var label: String
        switch sendStatus {
        case .queued: label = "đang chờ gửi"
        case .sent:
            let receipt: String = switch deliveryState {
            case .seen: ", đã xem"
            case .delivered: ", đã nhận"
            case .failed: ", nhà mạng báo không tới được"
            case .pending, nil: ""
            }
            label = "đã gửi" + receipt
        case .recorded: label = "chưa gửi được" + (details["reason"].map { ": \($0)" } ?? "")
        // A status the code did not know stayed in details at migration 0011: shown as it was written.
        case nil: label = details["status"] ?? ""
        }
        if let bounce = details["bounce"] { label += " · " + bounce }
        if let author = details["author"], !author.isEmpty { label += " · \(author)" }
        return label
    }
}
