import Fluent
import Foundation
import PAKNChannels
import PAKNDomain
import Vapor

/// A message an operator writes to the citizen from the conversation view (issue 4 "reply box that picks the
/// channel by the reply-window rule and says why"). It is stored at once as a queued outbound message and a `reply`
/// job in one transaction, then delivered by the worker along the same ``DeliveryPlan`` as notifications, as a
/// reply a person wrote (Messenger HUMAN_AGENT allowed within 7 days; plain mail without `Auto-Submitted`).
enum StaffReply {
    /// The `reply` job: which queued message to deliver.
    struct Payload: Codable {
        let requestID: UUID
        /// The queued message's provider id, `reply:<uuid>`.
        let key: String
    }

    /// Longest reply accepted, in characters (the preview shows what an SMS of that length costs).
    static let maximumLength = 4000

    /// Roles that may write to citizens: the switchboard's operators and coordinators.
    static func mayReply(_ acting: Acting, to record: ServiceRequestRecord) -> Bool {
        guard let role = acting.role, role == .operator || role == .coordinator else { return false }
        return !record.restricted
    }

    /// The text as the citizen receives it: the operator's words, signed with the switchboard and the code, the
    /// signature in the citizen's language.
    static func signed(_ text: String, request: ServiceRequestRecord) -> String {
        let code = TrackingCode(digits: request.trackingCode)?.formatted ?? request.trackingCode
        return text + (NotificationDelivery.inEnglish(request) ? "\n-- 1022 hotline, report \(code)" : "\n-- Tổng đài 1022, phản ánh \(code)")
    }

    /// Validates `text` (NFC, 1…``maximumLength`` characters) and queues it. Returns the message key.
    /// `formKey` is the id the preview page issued: the same form sent twice (a double click, a resubmission)
    /// queues one reply.
    /// - Throws: `AppError.invalid` with a Vietnamese message for empty or too long text; `AppError.forbidden` when
    ///   `acting` may not reply.
    static func enqueue(_ text: String, about record: ServiceRequestRecord, acting: Acting, formKey: UUID = UUID(),
                        on db: Database, now: Date) async throws -> String {
        guard mayReply(acting, to: record) else { throw AppError.forbidden() }
        let clean = VietnameseText.sanitizedText(text).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !clean.isEmpty else { throw AppError.invalid("Hãy nhập nội dung trả lời.") }
        guard clean.count <= maximumLength else { throw AppError.invalid("Nội dung trả lời dài quá \(maximumLength) ký tự.") }
        let key = "reply:\(formKey.uuidString.lowercased())"
        let requestID = try record.requireID()
        do {
            try await db.writeTransaction { tx in
                if try await MessageRecord.query(on: tx).filter(\.$providerMessageID == key).count() > 0 { return }
                let message = MessageRecord()
                message.requestID = requestID
                message.channel = record.channel
                message.direction = .outbound
                message.providerMessageID = key
                message.body = signed(clean, request: record)
                message.sendStatus = .queued
                message.details = MessageRecord.encodeDetails(["author": acting.label,
                                                             "author_id": acting.userID?.uuidString ?? ""])
                try await message.create(on: tx)
                try await JobQueue.enqueue(kind: .reply, payload: Payload(requestID: requestID, key: key), idempotencyKey: key, runAt: now, on: tx)
            }
        } catch {
            // Two copies of the same form at the same instant: the database's unique key kept one; that one stands.
            if try await MessageRecord.query(on: db).filter(\.$providerMessageID == key).count() > 0 { return key }
            throw error
        }
        return key
    }

    /// Delivers the queued reply `payload` (the `reply` job). Throws ``NotificationDelivery/RetryLater``.
    static func deliver(_ payload: Payload, config: AppConfiguration, client: (any Client)?, on db: Database,
                        logger: Logger, now: Date) async throws {
        guard let request = try await ServiceRequestRecord.find(payload.requestID, on: db),
              let queued = try await MessageRecord.query(on: db).filter(\.$providerMessageID == payload.key).first() else { return }
        let stored = queued.detailFields
        let content = NotificationDelivery.Content(key: payload.key, author: .person, text: queued.body,
                                                   subject: NotificationDelivery.inEnglish(request) ? "The 1022 hotline's reply about your report"
                                                       : "Trả lời của Tổng đài 1022 về phản ánh của bạn",
                                                   details: stored.filter { $0.key == "author" || $0.key == "author_id" })
        try await NotificationDelivery.deliver(content, about: request, config: config, client: client, on: db, logger: logger, now: now)
    }
}
