import Foundation

/// A Messenger webhook POST: batched `entry[].messaging[]` events (channels.md §2.3).
///
/// `entry` and `messaging` are both arrays and a POST can carry many events; events are kept in the order received
/// (they are not sorted by `timestamp`). One malformed event does not make the others unreadable
/// (§2.5 item 3): it becomes an ``Event`` of kind ``Event/Kind/unparseable``.
public struct MessengerWebhook: Sendable, Equatable {
    /// An attachment of a message. `type` ∈ image, audio, video, file, location, fallback, template, sticker,
    /// unsupported_type (others kept as they come).
    public struct Attachment: Sendable, Equatable {
        /// `type`.
        public var type: String
        /// `payload.url` (CDN; download promptly) or, for `fallback`, the shared link's `url`.
        public var url: String?
        /// `title` (fallback links, legacy location).
        public var title: String?
        /// `payload.coordinates.lat` of a legacy location, in degrees (not Zalo's `latitude`).
        public var latitude: Double?
        /// `payload.coordinates.long`.
        public var longitude: Double?
        /// `payload.sticker_id` of a sticker sent as an image.
        public var stickerID: String?
    }

    /// `message` of a messaging event.
    public struct Message: Sendable, Equatable {
        /// `mid`: the de-duplication key (shared namespace with postbacks).
        public var mid: String
        /// `text`, NFC-normalised.
        public var text: String?
        /// `attachments`.
        public var attachments: [Attachment]
        /// `is_echo`: sent by the Page (by our app, or by staff in Meta Business Suite).
        public var isEcho: Bool
        /// `app_id` of an echo: the app that sent it (ours → ignore, §2.5 item 6).
        public var appID: String?
        /// `quick_reply.payload`.
        public var quickReplyPayload: String?
        /// `reply_to.mid`.
        public var replyToMID: String?
    }

    /// `postback` of a messaging event (a button press).
    public struct Postback: Sendable, Equatable {
        /// `mid` (since Graph v11.0).
        public var mid: String?
        /// `title`: the button's label.
        public var title: String?
        /// `payload`: our button's value.
        public var payload: String?
    }

    /// One element of `messaging[]`.
    public struct Event: Sendable, Equatable {
        /// What the event carries.
        public enum Kind: Sendable, Equatable {
            case message(Message)
            case postback(Postback)
            /// `delivery`: our messages `mids` delivered; `watermark` (ms) means everything before it.
            case delivery(mids: [String], watermark: Int64?)
            /// `read`: everything before `watermark` (ms) read.
            case read(watermark: Int64?)
            /// Valid JSON of a kind we do not handle (reactions, referrals, optins, …): acknowledged and ignored.
            case other
            /// An element that could not be read at all.
            case unparseable
        }

        /// `entry[].id`: the Page.
        public var pageID: String?
        /// `sender.id`: the PSID of a citizen (the Page for echoes).
        public var senderID: String?
        /// `recipient.id`.
        public var recipientID: String?
        /// `timestamp`, epoch milliseconds.
        public var timestamp: Int64?
        /// The content.
        public var kind: Kind

        /// The citizen's page-scoped id: `recipient.id` for echoes, `sender.id` otherwise.
        public var citizenID: String? {
            if case .message(let message) = kind, message.isEcho { return recipientID }
            return senderID
        }

        /// The de-duplication key: `message.mid` or `postback.mid` (one namespace, §2.5 item 4); otherwise
        /// `kind:sender:timestamp`.
        public var idempotencyKey: String {
            switch kind {
            case .message(let message): return message.mid
            case .postback(let postback) where postback.mid != nil: return postback.mid!
            default:
                return "\(kindName):\(senderID ?? "-"):\(timestamp.map(String.init) ?? "-")"
            }
        }

        /// A short name of the kind, for logs and keys.
        public var kindName: String {
            switch kind {
            case .message: "message"
            case .postback: "postback"
            case .delivery: "delivery"
            case .read: "read"
            case .other: "other"
            case .unparseable: "unparseable"
            }
        }

        /// The instant of `timestamp`.
        public var date: Date? { timestamp.map { Date(timeIntervalSince1970: Double($0) / 1000) } }
    }

    /// `object`: `"page"` for Messenger.
    public var object: String
    /// Every messaging event of every entry, in the order received.
    public var events: [Event]

    /// Errors of ``decode(_:)``.
    public enum DecodingFailure: Error, Equatable {
        /// Not a JSON object with an `object` string and an `entry` array.
        case malformed
        /// `object` is not `"page"` (e.g. `instagram`, or a page-feed subscription).
        case notPage(String)
    }

    /// Decodes the raw body of one webhook POST. Entries without `messaging` (e.g. feed `changes`) add no events.
    /// - Throws: ``DecodingFailure``.
    public static func decode(_ rawBody: [UInt8]) throws -> MessengerWebhook {
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(rawBody)) else {
            throw DecodingFailure.malformed
        }
        guard wire.object == "page" else { throw DecodingFailure.notPage(wire.object) }
        var events: [Event] = []
        for entry in wire.entry.compactMap(\.wrapped) {
            for element in entry.messaging ?? [] {
                guard let raw = element.wrapped else {
                    events.append(Event(pageID: entry.id?.value, kind: .unparseable))
                    continue
                }
                events.append(raw.event(pageID: entry.id?.value))
            }
        }
        return MessengerWebhook(object: wire.object, events: events)
    }

    private struct Wire: Decodable {
        struct Party: Decodable { let id: LenientString? }
        struct Coordinates: Decodable { let lat: LenientString?; let long: LenientString? }
        struct Payload: Decodable {
            let url: String?; let coordinates: Coordinates?; let sticker_id: LenientString?
        }
        struct Item: Decodable { let type: String?; let title: String?; let url: String?; let payload: Payload? }
        struct QuickReply: Decodable { let payload: String? }
        struct ReplyTo: Decodable { let mid: String? }
        struct Message: Decodable {
            let mid: String; let text: String?; let attachments: [Failable<Item>]?; let is_echo: Bool?
            let app_id: LenientString?; let quick_reply: QuickReply?; let reply_to: ReplyTo?
        }
        struct Postback: Decodable { let mid: String?; let title: String?; let payload: String? }
        struct Delivery: Decodable { let mids: [String]?; let watermark: LenientString? }
        struct Read: Decodable { let watermark: LenientString? }
        struct Messaging: Decodable {
            let sender: Party?; let recipient: Party?; let timestamp: LenientString?
            let message: Message?; let postback: Postback?; let delivery: Delivery?; let read: Read?

            func event(pageID: String?) -> Event {
                let kind: Event.Kind
                if let message {
                    let attachments = (message.attachments ?? []).compactMap(\.wrapped).map { item in
                        MessengerWebhook.Attachment(type: item.type ?? "unknown", url: item.payload?.url ?? item.url, title: item.title,
                                   latitude: item.payload?.coordinates?.lat?.double,
                                   longitude: item.payload?.coordinates?.long?.double,
                                   stickerID: item.payload?.sticker_id?.value)
                    }
                    kind = .message(MessengerWebhook.Message(mid: message.mid, text: message.text.map { $0.precomposedStringWithCanonicalMapping },
                                            attachments: attachments, isEcho: message.is_echo ?? false,
                                            appID: message.app_id?.value, quickReplyPayload: message.quick_reply?.payload,
                                            replyToMID: message.reply_to?.mid))
                } else if let postback {
                    kind = .postback(.init(mid: postback.mid, title: postback.title, payload: postback.payload))
                } else if let delivery {
                    kind = .delivery(mids: delivery.mids ?? [], watermark: delivery.watermark?.int64)
                } else if let read {
                    kind = .read(watermark: read.watermark?.int64)
                } else {
                    kind = .other
                }
                return Event(pageID: pageID, senderID: sender?.id?.value, recipientID: recipient?.id?.value,
                             timestamp: timestamp?.int64, kind: kind)
            }
        }
        struct Entry: Decodable { let id: LenientString?; let messaging: [Failable<Messaging>]? }
        let object: String
        let entry: [Failable<Entry>]
    }
}
