import Crypto
import Fluent
import Foundation
import PAKNChannels
import PAKNDomain
import Vapor

/// Staff notices by e-mail and SMS (issue 14, "Staff notices"): besides the in-app list (`StaffNotices`), each
/// addressee who chose the notice's kind (`StaffNoticePreferences`) gets one job in the outbox, written in the
/// transaction that wrote the notice, per channel: by e-mail to their login address (sent when mail is configured)
/// and by SMS to their notice number (when they gave one; sent when SMS is configured).
///
/// What a notice mail says: the notice's own text (a tracking code, a stage, a due instant: never a citizen's
/// words or details) and a link to the case. Nothing in it threads as citizen mail: the subject carries no
/// tracking-code tag and the Message-ID no code (channels.md §3.2), so a reply cannot join the case.
enum StaffNoticeDelivery {
    struct Payload: Codable {
        /// The notice's idempotency key (`staff_notifications.idempotency_key`).
        let noticeKey: String
        let userID: UUID
        /// `.email` or `.sms`: one job per channel, so a retry on one never repeats the other.
        let channel: PAKNDomain.Channel
    }

    /// The staff members a notice of `kind` to `role` (and `agencyID`) goes to by e-mail or SMS: active, of that
    /// role and agency, who chose `kind`; for an officers' notice on a case whose agency named an officer, that
    /// officer only; for a restricted case (complaints), the complaint officer only.
    static func recipients(kind: StaffNoticeKind, request: ServiceRequestRecord, role: Role, agencyID: UUID?, on db: Database) async throws -> [User] {
        if request.restricted, role != .complaintOfficer { return [] }
        var query = User.query(on: db).filter(\.$role == role).filter(\.$active == true)
        if role.isAgencyScoped {
            guard let agencyID else { return [] }
            query = query.filter(\.$agencyID == agencyID)
            // The named officer (a leader may be named too) alone, while they are an active member of the agency;
            // otherwise, as before anyone was named, the agency's officers.
            if role == .agencyOfficer, let named = try await Assignment.query(on: db).filter(\.$requestID == request.requireID())
                .filter(\.$agencyID == agencyID).filter(\.$active == true).first()?.officerID,
               let person = try await User.find(named, on: db), person.active, person.agencyID == agencyID {
                return StaffNoticePreferences.parse(person.noticeKinds, role: person.role).contains(kind) ? [person] : []
            }
        }
        return try await query.all().filter { StaffNoticePreferences.parse($0.noticeKinds, role: $0.role).contains(kind) }
    }

    /// Queues one job per recipient (keyed by notice and person, so a scan that sees the same notice again queues
    /// nothing more).
    static func enqueue(kind: StaffNoticeKind, key: String, request: ServiceRequestRecord, role: Role, agencyID: UUID?,
                        on db: Database, now: Date) async throws {
        for user in try await recipients(kind: kind, request: request, role: role, agencyID: agencyID, on: db) {
            let userID = try user.requireID()
            for channel in [PAKNDomain.Channel.email] + (user.noticePhone == nil ? [] : [.sms]) {
                try await JobQueue.enqueue(kind: .staffNotice, payload: Payload(noticeKey: key, userID: userID, channel: channel),
                                           idempotencyKey: "staffnotice:\(key):\(userID.uuidString):\(channel.rawValue)", runAt: now, on: db)
            }
        }
    }

    /// The mail's subject and text, and the SMS text, of `notice` about the case at `link`, in `language` (the
    /// staff member's choice on the account page; the notice's own text goes through the English catalogue).
    static func content(of notice: StaffNotification, link: String, language: DisplayLanguage = .vietnamese) -> (subject: String, text: String, sms: String) {
        if language == .english {
            let catalogue = TranslationCatalogue.shippedEnglish
            let kind = catalogue.english(notice.kind.label) ?? notice.kind.label
            let said = catalogue.english(notice.text) ?? notice.text
            let text = """
                \(said)

                See the report: \(link)

                An automatic message from the 1022 system; please do not reply. You receive it because you chose the \
                notice “\(kind)”; change your choice on the My account page.
                """
            return ("[1022] \(kind)", text, "1022: \(said)")
        }
        let subject = "[1022] \(notice.kind.label)"
        let text = """
            \(notice.text)

            Xem phản ánh: \(link)

            Thư tự động của Hệ thống 1022, vui lòng không trả lời thư này. Bạn nhận thư vì đã chọn nhận thông báo \
            “\(notice.kind.label)”; đổi lựa chọn ở trang Tài khoản của tôi.
            """
        return (subject, text, "1022: \(notice.text)")
    }

    /// Sends one job's notice. Nothing is sent when the notice, the person or their choice is gone (left the
    /// agency, unticked the kind since), or when neither e-mail nor SMS is configured. Throws
    /// `NotificationDelivery.RetryLater` when a channel's failure is temporary, so the job runs again with back-off;
    /// a permanent failure is logged (without the address) and the job ends.
    static func deliver(_ payload: Payload, config: AppConfiguration, client: (any Client)?, on db: Database, logger: Logger, now: Date) async throws {
        guard let notice = try await StaffNotification.query(on: db).filter(\.$idempotencyKey == payload.noticeKey).first(),
              let user = try await User.find(payload.userID, on: db), user.active,
              // Moved to another agency since: not theirs any more.
              notice.agencyID == nil || user.agencyID == notice.agencyID,
              StaffNoticePreferences.parse(user.noticeKinds, role: user.role).contains(notice.kind),
              let request = try await ServiceRequestRecord.find(notice.requestID, on: db),
              !request.restricted || user.role == .complaintOfficer else { return }
        guard let client else { throw NotificationDelivery.RetryLater(reason: "no network client", until: nil) }
        let channels = try await ChannelConfiguration.effective(base: config.channels, on: db)
        let (subject, text, sms) = content(of: notice, link: "\(config.publicURL)/quan-tri/phan-anh/\(try request.requireID().uuidString.lowercased())",
                                           language: user.language.flatMap(DisplayLanguage.init(tag:)) ?? .vietnamese)
        let outcome: DeliveryOutcome
        switch payload.channel {
        case .email:
            guard let from = channels.mailFrom.flatMap(EmailAddress.parseFirst), let command = channels.sendmailCommand else { return }
            let domain = from.address.split(separator: "@").last.map(String.init) ?? "localhost"
            var message = OutboundMessage(recipient: user.email, text: text, idempotencyKey: "staffnotice:\(payload.noticeKey)")
            // No tracking code in the Message-ID or the subject: a reply must not thread into the citizen's case.
            message.email = .init(subject: subject, messageID: EmailComposer.messageID(trackingCode: nil, domain: domain), inReplyTo: nil, automatic: true)
            outcome = await EmailSender(command: command, from: from).send(message, client: client, now: now)
        case .sms:
            guard let phone = user.noticePhone.flatMap(PhoneNumber.normalize), let key = channels.esmsAPIKey, !key.isEmpty else { return }
            let sender = SMSSender(baseURL: channels.esmsBaseURL, apiKey: key, secretKey: channels.esmsSecretKey ?? "",
                                   brandname: channels.esmsBrandname, sandbox: channels.esmsSandbox)
            // eSMS refuses a RequestId it saw in 24 h: one per notice and person, the same on every retry.
            let digest = SHA256.hash(data: Data("\(payload.noticeKey)|\(payload.userID.uuidString)".utf8))
            let message = OutboundMessage(recipient: phone, text: NotificationDelivery.render(sms, for: .sms, config: config),
                                          idempotencyKey: "staff-" + digest.prefix(12).map { String(format: "%02x", $0) }.joined())
            outcome = await sender.send(message, client: client, now: now)
        default:
            return
        }
        DeliveryCounters.count(outcome, channel: payload.channel)
        switch outcome {
        case .sent: return
        case .retry(let reason): throw NotificationDelivery.RetryLater(reason: reason, until: nil)
        case .deferred(let until, let reason): throw NotificationDelivery.RetryLater(reason: reason, until: until)
        case .failed(let reason), .fallback(let reason), .refreshToken(let reason):
            logger.warning("staff notice \(notice.kind.rawValue) to user \(payload.userID) by \(payload.channel.rawValue): \(reason)")
        }
    }
}
