import Fluent
import Foundation
import PAKNChannels
import PAKNDomain
import Vapor

/// Delivers one message to the citizen behind a request — a queued notification (`notify` job, written by the
/// workflow) or a reply an operator wrote (`reply` job) — along its ``DeliveryPlan`` (issue 4 "Outbox",
/// "Reply-window router"; channels.md §6).
///
/// Each step is tried in turn: a chat provider that says the citizen cannot be reached (window expired,
/// unfollowed, …) or fails permanently passes to the next step; a temporary failure throws ``RetryLater`` so the job
/// runs again with back-off (and starts over from the best step). With no step left the message is recorded (status
/// `recorded`) for the back office. Text is rendered per channel at sending time: SMS without diacritics unless
/// `PAKN_SMS_UNACCENTED=0`; Zalo and Messenger split into parts of at most 2,000 characters (channels.md §1.10
/// item 10, §6 "Text").
///
/// Never twice: the outbound message row keyed `notify:<event id>` or `reply:<id>` is marked sent when a provider
/// accepts; a job that finds it sent does nothing. (A crash between the provider's acceptance and that write can
/// repeat a chat message; SMS repeats are refused by eSMS's `RequestId` check for 24 h.)
enum NotificationDelivery {
    /// The job should run again later: at `until` when given, otherwise with the queue's back-off.
    struct RetryLater: Error, CustomStringConvertible {
        var reason: String
        var until: Date?
        var description: String { reason }
    }

    /// What to send, independent of the channel.
    struct Content {
        /// `notify:<event id>` or `reply:<id>`: the outbound message row's provider id and the SMS `RequestId`.
        var key: String
        /// Automatic notice or a person's reply (decides Messenger's HUMAN_AGENT and `Auto-Submitted`).
        var author: ReplyWindow.Author
        /// The text; `render(channel)` adapts it (SMS unaccented).
        var text: String
        /// A fuller text for the channels where length costs nothing (chat, e-mail): the notice with the agency's
        /// answer. SMS always gets `text`.
        var fullText: String? = nil
        /// The e-mail subject without the code tag.
        var subject: String
        /// Extra details recorded with the outbound message (e.g. the staff member who wrote a reply).
        var details: [String: String] = [:]
    }

    /// Longest chat message part, in characters (Zalo and Messenger both take 2,000).
    static let chatPartLimit = 2000

    /// Delivers the notification `payload`. Throws ``RetryLater`` for temporary failures.
    static func deliver(_ payload: Outbox.NotificationPayload, config: AppConfiguration, client: (any Client)?,
                        on db: Database, logger: Logger, now: Date = Date()) async throws {
        guard let request = try await ServiceRequestRecord.find(payload.requestID, on: db) else { return }
        let text = noticeText(payload, request: request, config: config)
        var content = Content(key: "notify:\(payload.eventID.uuidString)" + (payload.only.map { ":\($0.rawValue)" } ?? ""),
                              author: .automatic, text: text, subject: noticeSubject(payload, request: request))
        // The answer itself goes to the citizen who asked (unmasked: it is addressed to them), except by SMS.
        if [CaseEvent.workflow(.publish), .workflow(.answerDirectly)].contains(payload.template), let answer = request.answer, !answer.isEmpty {
            content.fullText = text + (inEnglish(request) ? "\n\nThe agency's answer:\n" : "\n\nTrả lời của cơ quan:\n") + answer
        }
        try await deliver(content, about: request, config: config, client: client, only: payload.only, on: db, logger: logger, now: now)
    }

    /// Delivers `content` about `request` along its plan (only its `only` channel when given). Throws ``RetryLater``
    /// for temporary failures.
    static func deliver(_ content: Content, about request: ServiceRequestRecord, config: AppConfiguration, client: (any Client)?,
                        only: PAKNDomain.Channel? = nil, on db: Database, logger: Logger, now: Date = Date()) async throws {
        let existing = try await MessageRecord.query(on: db).filter(\.$providerMessageID == content.key).first()
        if let existing, existing.sendStatus != .queued { return }
        // The configuration in force now (admin overrides in the database over the environment).
        var config = config
        config.channels = try await ChannelConfiguration.effective(base: config.channels, on: db)
        let channels = config.channels
        var plan = try await DeliveryPlan.make(for: request, author: content.author, config: channels, on: db, now: now)
        if let only {
            plan.steps = plan.steps.filter { $0.channel == only }
            plan.recordOn = only
        }
        // The automatic-mail limit is counted, then the mail sent and recorded: with several notices going out at
        // once (JobWorker.concurrency), that must happen for one address at a time, or each would find room.
        let limited = content.author == .automatic ? plan.steps.compactMap { step -> String? in
            if case .email(let address, _) = step { return address.lowercased() }
            return nil
        } : []
        try await automaticMailLocks.withLocks(limited) {
            try await send(content, about: request, plan: plan, existing: existing, config: config, client: client, on: db, logger: logger, now: now)
        }
    }

    /// Per-address locks of the automatic-mail limit (within this process; two workers on two machines may each
    /// send one mail past it at the same instant).
    static let automaticMailLocks = KeyedLocks()

    /// `content` along `plan`, then the record of what was sent (or why nothing was).
    private static func send(_ content: Content, about request: ServiceRequestRecord, plan: DeliveryPlan, existing: MessageRecord?,
                             config: AppConfiguration, client: (any Client)?, on db: Database, logger: Logger, now: Date) async throws {
        let channels = config.channels
        var reasons = plan.skipped

        if let client {
            for step in plan.steps {
                let text = render(step.channel == .sms ? content.text : content.fullText ?? content.text, for: step.channel, config: config)
                var message = OutboundMessage(recipient: "", text: text, idempotencyKey: content.key)
                var outcome: DeliveryOutcome
                switch step {
                case .chat(let channel, let route, let recipient):
                    message.recipient = recipient
                    message.messagingType = route == .messengerHumanAgent ? .humanAgent : .response
                    outcome = await sendChat(message, channel: channel, config: config, client: client, on: db, logger: logger, now: now)
                case .sms(let phone):
                    message.recipient = phone
                    let sender = SMSSender(baseURL: channels.esmsBaseURL, apiKey: channels.esmsAPIKey ?? "", secretKey: channels.esmsSecretKey ?? "",
                                           brandname: channels.esmsBrandname, sandbox: channels.esmsSandbox)
                    outcome = await sender.send(message, client: client, now: now)
                case .email(let address, let inReplyTo):
                    guard let from = channels.mailFrom.flatMap(EmailAddress.parseFirst), let command = channels.sendmailCommand else { continue }
                    if content.author == .automatic,
                       try await automaticMails(to: address, since: now.addingTimeInterval(-3600), on: db) >= channels.automaticMailsPerHour {
                        reasons.append("Đã gửi \(channels.automaticMailsPerHour) thư tự động tới địa chỉ này trong một giờ.")
                        continue
                    }
                    let domain = from.address.split(separator: "@").last.map(String.init) ?? "localhost"
                    let code = TrackingCode(digits: request.trackingCode)
                    message.recipient = address
                    message.email = .init(subject: "\(content.subject) [#\(code?.formatted ?? request.trackingCode)]",
                                          messageID: EmailComposer.messageID(trackingCode: code, domain: domain),
                                          inReplyTo: inReplyTo.map { String($0.dropFirst().dropLast()) },
                                          automatic: content.author == .automatic)
                    outcome = await EmailSender(command: command, from: from).send(message, client: client, now: now)
                }
                DeliveryCounters.count(outcome, channel: step.channel)
                var details = content.details
                if !reasons.isEmpty { details["fallback_reason"] = reasons.joined(separator: " ") }
                if try await settle(outcome, message: message, channel: step.channel, request: request, existing: existing,
                                    details: details, on: db) { return }
                reasons.append("\(step.channel.label): \(outcome)")
                logger.info("message \(content.key) passes from \(step.channel.rawValue): \(outcome)")
            }
        }

        // Recorded for the back office: on e-mail when the citizen gave an address, otherwise on the request's channel.
        let recorded = existing ?? MessageRecord()
        recorded.requestID = try request.requireID()
        recorded.channel = plan.recordOn
        recorded.direction = .outbound
        recorded.providerMessageID = content.key
        recorded.body = render(plan.recordOn == .sms ? content.text : content.fullText ?? content.text, for: plan.recordOn, config: config)
        recorded.sendStatus = .recorded
        var details = content.details
        details["reason"] = reasons.isEmpty ? "không có kênh gửi" : reasons.joined(separator: " ")
        recorded.details = MessageRecord.encodeDetails(details)
        try await recorded.save(on: db)
    }

    /// One chat send; Zalo `-216`/`-220` refreshes the token once under the lock and retries once (channels.md §1.5,
    /// Chatwoot's behaviour). Long text goes as several messages in order; the first refusal stops the rest.
    static func sendChat(_ message: OutboundMessage, channel: PAKNDomain.Channel, config: AppConfiguration, client: any Client,
                         on db: Database, logger: Logger, now: Date) async -> DeliveryOutcome {
        let channels = config.channels
        var sender: any ChannelSender
        switch channel {
        case .zalo:
            guard let token = try? await ZaloTokens.current(config: channels, on: db) else { return .fallback(reason: "Zalo chưa có access token.") }
            sender = ZaloSender(baseURL: channels.zaloAPIBaseURL, accessToken: token)
        default:
            guard let token = channels.messengerPageAccessToken else { return .fallback(reason: "Messenger chưa được cấu hình.") }
            sender = MessengerSender(baseURL: channels.messengerAPIBaseURL, pageAccessToken: token)
        }
        var providerIDs: [String] = []
        for (index, part) in TextSplitting.split(message.text, maximumCharacters: chatPartLimit).enumerated() {
            var piece = message
            piece.text = part
            if index > 0 { piece.idempotencyKey += "#\(index + 1)" }
            var outcome = await sender.send(piece, client: client, now: now)
            if case .refreshToken = outcome, let zalo = sender as? ZaloSender,
               let fresh = try? await ZaloTokens.refresh(after: zalo.accessToken, config: channels, client: client, on: db, logger: logger) {
                sender = ZaloSender(baseURL: zalo.baseURL, accessToken: fresh)
                outcome = await sender.send(piece, client: client, now: now)
            }
            guard case .sent(let id) = outcome else {
                // Parts already delivered cannot be taken back; a retry would repeat them, so a later failure is final.
                if index > 0, case .retry(let reason) = outcome { return .failed(reason: "phần \(index + 1): \(reason)") }
                return outcome
            }
            if let id { providerIDs.append(id) }
        }
        return .sent(providerMessageID: providerIDs.isEmpty ? nil : providerIDs.joined(separator: ","))
    }

    /// Records a sent message (returns `true`), throws ``RetryLater`` for retry and deferral, returns `false` when
    /// the next step should be tried.
    static func settle(_ outcome: DeliveryOutcome, message: OutboundMessage, channel: PAKNDomain.Channel,
                       request: ServiceRequestRecord, existing: MessageRecord?, details extra: [String: String],
                       on db: Database) async throws -> Bool {
        switch outcome {
        case .sent(let providerID):
            let record = existing ?? MessageRecord()
            record.requestID = try request.requireID()
            record.channel = channel
            record.direction = .outbound
            record.providerMessageID = message.idempotencyKey
            record.senderID = message.recipient
            record.body = message.text
            record.sendStatus = .sent
            // Receipts name each part's id; one id per row keeps `markDelivery` exact for single messages.
            record.receiptID = providerID
            var details = extra
            if let mail = message.email {
                details["message_id"] = "<\(mail.messageID)>"
                details["subject"] = mail.subject
                record.automatic = mail.automatic
                // A bounce names the mail by its Message-ID (RFC 3464): the receipt id that finds this row.
                record.receiptID = providerID ?? "<\(mail.messageID)>"
            }
            record.details = MessageRecord.encodeDetails(details)
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

    /// Automatic mails sent to `address` since `since` (channels.md §3.4: at most a few per hour per sender).
    static func automaticMails(to address: String, since: Date, on db: Database) async throws -> Int {
        try await MessageRecord.query(on: db).filter(\.$channel == PAKNDomain.Channel.email)
            .filter(\.$direction == .outbound).filter(\.$senderID == address).filter(\.$createdAt >= since)
            .filter(\.$automatic == true).count()
    }

    /// Whether the citizen wrote in English (the web form in English): the notices then speak English.
    static func inEnglish(_ request: ServiceRequestRecord) -> Bool { request.language == DisplayLanguage.english.tag }

    /// The status's name in the citizen's language.
    static func statusName(_ status: RequestStatus, for request: ServiceRequestRecord) -> String {
        inEnglish(request) ? TranslationCatalogue.shippedEnglish.english(status.label) ?? status.label : status.label
    }

    /// The notice text: short, with the tracking code and the look-up address, in the citizen's language
    /// (Vietnamese unless they wrote in English).
    static func noticeText(_ payload: Outbox.NotificationPayload, request: ServiceRequestRecord, config: AppConfiguration) -> String {
        let code = TrackingCode(digits: request.trackingCode)?.formatted ?? request.trackingCode
        let english = inEnglish(request)
        let link = "\(config.publicURL)/tra-cuu?ma=\(code)" + (english ? "&lang=en" : "")
        switch payload.template {
        case .created:
            return english ? "1022: We have received your report. Tracking code: \(code). See \(link)"
                : "1022: Đã tiếp nhận phản ánh của bạn. Mã tra cứu: \(code). Xem tại \(link)"
        default:
            let status = statusName(payload.status, for: request)
            return english ? "1022: Report \(code): \(status). See \(link)" : "1022: Phản ánh \(code): \(status). Xem tại \(link)"
        }
    }

    /// The e-mail subject of a notice (the code tag is added when sending), in the citizen's language.
    static func noticeSubject(_ payload: Outbox.NotificationPayload, request: ServiceRequestRecord) -> String {
        let english = inEnglish(request)
        switch payload.template {
        case .created: return english ? "We have received your report" : "Đã tiếp nhận phản ánh của bạn"
        default: return (english ? "Your report: " : "Phản ánh của bạn: ") + statusName(payload.status, for: request)
        }
    }

    /// `text` as sent on `channel`: SMS without diacritics when configured (channels.md §5.2), others unchanged.
    static func render(_ text: String, for channel: PAKNDomain.Channel, config: AppConfiguration) -> String {
        channel == .sms && config.channels.smsUnaccented ? SMSText.unaccented(text) : text
    }

}
