import Fluent
import Foundation
import PAKNChannels
import PAKNDomain
import Vapor

/// Delivers one queued notification (a `notify` job) on the channel the request came from, or by the fallback the
/// reply-window rule requires (issue 4 "Outbox", "Reply-window router"; channels.md §6).
///
/// Route: a Zalo or Messenger request whose citizen wrote within the window gets the chat message (automatic
/// notices never use Messenger's HUMAN_AGENT tag); otherwise, or when the chat provider says the citizen cannot be
/// reached (window expired, unfollowed, …) or fails permanently, the notice goes by SMS to the contact's phone; with
/// no SMS gateway or no phone it is recorded for e-mail (e-mail delivery is not built yet) or, with neither, recorded on
/// the request's channel for the back office. The text is rendered per channel at sending time from the template
/// (the workflow action) with the tracking code; SMS without diacritics unless `PAKN_SMS_UNACCENTED=0`.
///
/// Never twice: the outbound message row keyed `notify:<event id>` is written when a provider accepts; a job that
/// finds it does nothing. (A crash between the provider's acceptance and that write can repeat a chat message; SMS
/// repeats are refused by eSMS's `RequestId` check for 24 h.)
enum NotificationDelivery {
    /// The job should run again later: at `until` when given, otherwise with the queue's back-off.
    struct RetryLater: Error, CustomStringConvertible {
        var reason: String
        var until: Date?
        var description: String { reason }
    }

    /// Delivers `payload`. Throws ``RetryLater`` for temporary failures.
    static func deliver(_ payload: Outbox.NotificationPayload, config: AppConfiguration, client: (any Client)?,
                        on db: Database, logger: Logger, now: Date = Date()) async throws {
        guard let request = try await ServiceRequestRecord.find(payload.requestID, on: db) else { return }
        let key = "notify:\(payload.eventID.uuidString)"
        if try await MessageRecord.query(on: db).filter(\.$providerMessageID == key).count() > 0 { return }
        let origin = PAKNDomain.Channel(rawValue: request.channel) ?? .web
        var contact: Contact?
        if let contactID = request.primaryContactID { contact = try await Contact.find(contactID, on: db) }
        var config = config
        config.channels = try await ChannelConfiguration.effective(base: config.channels, on: db)
        let channels = config.channels

        var fallbackReason: String?
        // 1. The chat channel of origin, inside its window.
        if origin == .zalo || origin == .messenger, let client,
           let last = try await MessageRecord.query(on: db).filter(\.$requestID == request.requireID())
            .filter(\.$channel == origin.rawValue).filter(\.$direction == "inbound").sort(\.$createdAt, .descending).first(),
           let recipient = last.senderID {
            let route = ReplyWindow.route(channel: origin, lastInboundAt: last.createdAt, now: now, author: .automatic)
            var sender: (any ChannelSender)?
            var message = OutboundMessage(recipient: recipient, text: render(payload, request: request, for: origin, config: config),
                                          idempotencyKey: key)
            switch route {
            case .zaloConsultation:
                if let token = try await ZaloTokens.current(config: channels, on: db) {
                    sender = ZaloSender(baseURL: channels.zaloAPIBaseURL, accessToken: token)
                }
            case .messengerResponse, .messengerHumanAgent:
                message.messagingType = route == .messengerResponse ? .response : .humanAgent
                if let token = channels.messengerPageAccessToken {
                    sender = MessengerSender(baseURL: channels.messengerAPIBaseURL, pageAccessToken: token)
                }
            case .fallback(let reason):
                fallbackReason = reason
            }
            if let sender {
                var outcome = await sender.send(message, client: client, now: now)
                // -216/-220: refresh once (under the lock), retry once (channels.md §1.5, Chatwoot's behaviour).
                if case .refreshToken = outcome, let zalo = sender as? ZaloSender,
                   let fresh = try await ZaloTokens.refresh(after: zalo.accessToken, config: channels, client: client, on: db, logger: logger) {
                    outcome = await ZaloSender(baseURL: zalo.baseURL, accessToken: fresh).send(message, client: client, now: now)
                }
                if try await settle(outcome, message: message, channel: origin, request: request, key: key, on: db) { return }
                fallbackReason = "\(outcome)"
                logger.info("notification \(key) falls back from \(origin.rawValue): \(outcome)")
            } else if fallbackReason == nil {
                fallbackReason = "\(origin.label) chưa được cấu hình."
            }
        }

        // 2. SMS to the contact's phone.
        if let client, let apiKey = channels.esmsAPIKey, let secret = channels.esmsSecretKey,
           let phone = contact?.phone.flatMap(PhoneNumber.normalize) {
            let message = OutboundMessage(recipient: phone, text: render(payload, request: request, for: .sms, config: config),
                                          idempotencyKey: key)
            let sender = SMSSender(baseURL: channels.esmsBaseURL, apiKey: apiKey, secretKey: secret,
                                   brandname: channels.esmsBrandname, sandbox: channels.esmsSandbox)
            let outcome = await sender.send(message, client: client, now: now)
            if try await settle(outcome, message: message, channel: .sms, request: request, key: key, on: db,
                                note: fallbackReason) { return }
            fallbackReason = "\(outcome)"
            logger.warning("notification \(key) by SMS failed: \(outcome)")
        }

        // 3. Recorded: for e-mail when the citizen gave an address, otherwise on the request's channel.
        let recorded = MessageRecord()
        recorded.requestID = try request.requireID()
        let toEmail = contact?.email.map { !$0.isEmpty } ?? false
        recorded.channel = toEmail ? PAKNDomain.Channel.email.rawValue : origin.rawValue
        recorded.direction = "outbound"
        recorded.providerMessageID = key
        recorded.body = render(payload, request: request, for: toEmail ? .email : origin, config: config)
        recorded.details = json(["status": "recorded", "reason": fallbackReason ?? "không có kênh gửi"])
        try await recorded.save(on: db)
    }

    /// Records a sent message (returns `true`), throws ``RetryLater`` for retry and deferral, returns `false` when
    /// the next route should be tried.
    static func settle(_ outcome: DeliveryOutcome, message: OutboundMessage, channel: PAKNDomain.Channel,
                       request: ServiceRequestRecord, key: String, on db: Database, note: String? = nil) async throws -> Bool {
        switch outcome {
        case .sent(let providerID):
            let record = MessageRecord()
            record.requestID = try request.requireID()
            record.channel = channel.rawValue
            record.direction = "outbound"
            record.providerMessageID = key
            record.senderID = message.recipient
            record.body = message.text
            var details = ["status": "sent", "provider_message_id": providerID ?? ""]
            if let note { details["fallback_reason"] = note }
            record.details = json(details)
            try await record.save(on: db)
            return true
        case .retry(let reason):
            throw RetryLater(reason: reason, until: nil)
        case .deferred(let until, let reason):
            throw RetryLater(reason: reason, until: until)
        case .refreshToken, .fallback, .failed:
            return false
        }
    }

    /// The notice for `channel`: Vietnamese, short, with the tracking code and the look-up address; SMS without
    /// diacritics when configured (channels.md §5.2).
    static func render(_ payload: Outbox.NotificationPayload, request: ServiceRequestRecord, for channel: PAKNDomain.Channel,
                       config: AppConfiguration) -> String {
        let code = TrackingCode(digits: request.trackingCode)?.formatted ?? request.trackingCode
        let link = "\(config.publicURL)/tra-cuu?ma=\(code)"
        let text: String
        switch payload.template {
        case "created":
            text = "1022: Đã tiếp nhận phản ánh của bạn. Mã tra cứu: \(code). Xem tại \(link)"
        default:
            let status = RequestStatus(rawValue: payload.status)?.label ?? payload.status
            text = "1022: Phản ánh \(code): \(status). Xem tại \(link)"
        }
        return channel == .sms && config.channels.smsUnaccented ? SMSText.unaccented(text) : text
    }

    /// A flat JSON object, for `messages.details`.
    static func json(_ value: [String: String]) -> String {
        (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
