import Foundation

/// The Messenger Send API (channels.md §2.4): `POST {base}/{version}/me/messages?access_token=<PAGE_ACCESS_TOKEN>`
/// with a JSON body; `{"recipient_id":"…","message_id":"m_…"}` on success, the Graph error envelope
/// `{"error":{"message","type","code","error_subcode","fbtrace_id"}}` on failure.
public enum MessengerSendAPI {
    /// The longest text in one message, in characters (§2.4).
    public static let maximumTextLength = 2000

    /// `messaging_type` (and `tag`) of a send, chosen by the reply-window rule (``ReplyWindow``).
    public enum MessagingType: Sendable, Equatable {
        /// `RESPONSE`: within 24 h of the citizen's last message.
        case response
        /// `MESSAGE_TAG` with `tag: HUMAN_AGENT`: a reply a person wrote, within 7 days.
        case humanAgent
    }

    /// The JSON body `{"recipient":{"id":"<PSID>"},"messaging_type":"RESPONSE","message":{"text":"…"}}`, with
    /// `"messaging_type":"MESSAGE_TAG","tag":"HUMAN_AGENT"` for ``MessagingType/humanAgent``.
    public struct Request: Encodable, Sendable, Equatable {
        /// `recipient.id`: the PSID.
        public struct Recipient: Encodable, Sendable, Equatable { public var id: String }
        /// `message.text` (at most 2,000 characters).
        public struct Message: Encodable, Sendable, Equatable { public var text: String }
        /// `recipient`.
        public var recipient: Recipient
        /// `RESPONSE` or `MESSAGE_TAG`.
        public var messaging_type: String
        /// `HUMAN_AGENT` with `MESSAGE_TAG`, absent otherwise.
        public var tag: String?
        /// `message`.
        public var message: Message

        /// A text message to `psid` sent as `type`.
        public init(psid: String, text: String, type: MessagingType) {
            recipient = .init(id: psid)
            message = .init(text: text)
            switch type {
            case .response: messaging_type = "RESPONSE"; tag = nil
            case .humanAgent: messaging_type = "MESSAGE_TAG"; tag = "HUMAN_AGENT"
            }
        }
    }

    /// The success answer.
    public struct Response: Decodable, Sendable, Equatable {
        /// The PSID the message went to.
        public var recipient_id: String?
        /// `m_…`: our message's id, referred to by echoes and delivery events.
        public var message_id: String?
    }

    /// The Graph error envelope.
    public struct ErrorEnvelope: Decodable, Sendable, Equatable {
        /// `error`: `code` and `error_subcode` select the outcome; `fbtrace_id` is for Meta support.
        public struct GraphError: Decodable, Sendable, Equatable {
            public var message: String?
            public var type: String?
            public var code: Int?
            public var error_subcode: Int?
            public var fbtrace_id: String?
        }
        /// `error`.
        public var error: GraphError
    }

    /// The outcome of an HTTP answer from the Send API.
    ///
    /// - 2xx with `message_id` → sent.
    /// - Graph errors (§2.4): `10`/`2018278` (outside the window), `551` (person unavailable), `100`/`2018001`
    ///   (no matching user) → fallback; `613`, `4`, `32` (rate limits), `2`, `1200` (temporary) → retry; `190`
    ///   (token invalid or expired: a page token is renewed by a person) and every other code → failed.
    /// - HTTP 5xx without an envelope, or an unreadable body → retry.
    public static func outcome(httpStatus: Int, body: [UInt8]) -> DeliveryOutcome {
        let data = Data(body)
        if (200..<300).contains(httpStatus), let response = try? JSONDecoder().decode(Response.self, from: data),
           let messageID = response.message_id {
            return .sent(providerMessageID: messageID)
        }
        guard let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: data), let code = envelope.error.code else {
            return .retry(reason: "Messenger HTTP \(httpStatus): unreadable answer")
        }
        return outcome(code: code, subcode: envelope.error.error_subcode, message: envelope.error.message)
    }

    /// The outcome of one Graph error `code` and `error_subcode` (see ``outcome(httpStatus:body:)``).
    public static func outcome(code: Int, subcode: Int?, message: String?) -> DeliveryOutcome {
        let reason = "Messenger \(code)\(subcode.map { "/\($0)" } ?? ""): \(message ?? "")"
        switch (code, subcode) {
        case (10, 2018278), (551, _), (100, 2018001): return .fallback(reason: reason)
        case (613, _), (4, _), (32, _), (2, _), (1200, _): return .retry(reason: reason)
        default: return .failed(reason: reason)
        }
    }
}
