import Crypto

/// The Messenger webhook signature and the subscription handshake (channels.md §2.2, §2.3).
public enum MessengerSignature {
    /// The header carrying the signature. The legacy `X-Hub-Signature: sha1=…` is ignored.
    public static let headerName = "X-Hub-Signature-256"

    /// `"sha256=" + lowercase hex HMAC-SHA256(key: App Secret, message: raw body bytes)`.
    public static func headerValue(rawBody: some Sequence<UInt8>, appSecret: String) -> String {
        let key = SymmetricKey(data: Array(appSecret.utf8))
        return "sha256=" + hexString(HMAC<SHA256>.authenticationCode(for: Array(rawBody), using: key))
    }

    /// Whether `header` is exactly the signature Meta sends for `rawBody`: the `sha256=` prefix and lowercase hex
    /// (§2.5 item 2 rejects a missing header, `sha1=` only, uppercase hex and any other prefix). Constant time.
    public static func isValid(header: String?, rawBody: [UInt8], appSecret: String) -> Bool {
        guard let header else { return false }
        return ConstantTime.equal(Array(header.utf8), Array(headerValue(rawBody: rawBody, appSecret: appSecret).utf8))
    }
}

/// The answer to Meta's subscription check `GET <callback>?hub.mode=subscribe&hub.challenge=…&hub.verify_token=…`
/// (channels.md §2.2).
public enum MessengerVerification {
    /// The decision on one verification request.
    public enum Answer: Equatable, Sendable {
        /// 200 with the challenge, byte for byte, as `text/plain`.
        case challenge(String)
        /// 403: wrong mode or token.
        case forbidden
        /// 400: a parameter is missing.
        case badRequest
    }

    /// Decides on the query parameters `hub.mode`, `hub.verify_token`, `hub.challenge`; the token is compared in
    /// constant time with our configured `verifyToken`.
    public static func answer(mode: String?, verifyToken: String?, challenge: String?, expectedToken: String) -> Answer {
        guard let mode, let verifyToken, let challenge else { return .badRequest }
        guard mode == "subscribe", !expectedToken.isEmpty, ConstantTime.equal(verifyToken, expectedToken) else {
            return .forbidden
        }
        return .challenge(challenge)
    }
}
