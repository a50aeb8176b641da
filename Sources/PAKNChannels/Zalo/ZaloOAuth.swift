import Foundation

/// Zalo OA OAuth v4 token refresh (channels.md §1.5): `POST {base}/v4/oa/access_token`, header
/// `secret_key: <App Secret>`, form `refresh_token`, `app_id`, `grant_type=refresh_token`. The answer
/// `{"access_token":"…","refresh_token":"…","expires_in":"90000"}` (`expires_in` in seconds, a string or a number).
/// Refresh tokens are single-use: persist the new one before using the new access token, and refresh under a lock.
public enum ZaloOAuth {
    /// The path below the OAuth base (`https://oauth.zaloapp.com`).
    public static let path = "/v4/oa/access_token"

    /// The form body, URL-encoded.
    public static func refreshForm(refreshToken: String, appID: String) -> String {
        let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        func encode(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? s }
        return "refresh_token=\(encode(refreshToken))&app_id=\(encode(appID))&grant_type=refresh_token"
    }

    /// New tokens.
    public struct Tokens: Sendable, Equatable {
        public var accessToken: String
        public var refreshToken: String
        /// Lifetime of the access token, in seconds (90,000 = 25 h).
        public var expiresIn: Int
    }

    private struct Wire: Decodable {
        let access_token: String?
        let refresh_token: String?
        let expires_in: LenientString?
        let error: LenientString?
        let error_description: String?
    }

    /// The tokens of a refresh answer, or `nil` when the answer carries no access and refresh token, a non-zero
    /// `error`, or an `error_description` (terminal: an admin must re-consent, §1.5).
    public static func tokens(from body: [UInt8]) -> Tokens? {
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(body)),
              wire.error_description == nil, (wire.error?.int64 ?? 0) == 0,
              let access = wire.access_token, !access.isEmpty, let refresh = wire.refresh_token, !refresh.isEmpty else { return nil }
        return Tokens(accessToken: access, refreshToken: refresh, expiresIn: Int(wire.expires_in?.int64 ?? 90_000))
    }
}
