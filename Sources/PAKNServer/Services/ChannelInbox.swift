import Fluent
import Foundation
import PAKNDomain

/// The channel intake queue (issue 4 "Conversations"): inbound messages that belong to no request yet, and
/// attaching them to one. Knows nothing of HTTP.
enum ChannelInbox {
    /// The unattached inbound messages, newest first (at most `limit`).
    static func unattached(limit: Int = 200, on db: Database) async throws -> [MessageRecord] {
        try await MessageRecord.query(on: db).filter(\.$requestID == nil).filter(\.$direction == .inbound)
            .sort(\.$createdAt, .descending).limit(limit).allReadable(logger: db.logger)
    }

    /// The unattached inbound message with this id, if any (the intake form's `?tin-nhan=`).
    static func unattachedMessage(_ id: String?, on db: Database) async throws -> MessageRecord? {
        guard let id = id.flatMap(UUID.init(uuidString:)),
              let message = try await MessageRecord.find(id, on: db),
              message.requestID == nil, message.direction == .inbound else { return nil }
        return message
    }

    /// Attaches the unattached message `messageID` to the case with tracking code `code` that `acting` may see;
    /// returns the case, or `nil` when no such case is visible. Throws `AppError` 404 when the message is unknown
    /// or already attached.
    static func attach(_ messageID: UUID?, toCode code: String, by acting: Acting, on db: Database) async throws -> ServiceRequestRecord? {
        guard let messageID, let message = try await MessageRecord.find(messageID, on: db), message.requestID == nil else {
            throw AppError.notFound()
        }
        guard let code = TrackingCode(parsing: code),
              let record = try await CaseAccess.visibleCases(to: acting, on: db).filter(\.$trackingCode == code.digits).first() else {
            return nil
        }
        try await attach(message, to: record.requireID(), on: db)
        return record
    }

    /// Attaches `message` and every other unattached inbound message of the same sender on the same channel to
    /// `requestID`, so later messages of that conversation follow (``InboundProcessor/openRequest``); their downloaded
    /// files join the case (``AttachmentDownload/follow(requestID:on:)``). One transaction.
    static func attach(_ message: MessageRecord, to requestID: UUID, on db: Database) async throws {
        try await db.writeTransaction { tx in
            message.requestID = requestID
            try await message.save(on: tx)
            if let sender = message.senderID {
                try await MessageRecord.query(on: tx).filter(\.$channel == message.channel).filter(\.$senderID == sender)
                    .filter(\.$requestID == nil).filter(\.$direction == .inbound)
                    .set(\.$requestID, to: requestID).update()
            }
            try await AttachmentDownload.follow(requestID: requestID, on: tx)
        }
    }
}
