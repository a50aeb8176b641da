import Fluent
import Foundation
import PAKNChannels
import PAKNDomain

/// Turns a stored raw event into messages (the `inbound` job; issue 4 "Conversations").
///
/// Each citizen message becomes one `messages` row, idempotent on (channel, provider message id). It is appended to
/// a request when the same sender (Zalo user id, Messenger PSID) wrote on the same channel within
/// `PAKN_CONVERSATION_DAYS` and that message belongs to a request still active; otherwise it waits, unattached, in
/// the channel intake queue (`/quan-tri/kenh`). Echoes of our own app, deliveries, reads and follows are not
/// messages from a citizen and create none.
enum InboundProcessor {
    /// One message extracted from an event.
    struct Incoming {
        var providerMessageID: String
        var senderID: String
        var text: String
        var details: [String: String]
        var receivedAt: Date
        /// `inbound` from the citizen; `outbound` for a reply staff typed in the provider's own inbox (an echo).
        var direction = MessageDirection.inbound
        /// Tracking codes the message names (our Message-IDs in `In-Reply-To`/`References`, then the subject tag;
        /// channels.md §3.2), tried before the sender.
        var trackingCodes: [TrackingCode] = []
        /// E-mail only: the Message-IDs it answers (`In-Reply-To`, then `References` newest first), with angle
        /// brackets, to find the citizen's own earlier mail on a request.
        var references: [String] = []
        /// The id to store instead when another event's message already has `providerMessageID` (e-mail: a
        /// different mail that reuses a Message-ID keeps its event's key); nil: such a message is a duplicate.
        var distinctID: String? = nil
    }

    /// A bounce of a mail we sent (issue 14): the mail's row gets the reason (shown on the case), and an automatic
    /// notice goes out again by SMS when the case has a phone number and SMS is configured. Once per mail.
    static func bounced(_ mail: EmailMessage, config: AppConfiguration, on db: Database, now: Date) async throws {
        guard let report = DeliveryReport.failure(in: mail) else { return }
        let sent = try await MessageRecord.query(on: db).filter(\.$channel == .email).filter(\.$direction == .outbound)
            .filter(\.$receiptID == report.originalMessageID).all()
        for message in sent {
            var details = message.detailFields
            guard details["bounce"] == nil else { continue }
            // The remote server's words may quote the address: masked, and cut.
            let why = report.diagnostic.map { " – " + String(Masking().mask($0).text.prefix(200)) } ?? ""
            details["bounce"] = "Thư bị trả lại (\(report.status))\(why)"
            message.detailFields = details
            try await message.save(on: db)
            guard let key = message.providerMessageID, key.hasPrefix("notify:"),
                  let eventID = UUID(uuidString: String(key.dropFirst("notify:".count))),
                  let requestID = message.requestID, let record = try await ServiceRequestRecord.find(requestID, on: db),
                  let caseEvent = try await EventRecord.find(eventID, on: db) else { continue }
            let plan = try await DeliveryPlan.make(for: record, author: .automatic, config: config.channels, on: db, now: now)
            guard plan.steps.contains(where: { $0.channel == .sms }) else { continue }
            try await JobQueue.enqueue(kind: .notify,
                                       payload: Outbox.NotificationPayload(requestID: requestID, template: caseEvent.action,
                                                                           status: caseEvent.toStatus ?? record.status, eventID: eventID, only: .sms),
                                       idempotencyKey: "notify:\(eventID.uuidString):sms", runAt: now, on: db)
        }
    }

    /// Why a stored mail cannot become a message (it has no sender): the parser's problems (technical text, such as
    /// a missing header or an unusable charset name), or nil when it can, or when it is an automatic mail (a bounce
    /// or an auto-reply).
    static func unreadableMail(_ mail: EmailMessage) -> String? {
        guard !mail.isAutomatic, mail.from == nil else { return nil }
        let problems = mail.problems.isEmpty ? ["no sender"] : mail.problems
        return String(problems.joined(separator: "; ").prefix(500))
    }

    /// Processes the event `eventID` once: marks it `processed` (or `failed` with the error, and rethrows so the job
    /// is retried with back-off).
    static func process(eventID: UUID, config: AppConfiguration, on db: Database, now: Date = Date()) async throws {
        var config = config
        config.channels = try await ChannelConfiguration.effective(base: config.channels, on: db)
        guard let event = try await InboundEvent.find(eventID, on: db), event.processedAt == nil else { return }
        let channel = event.channel
        // A mail without a sender cannot become a message: it is kept as `unparseable` for an admin to see and
        // download (issue 14); before, it was marked processed and no page showed it.
        // A mail is parsed once here, for every use below (a stored mail may be 25 MiB).
        let mail = channel == .email ? EmailMessage.parse(Array(event.rawBody)) : nil
        if let mail, let unreadable = unreadableMail(mail) {
            event.status = .unparseable
            event.processedAt = now
            event.error = unreadable
            try await event.save(on: db)
            return
        }
        do {
            let messages = try extract(event, channel: channel, config: config.channels, mail: mail)
            for message in messages {
                try await append(message, channel: channel, eventID: eventID, config: config, on: db)
            }
            for (providerID, state) in try receipts(event, channel: channel, mail: mail) {
                try await markDelivery(receiptID: providerID, state: state, channel: channel, on: db)
            }
            if let mail { try await bounced(mail, config: config, on: db, now: now) }
            event.status = .processed
            event.processedAt = now
            event.error = nil
            try await event.save(on: db)
        } catch {
            event.status = .failed
            event.error = String(String(describing: error).prefix(500))
            try await event.save(on: db)
            throw error
        }
    }

    /// The citizen messages in one raw event.
    static func extract(_ event: InboundEvent, channel: PAKNDomain.Channel, config: ChannelConfiguration,
                        mail parsed: EmailMessage? = nil) throws -> [Incoming] {
        let body = Array(event.rawBody)
        switch channel {
        case .zalo:
            let zalo = try ZaloEvent.decode(body)
            guard case .userMessage(let type) = zalo.kind, let sender = zalo.citizenID, let mid = zalo.messageID else { return [] }
            var details = ["type": type]
            for (index, attachment) in zalo.attachments.enumerated() {
                details["attachment\(index).type"] = attachment.type
                if let url = attachment.url { details["attachment\(index).url"] = url }
                if let name = attachment.name { details["attachment\(index).name"] = name }
                if let size = attachment.sizeBytes { details["attachment\(index).size"] = String(size) }
                if let lat = attachment.latitude, let long = attachment.longitude {
                    details["attachment\(index).location"] = "\(lat),\(long)"
                }
            }
            return [Incoming(providerMessageID: mid, senderID: sender,
                             text: VietnameseText.sanitizedText(zalo.text ?? ""),
                             details: details, receivedAt: zalo.date ?? event.receivedAt)]
        case .messenger:
            let webhook = try MessengerWebhook.decode(body)
            return webhook.events.compactMap { item -> Incoming? in
                guard let sender = item.citizenID else { return nil }
                switch item.kind {
                case .message(let message):
                    // Echoes of what our own app sent are already in the thread (§2.5 item 6).
                    if message.isEcho, message.appID == nil || message.appID == config.messengerAppID { return nil }
                    var details = ["type": message.isEcho ? "echo" : "message"]
                    for (index, attachment) in message.attachments.enumerated() {
                        details["attachment\(index).type"] = attachment.type
                        if let url = attachment.url { details["attachment\(index).url"] = url }
                        if let lat = attachment.latitude, let long = attachment.longitude {
                            details["attachment\(index).location"] = "\(lat),\(long)"
                        }
                    }
                    return Incoming(providerMessageID: message.mid, senderID: sender,
                                    text: VietnameseText.sanitizedText(message.text ?? ""), details: details,
                                    receivedAt: item.date ?? event.receivedAt, direction: message.isEcho ? .outbound : .inbound)
                case .postback(let postback):
                    return Incoming(providerMessageID: item.idempotencyKey, senderID: sender,
                                    text: VietnameseText.sanitizedText(postback.title ?? postback.payload ?? ""),
                                    details: ["type": "postback", "payload": postback.payload ?? ""],
                                    receivedAt: item.date ?? event.receivedAt)
                default:
                    return nil
                }
            }
        case .sms:
            // The stored event is the query string (and a POST body after a line break).
            var fields: [String: String] = [:]
            for line in String(decoding: body, as: UTF8.self).split(separator: "\n") {
                for (name, value) in FormURLEncoding.pairs(String(line)) { fields[name] = value }
            }
            guard let mo = ESMS.InboundMessage(query: fields) else { return [] }
            let sender = PhoneNumber.normalize(mo.sender) ?? mo.sender
            var incoming = Incoming(providerMessageID: "mo:\(mo.smsID)", senderID: sender, text: VietnameseText.sanitizedText(mo.content),
                                    details: ["type": "sms", "keyword": mo.keyword ?? "", "service_number": mo.serviceNumber ?? ""],
                                    receivedAt: event.receivedAt)
            // "PA 123-456-7894 …": an SMS naming its tracking code joins that request when sent from the case's phone.
            incoming.trackingCodes = EmailThreading.trackingCodes(inText: mo.content)
            return [incoming]
        case .email:
            // Auto-replies and bounces never become messages (RFC 3834; they are stored as `ignored` anyway).
            let mail = parsed ?? EmailMessage.parse(body)
            guard !mail.isAutomatic, let from = mail.from else { return [] }
            var details = ["type": "email", "subject": mail.subject ?? "", "from_name": mail.from?.name ?? ""]
            for (index, attachment) in mail.attachments.enumerated() {
                details["attachment\(index).type"] = attachment.contentType
                if let name = attachment.filename { details["attachment\(index).name"] = name }
                details["attachment\(index).size"] = String(attachment.size)
            }
            let text = [mail.subject, mail.text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n\n")
            // Replies thread on the Message-ID (In-Reply-To, References); the event key tells mails that reuse one apart.
            var incoming = Incoming(providerMessageID: mail.messageID.map { "<\($0)>" } ?? event.providerEventID, senderID: from.address.lowercased(),
                                    text: VietnameseText.sanitizedText(text), details: details,
                                    receivedAt: event.receivedAt)
            // Message-ids first, then the subject tag (channels.md §3.2 "Match in this order").
            let answered = mail.inReplyTo + mail.references.reversed()
            var codes = config.mailFrom.flatMap(EmailAddress.parseFirst).flatMap { $0.address.split(separator: "@").last }
                .map { EmailThreading.trackingCodes(inMessageIDs: answered, domain: String($0)) } ?? []
            for code in EmailThreading.trackingCodes(inText: mail.subject ?? "") where !codes.contains(code) { codes.append(code) }
            incoming.trackingCodes = codes
            incoming.references = answered.map { "<\($0)>" }
            incoming.distinctID = event.providerEventID
            return [incoming]
        default:
            return []
        }
    }

    /// Delivery receipts in an event: (provider message id of our message, `delivered`, `seen` or `failed`).
    /// Zalo `user_received_message` (`msg_id`) and `user_seen_message` (`msg_ids`), channels.md §1.3; Messenger
    /// `delivery.mids`, §2.3 (read watermarks are not tied to ids and are not applied).
    static func receipts(_ event: InboundEvent, channel: PAKNDomain.Channel, mail: EmailMessage? = nil) throws -> [(String, DeliveryState)] {
        let body = Array(event.rawBody)
        switch channel {
        case .zalo:
            let zalo = try ZaloEvent.decode(body)
            switch zalo.kind {
            case .delivered: return zalo.messageID.map { [($0, .delivered)] } ?? []
            case .seen: return (zalo.messageIDs + (zalo.messageID.map { [$0] } ?? [])).map { ($0, .seen) }
            default: return []
            }
        case .messenger:
            return try MessengerWebhook.decode(body).events.flatMap { item -> [(String, DeliveryState)] in
                if case .delivery(let mids, _) = item.kind { return mids.map { ($0, .delivered) } }
                return []
            }
        case .email:
            // A bounce (RFC 3464) names our mail by its Message-ID: that mail failed.
            return DeliveryReport.failure(in: mail ?? EmailMessage.parse(body)).map { [($0.originalMessageID, .failed)] } ?? []
        default:
            return []
        }
    }

    /// Applies a receipt to our outbound message whose ``MessageRecord/receiptID`` is `receiptID` on `channel`
    /// (an indexed equality), as ``DeliveryState/after(_:receipt:)`` allows: `seen` is never downgraded to
    /// `delivered` (a seen receipt may arrive first, §1.10 item 4). Unknown ids are ignored.
    static func markDelivery(receiptID: String, state: DeliveryState, channel: PAKNDomain.Channel, on db: Database,
                             now: Date = Date()) async throws {
        try await db.writeTransaction { tx in
            let messages = try await MessageRecord.query(on: tx).filter(\.$channel == channel).filter(\.$receiptID == receiptID)
                .filter(\.$direction == .outbound).all()
            for message in messages { try await apply(state, to: message, now: now, on: tx) }
        }
    }

    /// Sets `message`'s delivery state to what a receipt saying `state` leaves it at, with the time, when it changes.
    static func apply(_ state: DeliveryState, to message: MessageRecord, now: Date, on db: Database) async throws {
        let next = DeliveryState.after(message.deliveryState, receipt: state)
        guard next != message.deliveryState else { return }
        message.deliveryState = next
        message.deliveryUpdatedAt = now
        try await message.save(on: db)
    }

    /// Stores one message unless (channel, provider message id) exists — from this event, or from another when the
    /// message has no `distinctID` to take instead; attaches it to the sender's open request.
    static func append(_ message: Incoming, channel: PAKNDomain.Channel, eventID: UUID, config: AppConfiguration, on db: Database) async throws {
        try await db.writeTransaction { tx in
            var key = message.providerMessageID
            if let existing = try await MessageRecord.query(on: tx).filter(\.$channel == channel).filter(\.$providerMessageID == key).first() {
                guard existing.inboundEventID != eventID, let other = message.distinctID,
                      try await MessageRecord.query(on: tx).filter(\.$channel == channel).filter(\.$providerMessageID == other).count() == 0
                else { return }
                key = other
            }
            let record = MessageRecord()
            record.channel = channel
            record.direction = message.direction
            record.providerMessageID = key
            record.senderID = message.senderID
            record.body = message.text
            record.inboundEventID = eventID
            var details = message.details
            if let named = try await requestNamed(by: message.trackingCodes, senderID: message.senderID, on: tx) {
                record.requestID = named
            } else if let earlier = try await requestAnswered(by: message.references, senderID: message.senderID, on: tx) {
                record.requestID = earlier
            } else if let code = message.trackingCodes.first {
                // Names a code but comes from someone who is not behind that case: a third party, or a forged
                // subject (channels.md §3.2). It waits in the intake queue for an operator to decide.
                details["mentions_code"] = code.formatted
                details["third_party"] = "true"
            } else {
                record.requestID = try await openRequest(channel: channel, senderID: message.senderID,
                                                         since: message.receivedAt.addingTimeInterval(-Double(config.channels.conversationWindowDays) * 86400),
                                                         on: tx)
            }
            record.detailFields = details
            try await record.create(on: tx)
            try await AttachmentDownload.enqueue(for: record, details: details, on: tx)
        }
    }

    /// The first still-active request among `codes` (a mail naming its tracking code in the subject or our
    /// Message-ID, an SMS naming it in its text). Only when the sender stands behind that case (one of its contacts'
    /// addresses or phone numbers, or an earlier message of the same sender on it): anyone can type a tracking code.
    static func requestNamed(by codes: [TrackingCode], senderID: String, on db: Database) async throws -> UUID? {
        for code in codes {
            guard let request = try await ServiceRequestRecord.query(on: db).filter(\.$trackingCode == code.digits).first(),
                  !request.restricted, request.status.isActive else { continue }
            let id = try request.requireID()
            let sender = senderID.lowercased()
            let phone = PhoneNumber.normalize(senderID)
            let isContact = try await Publication.contacts(of: request, on: db).contains {
                $0.email?.lowercased() == sender || (phone != nil && $0.phone.flatMap(PhoneNumber.normalize) == phone)
            }
            let wroteBefore = try await MessageRecord.query(on: db).filter(\.$requestID == id).filter(\.$senderID == senderID).count() > 0
            if isContact || wroteBefore { return id }
        }
        return nil
    }

    /// The still-active request of an earlier mail from the same sender that this mail answers (its Message-ID in
    /// `references`): a citizen writing again in their own thread.
    static func requestAnswered(by references: [String], senderID: String, on db: Database) async throws -> UUID? {
        guard !references.isEmpty else { return nil }
        let earlier = try await MessageRecord.query(on: db).filter(\.$channel == PAKNDomain.Channel.email)
            .filter(\.$providerMessageID ~~ references).filter(\.$senderID == senderID).filter(\.$requestID != nil).all()
        for message in earlier {
            guard let id = message.requestID, let request = try await ServiceRequestRecord.find(id, on: db),
                  !request.restricted, request.status.isActive else { continue }
            return id
        }
        return nil
    }

    /// The request of the sender's latest attached message on `channel` since `since`, if still active.
    static func openRequest(channel: PAKNDomain.Channel, senderID: String, since: Date, on db: Database) async throws -> UUID? {
        guard let last = try await MessageRecord.query(on: db).filter(\.$channel == channel)
            .filter(\.$senderID == senderID).filter(\.$requestID != nil).filter(\.$createdAt >= since)
            .sort(\.$createdAt, .descending).first(),
            let requestID = last.requestID,
            let request = try await ServiceRequestRecord.find(requestID, on: db),
            request.status.isActive else { return nil }
        return requestID
    }
}
