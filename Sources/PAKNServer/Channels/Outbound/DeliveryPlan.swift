import Fluent
import Foundation
import PAKNChannels
import PAKNDomain

/// The channels a message to the citizen behind one request will try, in order, and why others are skipped
/// (issue 4 "Reply-window router per channel", "reply box that picks the channel … and says why"; channels.md §6).
///
/// Order: the chat of origin (Zalo, Messenger) when its reply window (``ReplyWindow``) is open for this `author`;
/// then, for a request that came by e-mail, e-mail before SMS ("answers go back the way they came"); for any other,
/// SMS before e-mail. A channel is a step only when it is configured and the citizen can be reached on it: the
/// chat id of their last message, the contact's phone (or the number an SMS came from), the contact's address
/// (or the address a mail came from) when automatic mail may go there (``EmailRecipients``). The same plan serves
/// the outbox worker and the operator's reply box, so what the operator is told is what happens.
struct DeliveryPlan: Sendable {
    /// One way to reach the citizen.
    enum Step: Sendable, Equatable {
        /// Zalo `message/cs` or Messenger Send API to `recipient` (OA user id or PSID).
        case chat(PAKNDomain.Channel, ReplyWindow.Route, recipient: String)
        /// SMS to a phone number in national form.
        case sms(phone: String)
        /// E-mail to `address`, threaded on the citizen's last mail (`inReplyTo`, with angle brackets) when there is one.
        case email(address: String, inReplyTo: String?)

        var channel: PAKNDomain.Channel {
            switch self {
            case .chat(let channel, _, _): channel
            case .sms: .sms
            case .email: .email
            }
        }
    }

    /// The request's channel of origin.
    let origin: PAKNDomain.Channel
    /// The steps, best first.
    var steps: [Step]
    /// Vietnamese sentences for the channels passed over, in the order considered.
    var skipped: [String]
    /// Where a message that no step delivers is recorded: e-mail when the citizen gave an address, otherwise the
    /// channel of origin.
    var recordOn: PAKNDomain.Channel

    /// Builds the plan for a message by `author` about `request` at `now`.
    static func make(for request: ServiceRequestRecord, author: ReplyWindow.Author, config: ChannelConfiguration,
                     on db: Database, now: Date) async throws -> DeliveryPlan {
        let origin = request.channel
        let requestID = try request.requireID()
        var contact: Contact?
        if let contactID = request.primaryContactID { contact = try await Contact.find(contactID, on: db) }
        var skipped: [String] = []
        func lastInbound(on channel: PAKNDomain.Channel) async throws -> MessageRecord? {
            try await MessageRecord.query(on: db).filter(\.$requestID == requestID).filter(\.$channel == channel)
                .filter(\.$direction == .inbound).sort(\.$createdAt, .descending).first()
        }

        var chat: Step?
        if origin == .zalo || origin == .messenger {
            let last = try await lastInbound(on: origin)
            let route = ReplyWindow.route(channel: origin, lastInboundAt: last?.createdAt, now: now, author: author)
            if case .fallback(let reason) = route {
                skipped.append(reason)
            } else if let recipient = last?.senderID {
                let configured = origin == .zalo
                    ? (config.zaloAccessToken != nil || config.zaloRefreshToken != nil)
                    : config.messengerPageAccessToken != nil
                if configured { chat = .chat(origin, route, recipient: recipient) } else { skipped.append("\(origin.label) chưa được cấu hình.") }
            }
        }

        var sms: Step?
        let smsOrigin = origin == .sms ? try await lastInbound(on: .sms)?.senderID : nil
        let phone = (contact?.phone).flatMap(PhoneNumber.normalize) ?? smsOrigin.flatMap(PhoneNumber.normalize)
        if let phone {
            if config.esmsAPIKey != nil, config.esmsSecretKey != nil { sms = .sms(phone: phone) } else { skipped.append("Chưa cấu hình cổng SMS.") }
        }

        var email: Step?
        let lastMail = try await lastInbound(on: .email)
        let givenAddress = contact?.email.flatMap { $0.isEmpty ? nil : $0 } ?? lastMail?.senderID
        if let address = givenAddress {
            let from = config.mailFrom.flatMap(EmailAddress.parseFirst)
            if config.sendmailCommand == nil || from == nil {
                skipped.append("Chưa cấu hình gửi thư điện tử (quản trị hệ thống thiết lập ở trang Kênh kết nối).")
            } else if !EmailRecipients.isDeliverable(address, ownAddresses: [from!.address]) {
                skipped.append("Địa chỉ thư của công dân không hợp lệ, là hộp thư hệ thống hoặc của chính hệ thống: không gửi.")
            } else {
                let inReplyTo = lastMail?.providerMessageID.flatMap { $0.hasPrefix("<") ? $0 : nil }
                email = .email(address: address, inReplyTo: inReplyTo)
            }
        }

        let others = origin == .email ? [email, sms] : [sms, email]
        let steps = ([chat] + others).compactMap { $0 }
        if steps.isEmpty, givenAddress == nil, phone == nil {
            skipped.append("Công dân không để lại số điện thoại hay địa chỉ thư.")
        }
        return DeliveryPlan(origin: origin, steps: steps, skipped: skipped, recordOn: givenAddress != nil ? .email : origin)
    }

    /// A Vietnamese sentence for the operator: where the message goes first and why.
    var summary: String {
        guard let first = steps.first else {
            return "Không gửi được qua kênh nào: tin được lưu lại để cán bộ liên hệ. " + skipped.joined(separator: " ")
        }
        let why = skipped.isEmpty ? "" : " Vì: " + skipped.joined(separator: " ")
        switch first {
        case .chat(.zalo, .zaloConsultation(let free), _):
            return "Gửi qua Zalo (tin tư vấn trong 7 ngày kể từ tin nhắn cuối của công dân\(free ? ", miễn phí trong 48 giờ" : ", có tính phí sau 48 giờ"))."
        case .chat(_, .messengerHumanAgent, _):
            return "Gửi qua Messenger với thẻ HUMAN_AGENT (đã quá 24 giờ, trong 7 ngày; chỉ cho trả lời do cán bộ viết)."
        case .chat(let channel, _, _):
            return "Gửi qua \(channel.label) (trong 24 giờ kể từ tin nhắn cuối của công dân)."
        case .sms:
            return "Gửi bằng SMS tới số điện thoại công dân đã cung cấp." + why
        case .email:
            return "Gửi bằng thư điện tử tới địa chỉ công dân đã cung cấp." + why
        }
    }
}
