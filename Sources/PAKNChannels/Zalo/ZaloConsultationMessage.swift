import Foundation

/// Zalo OA v3 consultation ("tư vấn") message: the request we send and the answer we read (channels.md §1.4).
///
/// `POST {base}/v3.0/oa/message/cs` with headers `access_token: <OA access token>` and
/// `Content-Type: application/json`; the HTTP status is 200 even on failure: the integer `error` (0 = success) and
/// `message` say what happened.
public enum ZaloConsultationMessage {
    /// The path below the API base (`https://openapi.zalo.me`).
    public static let path = "/v3.0/oa/message/cs"
    /// The longest text Zalo accepts in one message, in characters (§1.4; split on `Character` boundaries, §1.10 item 10).
    public static let maximumTextLength = 2000

    /// The JSON body `{"recipient":{"user_id":"…"},"message":{"text":"…"}}`.
    public struct Request: Encodable, Sendable, Equatable {
        /// `recipient`: the OA-scoped `user_id`.
        public struct Recipient: Encodable, Sendable, Equatable { public var user_id: String }
        /// `message`: the text (at most 2,000 characters).
        public struct Message: Encodable, Sendable, Equatable { public var text: String }
        /// `recipient`.
        public var recipient: Recipient
        /// `message`.
        public var message: Message
        /// A text message to the OA-scoped user id `userID`.
        public init(userID: String, text: String) {
            recipient = .init(user_id: userID)
            message = .init(text: text)
        }
    }

    /// The answer `{"error":0,"message":"Success","data":{"message_id":"…","user_id":"…","sent_time":"…"}}`; `error`
    /// and ids may be numbers or strings.
    public struct Response: Decodable, Sendable, Equatable {
        /// `data`: `message_id` (referred to by later delivery events) and `user_id`.
        public struct Data: Decodable, Sendable, Equatable {
            public var message_id: LenientString?
            public var user_id: LenientString?
        }
        /// `error`: 0 on success, a negative code otherwise (§1.8).
        public var error: LenientString?
        /// `message`: Zalo's explanation.
        public var message: String?
        /// `data` on success.
        public var data: Data?
    }

    /// The outcome of an HTTP answer from `message/cs`.
    ///
    /// - `error = 0` → sent, with `data.message_id`.
    /// - Errors per §1.8: `-32` (rate limit), `-200` (send failed) → retry; `-216`/`-220` (token) → refresh once;
    ///   `-213`, `-217`, `-218`, `-227`, `-230`, `-232`, `-244` (user unreachable or the 7-day window expired) →
    ///   fallback to another channel; `-234` (not between 22:00 and 06:00) → deferred to the next 06:00
    ///   Asia/Ho_Chi_Minh after `now`; every other code → failed (configuration or bad input, shown to admins).
    /// - HTTP 429 or 5xx, or a body that is not the documented JSON → retry.
    public static func outcome(httpStatus: Int, body: [UInt8], now: Date) -> DeliveryOutcome {
        if httpStatus == 429 || httpStatus >= 500 { return .retry(reason: "Zalo HTTP \(httpStatus)") }
        guard let response = try? JSONDecoder().decode(Response.self, from: Foundation.Data(body)),
              let code = response.error?.int64 else {
            return .retry(reason: "Zalo HTTP \(httpStatus): unreadable answer")
        }
        return outcome(errorCode: Int(code), message: response.message, messageID: response.data?.message_id?.value, now: now)
    }

    /// The outcome of one `error` code (§1.8), as described in ``outcome(httpStatus:body:now:)``.
    public static func outcome(errorCode: Int, message: String?, messageID: String?, now: Date) -> DeliveryOutcome {
        let reason = "Zalo \(errorCode): \(message ?? "")"
        switch errorCode {
        case 0: return .sent(providerMessageID: messageID)
        case -32, -200: return .retry(reason: reason)
        case -216, -220: return .refreshToken(reason: reason)
        case -213, -217, -218, -227, -230, -232, -244: return .fallback(reason: reason)
        case -234: return .deferred(until: nextSixAM(after: now), reason: reason)
        default: return .failed(reason: reason)
        }
    }

    /// The next 06:00 in Asia/Ho_Chi_Minh (UTC+7, no daylight saving) strictly after `now`.
    public static func nextSixAM(after now: Date) -> Date {
        let offset: TimeInterval = 7 * 3600
        let local = now.timeIntervalSince1970 + offset
        let dayStart = (local / 86400).rounded(.down) * 86400
        var candidate = dayStart + 6 * 3600
        if candidate <= local { candidate += 86400 }
        return Date(timeIntervalSince1970: candidate - offset)
    }
}
