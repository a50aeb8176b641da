import Fluent
import Foundation
import PAKNDomain
import Plot
import Vapor

/// The channel intake queue (issue 4 "Conversations", "Operator experience"): inbound messages that belong to no
/// request yet, newest first, each with its channel. An operator creates a request from one (the phone-intake form,
/// prefilled, `?tin-nhan=`) or attaches it to an existing tracking code.
enum ChannelInboxController {
    /// `GET /quan-tri/kenh`: at most 200 unattached inbound messages, newest first.
    static func inbox(_ req: Request) async throws -> Response {
        _ = try PhoneIntakeController.requireOperator(req)
        let messages = try await unattached(on: req.db)
        let error = req.query[String.self, at: "loi"]
        return Layout.response(Layout.render(title: "Tin nhắn đến", for: req, body: .div(
            .h1(.text("Tin nhắn đến chưa gắn phản ánh")),
            .unwrap(error) { .div(.class("errors"), .p(.text($0))) },
            .if(messages.isEmpty, .p(.class("muted"), .text("Không có tin nhắn chờ xử lý."))),
            .ul(.id("inbox"), .forEach(messages) { message in
                .li(.class("card inbox-item"),
                    .p(.span(.class("channel channel-\(message.channel)"),
                             .text(message.channel.label)),
                       .text(" – \(Layout.date(message.createdAt))")),
                    .p(.text(message.body.isEmpty ? "(tệp đính kèm hoặc vị trí)" : message.body)),
                    .a(.href(SiteURL.phoneIntakeFromMessage(message.id!).path), .text("Tạo phản ánh từ tin nhắn này")),
                    .form(.method(.post), .action(SiteURL.channelInboxAttach(message.id!).path),
                          Layout.csrfField(req),
                          .label(.text("Gắn vào mã phản ánh "), .input(.type(.text), .name("ma"), .placeholder("123-456-7894"))),
                          .button(.type(.submit), .class("secondary"), .text("Gắn"))))
            })
        )))
    }

    /// `POST /quan-tri/kenh/{id}/gan` with `ma`: attaches the message, and the same sender's other unattached
    /// messages on that channel, to the request with that tracking code (one the operator may see).
    static func attach(_ req: Request) async throws -> Response {
        let acting = try PhoneIntakeController.requireOperator(req)
        guard let id = req.parameters.get("id", as: UUID.self),
              let message = try await MessageRecord.find(id, on: req.db), message.requestID == nil else {
            throw Abort(.notFound)
        }
        let input = (try? req.content.get(String.self, at: "ma")) ?? ""
        guard let code = TrackingCode(parsing: input),
              let record = try await CaseAccess.visibleCases(to: acting, on: req.db)
                .filter(\.$trackingCode == code.digits).first() else {
            let text = "Không tìm thấy phản ánh có mã \(input)."
            return req.redirect(to: SiteURL.channelInbox.path + "?loi=" + (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        }
        try await attach(message, to: record.requireID(), on: req.db)
        return req.redirect(to: SiteURL.staffRequest(try record.requireID()).path)
    }

    /// The unattached inbound messages, newest first.
    static func unattached(on db: Database, limit: Int = 200) async throws -> [MessageRecord] {
        try await MessageRecord.query(on: db).filter(\.$requestID == nil).filter(\.$direction == .inbound)
            .sort(\.$createdAt, .descending).limit(limit).all()
    }

    /// Attaches `message` and every other unattached inbound message of the same sender on the same channel to
    /// `requestID`, so later messages of that conversation follow (``InboundProcessor/openRequest``); their downloaded
    /// files join the case (``AttachmentDownload/follow(requestID:on:)``).
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
