import Foundation
import PAKNChannels
import PAKNDomain
import Vapor

/// SMS through an eSMS-shaped gateway: `POST {ESMS_BASE_URL}/MainService.svc/json/SendMultipleMessage_V4_post_json/`
/// (channels.md §5.1), CSKH type, our notification key as `RequestId` (eSMS refuses a repeat within 24 h with 124,
/// which counts as sent), `IsUnicode` "1" only when the text is not GSM-7; answers mapped by
/// ``ESMS/outcome(httpStatus:body:)``.
struct SMSSender: ChannelSender {
    let baseURL: String
    let apiKey: String
    let secretKey: String
    let brandname: String
    let sandbox: Bool
    var channel: PAKNDomain.Channel { .sms }

    /// Sends one message; see the type's documentation for the request and the mapping of answers.
    func send(_ message: OutboundMessage, client: any Client, now: Date) async -> DeliveryOutcome {
        let phone = message.recipient.hasPrefix("0") ? "84" + message.recipient.dropFirst() : message.recipient
        let request = ESMS.SendRequest(apiKey: apiKey, secretKey: secretKey, phone: phone, content: message.text,
                                       brandname: brandname, unicode: !SMSText.isGSM7(message.text), sandbox: sandbox,
                                       requestID: message.idempotencyKey, callbackURL: nil)
        return await postJSON(baseURL + ESMS.sendPath, body: request, client: client) { ESMS.outcome(httpStatus: $0, body: $1) }
    }
}
