import Foundation
import PAKNChannels
import PAKNDomain
import Vapor

/// Messenger Send API: `POST {MESSENGER_API_BASE_URL}/me/messages?access_token=<page token>` with
/// `messaging_type` `RESPONSE` or `MESSAGE_TAG`/`HUMAN_AGENT` (channels.md §2.4); answers mapped by
/// ``MessengerSendAPI/outcome(httpStatus:body:)``.
struct MessengerSender: ChannelSender {
    let baseURL: String
    let pageAccessToken: String
    var channel: PAKNDomain.Channel { .messenger }

    /// Sends one message; see the type's documentation for the request and the mapping of answers.
    func send(_ message: OutboundMessage, client: any Client, now: Date) async -> DeliveryOutcome {
        let text = TextSplitting.split(message.text, maximumCharacters: MessengerSendAPI.maximumTextLength).first ?? ""
        // RFC 3986 unreserved characters stay as they are; everything else is percent-encoded.
        let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let token = pageAccessToken.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
        return await postJSON(baseURL + "/me/messages?access_token=" + token,
                              body: MessengerSendAPI.Request(psid: message.recipient, text: text, type: message.messagingType),
                              client: client) { MessengerSendAPI.outcome(httpStatus: $0, body: $1) }
    }
}
