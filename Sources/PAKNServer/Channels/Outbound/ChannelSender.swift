import Foundation
import PAKNChannels
import PAKNDomain
import Vapor

/// One message to one citizen on one channel, already rendered for that channel.
struct OutboundMessage: Sendable {
    /// Zalo OA-scoped user id, Messenger PSID, or phone number in national form.
    var recipient: String
    /// The text as it will be sent (SMS: already unaccented when configured).
    var text: String
    /// Ours, one per notification (`notify:<event id>`): eSMS `RequestId`, and the outbox's duplicate check.
    var idempotencyKey: String
    /// Messenger only: `RESPONSE` or `HUMAN_AGENT`.
    var messagingType: MessengerSendAPI.MessagingType = .response
    /// E-mail only: the headers of the mail.
    var email: EmailHeaders?

    /// The headers of an outgoing mail that are ours to choose (channels.md §3.2, §3.4).
    struct EmailHeaders: Sendable {
        /// The subject, ending in the tracking-code tag `[#ddd-ddd-dddd]`.
        var subject: String
        /// Our Message-ID, without angle brackets (``EmailComposer/messageID(trackingCode:domain:)``).
        var messageID: String
        /// The citizen's last Message-ID, without angle brackets, for `In-Reply-To` and `References`.
        var inReplyTo: String?
        /// `true` for notices the system writes (RFC 3834 `Auto-Submitted: auto-replied`), `false` for a reply a
        /// person wrote.
        var automatic: Bool
    }
}

/// A way of delivering a message to a citizen (FixMyStreet's SendReport shape: one small adapter per channel behind
/// one interface; style.md). Each adapter speaks its provider's documented request and maps the documented answers
/// and error codes to a ``DeliveryOutcome``; transport errors become `.retry`.
protocol ChannelSender: Sendable {
    /// The channel this adapter delivers on.
    var channel: PAKNDomain.Channel { get }
    /// Sends `message` with `client`; never throws: every failure is an outcome.
    func send(_ message: OutboundMessage, client: any Client, now: Date) async -> DeliveryOutcome
}

extension ChannelSender {
    /// POSTs `body` as JSON to `url` and maps the answer with `outcome`; a transport error is `.retry`.
    func postJSON<Body: Encodable>(_ url: String, headers: HTTPHeaders = [:], body: Body, client: any Client,
                                   outcome: (Int, [UInt8]) -> DeliveryOutcome) async -> DeliveryOutcome {
        do {
            let response = try await client.post(URI(string: url), headers: headers) { request in
                try request.content.encode(body, as: .json)
            }
            let bytes = response.body.map { Array($0.readableBytesView) } ?? []
            return outcome(Int(response.status.code), bytes)
        } catch {
            return .retry(reason: "\(channel.rawValue): \(error)")
        }
    }
}
