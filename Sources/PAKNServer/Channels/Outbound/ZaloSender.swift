import Foundation
import PAKNChannels
import PAKNDomain
import Vapor

/// Zalo OA consultation message: `POST {ZALO_API_BASE_URL}/v3.0/oa/message/cs`, header `access_token`
/// (channels.md §1.4); answers mapped by ``ZaloConsultationMessage/outcome(httpStatus:body:now:)`` (§1.8). Text over
/// 2,000 characters is cut to the first part (notifications are short).
struct ZaloSender: ChannelSender {
    let baseURL: String
    let accessToken: String
    var channel: PAKNDomain.Channel { .zalo }

    /// Sends one message; see the type's documentation for the request and the mapping of answers.
    func send(_ message: OutboundMessage, client: any Client, now: Date) async -> DeliveryOutcome {
        let text = TextSplitting.split(message.text, maximumCharacters: ZaloConsultationMessage.maximumTextLength).first ?? ""
        return await postJSON(baseURL + ZaloConsultationMessage.path, headers: ["access_token": accessToken],
                              body: ZaloConsultationMessage.Request(userID: message.recipient, text: text), client: client) {
            ZaloConsultationMessage.outcome(httpStatus: $0, body: $1, now: now)
        }
    }
}
