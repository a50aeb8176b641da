import Foundation

/// One event of Zammad's generic CTI contract (channels.md §4.1, anchors.md §3): the PBX posts `newCall`, `answer`
/// and `hangup` to `POST /api/v1/cti/{token}` as JSON or as form data (arrays as repeated `user[]`).
public struct CTIEvent: Sendable, Equatable {
    /// `event`.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case newCall, answer, hangup
    }

    /// `direction`: `in` (a citizen calls us) or `out`.
    public enum Direction: String, Sendable, Equatable, Codable {
        case inbound = "in"
        case outbound = "out"
    }

    /// `cause` of a `hangup`.
    public enum Cause: Sendable, Equatable {
        case normalClearing, busy, cancel, noAnswer, congestion, notFound, forwarded
        /// Any other value, counted as "other" in the statistics (§4.7 item 4).
        case other(String)

        /// The cause for a `cause` value.
        public init(_ value: String) {
            switch value {
            case "normalClearing": self = .normalClearing
            case "busy": self = .busy
            case "cancel": self = .cancel
            case "noAnswer": self = .noAnswer
            case "congestion": self = .congestion
            case "notFound": self = .notFound
            case "forwarded": self = .forwarded
            default: self = .other(value)
            }
        }

        /// The wire value (`"other"` values as received).
        public var rawValue: String {
            switch self {
            case .normalClearing: "normalClearing"
            case .busy: "busy"
            case .cancel: "cancel"
            case .noAnswer: "noAnswer"
            case .congestion: "congestion"
            case .notFound: "notFound"
            case .forwarded: "forwarded"
            case .other(let value): value
            }
        }
    }

    /// Why a body is refused; the endpoint answers 422 `{"error":"…"}` with ``message``.
    public enum Failure: Error, Equatable {
        /// `event` missing or not one of newCall/answer/hangup.
        case unknownEvent(String?)
        /// `direction` missing or not in/out (Zammad: "Invalid direction!").
        case invalidDirection(String?)
        /// `callId` (or `call_id`) missing or longer than 250 characters.
        case invalidCallID
        /// The body is neither a JSON object nor form data.
        case malformed

        /// The error text of the 422 answer.
        public var message: String {
            switch self {
            case .unknownEvent(let value): "Unknown event \(value ?? "(missing)")"
            case .invalidDirection: "Invalid direction!"
            case .invalidCallID: "Invalid callId"
            case .malformed: "Malformed body"
            }
        }
    }

    /// `event`.
    public var kind: Kind
    /// `callId` (or `call_id`): unique per call session, at most 250 characters.
    public var callID: String
    /// `direction`.
    public var direction: Direction
    /// `from`: the caller for inbound calls; may be `"anonymous"`.
    public var from: String
    /// `to`: the number called.
    public var to: String
    /// `user`: the called agents (inbound) or the caller (outbound); a string, an array, or repeated `user[]`.
    public var users: [String]
    /// `queue`.
    public var queue: String?
    /// `answeringNumber` (answer, hangup).
    public var answeringNumber: String?
    /// `cause` (hangup).
    public var cause: Cause?
    /// The call's recording, when the PBX gives one (`recordingUrl`, `recording_url` or OMICall's
    /// `recording_file_url`; not in Zammad's contract, which PBX scripts extend this way). Only `http`/`https`
    /// addresses are kept.
    public var recordingURL: String?

    /// The citizen's number: `from` for inbound calls, `to` for outbound ones.
    public var citizenNumber: String { direction == .inbound ? from : to }

    /// Decodes a JSON body. - Throws: ``Failure``.
    public static func decodeJSON(_ rawBody: [UInt8]) throws -> CTIEvent {
        guard let object = try? JSONSerialization.jsonObject(with: Data(rawBody)) as? [String: Any] else {
            throw Failure.malformed
        }
        var fields: [(String, String)] = []
        for (key, value) in object {
            if let array = value as? [Any] {
                for element in array { fields.append((key + "[]", text(element))) }
            } else if !(value is NSNull) {
                fields.append((key, text(value)))
            }
        }
        return try decode(fields: fields)
    }

    /// Decodes `application/x-www-form-urlencoded` data (`user[]=A&user[]=B`). - Throws: ``Failure``.
    public static func decodeForm(_ rawBody: [UInt8]) throws -> CTIEvent {
        try decode(fields: FormURLEncoding.pairs(String(decoding: rawBody, as: UTF8.self)))
    }

    /// Decodes name/value pairs (from a form, multipart or URL-encoded; `user` and `user[]` may repeat).
    /// - Throws: ``Failure``.
    public static func decode(fields: [(String, String)]) throws -> CTIEvent {
        func first(_ names: String...) -> String? {
            for name in names { if let value = fields.first(where: { $0.0 == name })?.1 { return value } }
            return nil
        }
        guard let kind = first("event").flatMap(Kind.init(rawValue:)) else { throw Failure.unknownEvent(first("event")) }
        guard let direction = first("direction").flatMap(Direction.init(rawValue:)) else {
            throw Failure.invalidDirection(first("direction"))
        }
        guard let callID = first("callId", "call_id"), !callID.isEmpty, callID.count <= 250 else {
            throw Failure.invalidCallID
        }
        // A telephone number is at most 15 digits (ITU-T E.164); 64 characters leave room for "+", spaces, SIP URIs.
        guard (first("from") ?? "").count <= 64, (first("to") ?? "").count <= 64 else { throw Failure.malformed }
        let users = fields.filter { $0.0 == "user" || $0.0 == "user[]" }.map(\.1).filter { !$0.isEmpty }
        return CTIEvent(kind: kind, callID: callID, direction: direction,
                        from: first("from") ?? "", to: first("to") ?? "", users: users,
                        queue: first("queue"), answeringNumber: first("answeringNumber"),
                        cause: first("cause").map(Cause.init),
                        recordingURL: first("recordingUrl", "recording_url", "recording_file_url").flatMap(webAddress))
    }

    /// Characters a URL may hold as written (RFC 3986 §2: unreserved, reserved and `%`); anything else (spaces,
    /// quotes, `<`, `>`, `\`, `{`, `}`, `|`, `^`, backtick, non-ASCII) makes the value unusable.
    static let urlCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%")

    /// `value` when it is an absolute http(s) URL with a host, at most 2,000 characters, written only with
    /// ``urlCharacters``; else `nil`.
    static func webAddress(_ value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 2000, trimmed.allSatisfy(urlCharacters.contains), let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host?.isEmpty == false else { return nil }
        return trimmed
    }

    private static func text(_ value: Any) -> String {
        switch value {
        case let string as String: string
        case let number as NSNumber: number.stringValue
        default: "\(value)"
        }
    }
}

/// `application/x-www-form-urlencoded` parsing (WHATWG URL standard: `+` is a space, then percent-decoding as UTF-8).
public enum FormURLEncoding {
    /// The name/value pairs of `body` in order, repeated names kept (`"a=1&b=x+y&a=%C4%91"` →
    /// `[("a","1"), ("b","x y"), ("a","đ")]`). Malformed percent escapes are kept as written.
    public static func pairs(_ body: String) -> [(String, String)] {
        body.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(pieces[0])
            let value = pieces.count > 1 ? decode(pieces[1]) : ""
            return (name, value)
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
