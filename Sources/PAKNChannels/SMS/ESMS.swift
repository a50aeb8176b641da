import Crypto
import Foundation

/// The eSMS.vn HTTP API shapes (channels.md §5.1): the customer-care send, its delivery callback (DLR) and
/// inbound messages (MO) from a shortcode.
public enum ESMS {
    /// Path of the JSON send below the base (`https://rest.esms.vn`).
    public static let sendPath = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"

    /// The send body. Every value is a string, as in eSMS's documentation: `SmsType` `"2"` (CSKH), `IsUnicode`
    /// `"0"`/`"1"`, `Sandbox` `"1"` to validate without sending, `RequestId` ≤ 50 characters, deduplicated by eSMS for
    /// 24 h.
    public struct SendRequest: Codable, Sendable, Equatable {
        /// Credentials.
        public var ApiKey: String
        public var SecretKey: String
        /// The recipient, `84…`.
        public var Phone: String
        /// The text (a registered CSKH template's wording).
        public var Content: String
        /// The registered brandname.
        public var Brandname: String
        public var SmsType: String
        public var IsUnicode: String
        public var Sandbox: String
        /// Ours, ≤ 50 characters: eSMS refuses a repeat for 24 h (124).
        public var RequestId: String
        /// Where eSMS sends the delivery report (GET).
        public var CallbackUrl: String?

        /// A CSKH message. `phone` is sent as given (use the 84… form); `requestID` is cut to 50 characters.
        public init(apiKey: String, secretKey: String, phone: String, content: String, brandname: String,
                    unicode: Bool, sandbox: Bool, requestID: String, callbackURL: String?) {
            ApiKey = apiKey; SecretKey = secretKey; Phone = phone; Content = content; Brandname = brandname
            SmsType = "2"; IsUnicode = unicode ? "1" : "0"; Sandbox = sandbox ? "1" : "0"
            RequestId = String(requestID.prefix(50)); CallbackUrl = callbackURL
        }
    }

    /// The send answer: `{"CodeResult":"100","CountRegenerate":0,"SMSID":"…"}`; `CodeResult` may be a number.
    public struct SendResponse: Decodable, Sendable, Equatable {
        /// `100` accepted; error codes in §5.1.
        public var CodeResult: LenientString?
        /// eSMS's id of the message.
        public var SMSID: LenientString?
        /// Explanation of an error.
        public var ErrorMessage: String?
    }

    /// The outcome of a send answer (§5.1, §5.3 item 3).
    ///
    /// - `100` → sent (accepted; delivery comes in the callback), with `SMSID`.
    /// - `124` duplicate `RequestId`: our `RequestId`s are one per notification, so eSMS already has it → sent.
    /// - `99` (phone blocked), `108` (bad phone format), `177` (carrier not registered), `146` (template not
    ///   registered: alert, and reach the citizen another way) → fallback.
    /// - `101` (bad key), `103` (balance), `104` (brandname), `140` (IP not whitelisted) → failed (alert an admin).
    /// - HTTP 429/5xx, an unreadable body, or any other code → retry.
    public static func outcome(httpStatus: Int, body: [UInt8]) -> DeliveryOutcome {
        if httpStatus == 429 || httpStatus >= 500 { return .retry(reason: "eSMS HTTP \(httpStatus)") }
        guard let response = try? JSONDecoder().decode(SendResponse.self, from: Data(body)),
              let code = response.CodeResult?.value else {
            return .retry(reason: "eSMS HTTP \(httpStatus): unreadable answer")
        }
        let reason = "eSMS \(code): \(response.ErrorMessage ?? "")"
        switch code {
        case "100", "124": return .sent(providerMessageID: response.SMSID?.value)
        case "99", "108", "177", "146": return .fallback(reason: reason)
        case "101", "103", "104", "140": return .failed(reason: reason)
        default: return .retry(reason: reason)
        }
    }

    /// A delivery callback: an HTTP GET to our `CallbackUrl` with `SMSID`, `SendFailed`, `SendStatus`,
    /// `SendSuccess`, `TotalPrice`, `TotalReceiver`, `TotalSent`, `RequestId`, `TypeId`, `telcoid`, `phonenumber`.
    /// Not signed; retried up to 5 times.
    public struct DeliveryReport: Sendable, Equatable {
        /// The final state of a message, from the counters.
        public enum State: String, Sendable, Equatable {
            /// `SendSuccess` > 0 and `SendFailed` = 0.
            case delivered
            /// `SendFailed` > 0.
            case failed
            /// Neither yet.
            case pending
        }
        /// `SMSID`.
        public var smsID: String?
        /// `RequestId`: ours.
        public var requestID: String?
        /// `phonenumber`.
        public var phone: String?
        /// `SendStatus` as sent (undocumented values; the counters decide).
        public var sendStatus: String?
        /// `SendSuccess`, `SendFailed`: counts of recipients.
        public var sendSuccess: Int
        public var sendFailed: Int

        /// The report in a query string's parameters; `nil` without `SMSID` and `RequestId`.
        public init?(query: [String: String]) {
            smsID = query["SMSID"]; requestID = query["RequestId"]
            guard smsID != nil || requestID != nil else { return nil }
            phone = query["phonenumber"]; sendStatus = query["SendStatus"]
            sendSuccess = Int(query["SendSuccess"] ?? "") ?? 0
            sendFailed = Int(query["SendFailed"] ?? "") ?? 0
        }

        /// ``State`` from the counters. A failure is final: a later "sent" must not overwrite it (§5.3 item 5).
        public var state: State {
            if sendFailed > 0 { return .failed }
            if sendSuccess > 0 { return .delivered }
            return .pending
        }
    }

    /// An inbound SMS (MO) from a shortcode: a GET with `sender` (84…), `content`, `serviceNumber`, `keyword`,
    /// `smsid`, `receiverTime` (`yyyyMMddHHmmss`), `cpid`, `sign`.
    public struct InboundMessage: Sendable, Equatable {
        /// `sender`, `84…`.
        public var sender: String
        /// `content`, NFC.
        public var content: String
        /// `serviceNumber` (the shortcode) and `keyword` (the first word).
        public var serviceNumber: String?
        public var keyword: String?
        /// `smsid`: the de-duplication key.
        public var smsID: String
        /// `receiverTime`, `yyyyMMddHHmmss`.
        public var receiveTime: String
        /// `cpid` and `sign`.
        public var cpID: String
        public var sign: String

        /// The message in a query string's parameters; `nil` when `sender`, `content`, `smsid`, `receiverTime`, `cpid`
        /// or `sign` is missing.
        public init?(query: [String: String]) {
            guard let sender = query["sender"], let content = query["content"], let smsID = query["smsid"],
                  let receiveTime = query["receiverTime"] ?? query["receiveTime"], let cpID = query["cpid"],
                  let sign = query["sign"] else { return nil }
            self.sender = sender; self.content = content.precomposedStringWithCanonicalMapping; self.smsID = smsID
            self.receiveTime = receiveTime; self.cpID = cpID; self.sign = sign
            serviceNumber = query["serviceNumber"]; keyword = query["keyword"]
        }

        /// `MD5(cpid + smsid + content + receiveTime + privateKey)` in lowercase hex.
        public static func sign(cpID: String, smsID: String, content: String, receiveTime: String, privateKey: String) -> String {
            hexString(Insecure.MD5.hash(data: Array((cpID + smsID + content + receiveTime + privateKey).utf8)))
        }

        /// Whether `sign` matches (hex in either case, constant time).
        public func hasValidSign(privateKey: String) -> Bool {
            let expected = Self.sign(cpID: cpID, smsID: smsID, content: content, receiveTime: receiveTime, privateKey: privateKey)
            return ConstantTime.equal(Array(sign.lowercased().utf8), Array(expected.utf8))
        }
    }

    /// Our well-formed XML answer to an MO:
    /// `<ClientResponse><Message>…</Message><Smsid>…</Smsid><Receiver>…</Receiver></ClientResponse>`, text escaped.
    public static func inboundResponseXML(message: String, smsID: String, receiver: String) -> String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
                .replacingOccurrences(of: "'", with: "&apos;")
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ClientResponse><Message>\(escape(message))</Message>"
            + "<Smsid>\(escape(smsID))</Smsid><Receiver>\(escape(receiver))</Receiver></ClientResponse>"
    }
}
