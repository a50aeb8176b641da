import Crypto
import Foundation

/// The Zalo OA webhook signature (channels.md §1.2).
///
/// Header `X-ZEvent-Signature: mac=<hex>`, where `hex` is the **plain SHA-256** (not HMAC) of the concatenation
/// `app_id + rawBody + timestamp + OA secret key`; `app_id` and `timestamp` are read from the JSON body of the same
/// request, `rawBody` is the exact bytes received, and the key is the OA Secret Key of the webhook settings (not the
/// App Secret).
public enum ZaloSignature {
    /// The name of the header carrying the signature.
    public static let headerName = "X-ZEvent-Signature"

    /// The lowercase hex SHA-256 of `appID + rawBody + timestamp + oaSecretKey` (64 characters).
    public static func mac(appID: String, rawBody: some Sequence<UInt8>, timestamp: String, oaSecretKey: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(appID.utf8))
        hasher.update(data: Array(rawBody))
        hasher.update(data: Array(timestamp.utf8))
        hasher.update(data: Array(oaSecretKey.utf8))
        return hexString(hasher.finalize())
    }

    /// The header value Zalo would send for this body: `"mac=" + mac(…)`, with `app_id` and `timestamp` read from the
    /// body; `nil` when the body is not a JSON object with both fields.
    public static func headerValue(rawBody: [UInt8], oaSecretKey: String) -> String? {
        guard let fields = signedFields(rawBody) else { return nil }
        return "mac=" + mac(appID: fields.appID, rawBody: rawBody, timestamp: fields.timestamp, oaSecretKey: oaSecretKey)
    }

    /// Whether `header` is a valid signature of `rawBody`.
    ///
    /// Accepts `mac=<hex>` and bare `<hex>`, in either case (channels.md §1.2); compares in constant time. Returns
    /// `false` for a missing header, a body without `app_id` or `timestamp`, and, when `expectedAppID` is given, a
    /// body whose `app_id` is another application's. A numeric `timestamp` is used as its decimal digits, which are the
    /// characters of an integer JSON literal (§1.10 item 1).
    public static func isValid(header: String?, rawBody: [UInt8], oaSecretKey: String, expectedAppID: String? = nil) -> Bool {
        guard let header, let fields = signedFields(rawBody) else { return false }
        if let expectedAppID, !ConstantTime.equal(expectedAppID, fields.appID) { return false }
        var provided = header.trimmingCharacters(in: .whitespaces)
        if provided.lowercased().hasPrefix("mac=") { provided.removeFirst(4) }
        let expected = mac(appID: fields.appID, rawBody: rawBody, timestamp: fields.timestamp, oaSecretKey: oaSecretKey)
        return ConstantTime.equal(Array(provided.lowercased().utf8), Array(expected.utf8))
    }

    private struct SignedFields: Decodable {
        let app_id: LenientString
        let timestamp: LenientString
    }

    /// `app_id` and `timestamp` of a body, as the text that was signed.
    static func signedFields(_ rawBody: [UInt8]) -> (appID: String, timestamp: String)? {
        guard let fields = try? JSONDecoder().decode(SignedFields.self, from: Data(rawBody)) else { return nil }
        return (fields.app_id.value, fields.timestamp.value)
    }
}
