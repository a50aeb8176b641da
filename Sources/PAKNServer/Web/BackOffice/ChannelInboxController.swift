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
        _ = try req.requireOperator()
        let messages = try await ChannelInbox.unattached(on: req.db)
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
                    .unwrap(sender(of: message)) { .p(.class("sender"), .text($0)) },
                    message.body.isEmpty ? .p(.text("(tệp đính kèm hoặc vị trí)"))
                        : .p(.peoplesWords, .text(Excerpt.of(message.body, limit: excerptLength))),
                    .if(message.body.count > excerptLength,
                        .p(.class("muted"), .text("(còn \(VietnameseText.grouped(Excerpt.omitted(message.body, limit: excerptLength))) ký tự: toàn văn ở phản ánh được tạo hoặc gắn)"))),
                    .a(.href(SiteURL.phoneIntakeFromMessage(message.id!).path), .text("Tạo phản ánh từ tin nhắn này")),
                    .form(.method(.post), .action(SiteURL.channelInboxAttach(message.id!).path),
                          Layout.csrfField(req),
                          .label(.text("Gắn vào mã phản ánh "), .input(.type(.text), .name("ma"), .placeholder("123-456-7894"))),
                          .button(.type(.submit), .class("secondary"), .text("Gắn"))))
            })
        )))
    }

    /// Characters of a message shown in the list (a mail of megabytes is one line of the queue, not the page).
    static let excerptLength = 600

    /// "Từ: Name <address>" for a mail, "Từ số: …" for an SMS; nil for chats (their ids mean nothing to a person).
    static func sender(of message: MessageRecord) -> String? {
        guard let id = message.senderID, !id.isEmpty else { return nil }
        switch message.channel {
        case .email:
            let details = MessageRecord.decodeDetails(message.details)
            let name = Excerpt.of(details["from_name"] ?? "", limit: 80)
            let subject = Excerpt.of(details["subject"] ?? "", limit: 200)
            return "Từ: " + (name.isEmpty ? id : "\(name) <\(id)>") + (subject.isEmpty ? "" : " · Tiêu đề: \(subject)")
        case .sms: return "Từ số: \(id)"
        default: return nil
        }
    }

    /// `POST /quan-tri/kenh/{id}/gan` with `ma`: attaches the message, and the same sender's other unattached
    /// messages on that channel, to the request with that tracking code (one the operator may see).
    static func attach(_ req: Request) async throws -> Response {
        let acting = try req.requireOperator()
        let input = (try? req.content.get(String.self, at: "ma")) ?? ""
        guard let record = try await ChannelInbox.attach(req.parameters.get("id", as: UUID.self), toCode: input, by: acting, on: req.db) else {
            let text = "Không tìm thấy phản ánh có mã \(input)."
            return req.redirect(to: SiteURL.channelInbox.path + "?loi=" + (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        }
        return req.redirect(to: SiteURL.staffRequest(try record.requireID()).path)
    }
}
