import Foundation

/// One Zalo OA webhook event (one per HTTP request), decoded tolerantly (channels.md §1.3, §1.9).
///
/// Ids are kept as strings (numeric strings of up to 19 digits; numbers are accepted and keep full precision),
/// `timestamp` is epoch milliseconds as text, unknown keys are ignored.
public struct ZaloEvent: Sendable, Equatable {
    /// What happened, from `event_name`.
    public enum Kind: Sendable, Equatable {
        /// `user_send_*` / `anonymous_send_text`: a citizen wrote to the OA. The payload is the suffix (`text`, `image`,
        /// `file`, `location`, `sticker`, `link`, `audio`, `video`, `gif`, `business_card`).
        case userMessage(String)
        /// `follow`: the user followed the OA.
        case follow
        /// `unfollow`.
        case unfollow
        /// `user_received_message`: delivery of our message(s) (`message.msg_id`).
        case delivered
        /// `user_seen_message`: our message(s) seen (`message.msg_ids`).
        case seen
        /// `oa_send_*`: an echo of something the OA sent (possibly typed by staff in Zalo's own admin UI).
        case oaEcho(String)
        /// `user_submit_info`: the user shared contact details.
        case submitInfo
        /// Any other `event_name`: acknowledged and ignored (§1.10 item 5).
        case unknown(String)

        /// The kind for an `event_name` value.
        public init(eventName: String) {
            switch eventName {
            case "follow": self = .follow
            case "unfollow": self = .unfollow
            case "user_received_message": self = .delivered
            case "user_seen_message": self = .seen
            case "user_submit_info": self = .submitInfo
            case "anonymous_send_text": self = .userMessage("text")
            default:
                if eventName.hasPrefix("user_send_") {
                    self = .userMessage(String(eventName.dropFirst("user_send_".count)))
                } else if eventName.hasPrefix("oa_send_") {
                    self = .oaEcho(String(eventName.dropFirst("oa_send_".count)))
                } else {
                    self = .unknown(eventName)
                }
            }
        }
    }

    /// One attachment of a message (`message.attachments[]`). `type` ∈ image, gif, sticker, audio, video, file,
    /// link, location (others are kept as they come).
    public struct Attachment: Sendable, Equatable {
        /// `type`, e.g. `"image"`.
        public var type: String
        /// `payload.url` (CDN links expire: fetch promptly).
        public var url: String?
        /// `payload.thumbnail`.
        public var thumbnail: String?
        /// `payload.name` of a file.
        public var name: String?
        /// `payload.size` of a file, in bytes (sent as a string).
        public var sizeBytes: Int64?
        /// `payload.coordinates.latitude` of a location, in degrees (sent as a string); `nil` when empty or absent.
        public var latitude: Double?
        /// `payload.coordinates.longitude`, in degrees.
        public var longitude: Double?
    }

    /// `event_name` as received.
    public var eventName: String
    /// ``Kind`` of `eventName`.
    public var kind: Kind { Kind(eventName: eventName) }
    /// `app_id`.
    public var appID: String?
    /// `timestamp`, epoch milliseconds as text.
    public var timestamp: String?
    /// `sender.id`: the citizen for user events, the OA for delivery events.
    public var senderID: String?
    /// `recipient.id`.
    public var recipientID: String?
    /// `follower.id` (follow and unfollow).
    public var followerID: String?
    /// `oa_id` (follow and unfollow).
    public var oaID: String?
    /// `user_id_by_app`.
    public var userIDByApp: String?
    /// `message.msg_id` (also the delivered message for `user_received_message`).
    public var messageID: String?
    /// `message.msg_ids` (`user_seen_message`).
    public var messageIDs: [String]
    /// `message.text`, NFC-normalised; a caption for attachments, sometimes an address for a location.
    public var text: String?
    /// `message.quote_msg_id`: the message the citizen replied to.
    public var quotedMessageID: String?
    /// `message.attachments`, without the elements that could not be read.
    public var attachments: [Attachment]

    /// The instant of `timestamp`.
    public var date: Date? { timestamp.flatMap { Date(epoch: $0) } }

    /// The citizen's OA-scoped user id, used for replies: `sender.id` for user events, `follower.id` for follow and
    /// unfollow, `recipient.id` for OA echoes and delivery events.
    public var citizenID: String? {
        switch kind {
        case .follow, .unfollow: followerID ?? userIDByApp
        case .oaEcho, .delivered, .seen: recipientID
        default: senderID
        }
    }

    /// The de-duplication key of the event (§1.2 "Retries / duplicates"): `message.msg_id` for messages;
    /// otherwise `event_name:user:timestamp` (follow/unfollow, seen, anything without a `msg_id`).
    public var idempotencyKey: String {
        switch kind {
        case .userMessage, .oaEcho:
            if let messageID, !messageID.isEmpty { return messageID }
        default: break
        }
        return "\(eventName):\(citizenID ?? "-"):\(timestamp ?? "-")"
    }

    /// Errors of ``decode(_:)``.
    public enum DecodingFailure: Error, Equatable {
        /// Not JSON, or not a JSON object with an `event_name` string.
        case malformed
    }

    /// Decodes the raw body of one webhook POST.
    /// - Throws: ``DecodingFailure/malformed`` when the body is not a JSON object with `event_name`. Every other
    ///   field is optional: a missing `message`, an empty `attachments` array, `coordinates` as numbers or empty
    ///   strings (§1.10 item 6) decode with the missing parts `nil`.
    public static func decode(_ rawBody: [UInt8]) throws -> ZaloEvent {
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(rawBody)) else {
            throw DecodingFailure.malformed
        }
        let attachments = (wire.message?.wrapped?.attachments ?? []).compactMap(\.wrapped).map { item in
            Attachment(type: item.type?.value ?? "unknown",
                       url: item.payload?.url,
                       thumbnail: item.payload?.thumbnail,
                       name: item.payload?.name,
                       sizeBytes: item.payload?.size?.int64,
                       latitude: item.payload?.coordinates?.latitude?.double,
                       longitude: item.payload?.coordinates?.longitude?.double)
        }
        return ZaloEvent(
            eventName: wire.event_name.value,
            appID: wire.app_id?.value,
            timestamp: wire.timestamp?.value,
            senderID: wire.sender?.id?.value,
            recipientID: wire.recipient?.id?.value,
            followerID: wire.follower?.id?.value,
            oaID: wire.oa_id?.value,
            userIDByApp: wire.user_id_by_app?.value,
            messageID: wire.message?.wrapped?.msg_id?.value,
            messageIDs: (wire.message?.wrapped?.msg_ids ?? []).compactMap(\.wrapped?.value),
            text: wire.message?.wrapped?.text.map { $0.precomposedStringWithCanonicalMapping },
            quotedMessageID: wire.message?.wrapped?.quote_msg_id?.value,
            attachments: attachments)
    }

    // The JSON shape, every field optional but `event_name`.
    private struct Wire: Decodable {
        struct Party: Decodable { let id: LenientString? }
        struct Coordinates: Decodable { let latitude: LenientString?; let longitude: LenientString? }
        struct Payload: Decodable {
            let url: String?; let thumbnail: String?; let name: String?; let size: LenientString?
            let coordinates: Coordinates?
        }
        struct Item: Decodable { let type: LenientString?; let payload: Payload? }
        struct Message: Decodable {
            let msg_id: LenientString?; let msg_ids: [Failable<LenientString>]?; let text: String?
            let quote_msg_id: LenientString?; let attachments: [Failable<Item>]?
        }
        let event_name: LenientString
        let app_id: LenientString?
        let timestamp: LenientString?
        let sender: Party?
        let recipient: Party?
        let follower: Party?
        let oa_id: LenientString?
        let user_id_by_app: LenientString?
        let message: Failable<Message>?
    }
}
