import Crypto
import Foundation
import Vapor

/// What the site remembers of a visitor who has not signed in (issue 12 item 5): the CSRF token of the public
/// forms, the tracking codes this browser just filed (the confirmation page shows only those) and those whose
/// second factor it passed on the look-up page. It lives in a cookie, not in a session row: a page view writes
/// nothing to the database, whatever the number of visitors.
struct VisitorState: Codable, Equatable, Sendable {
    /// The public forms' CSRF token (32 random bytes, base64url), made on first use.
    var csrf: String?
    /// Tracking codes (10 digits) filed from this browser, the last 5.
    var submitted: [String] = []
    /// Tracking codes whose second factor (last 4 phone digits or the e-mail) this browser gave, the last 20.
    var verified: [String] = []
    /// When the cookie stops being accepted (seconds since 1970): ``SessionPolicy/visitorLifetime`` after it was
    /// last written (when it changed, or once half of that time had passed; `VisitorCookieMiddleware`).
    var expires: Int = 0
}

/// The visitors' cookie `pakn_visitor`: `base64url(JSON of VisitorState) "." base64url(HMAC-SHA256)`, the MAC under
/// a key derived from the settings key (`SettingsCipher.derivedKey`, `PAKN_SETTINGS_KEY`), so every node of a
/// deployment accepts what another wrote, and nobody can forge or alter one (a verified code, a token). The state
/// is not secret (it holds no personal data: codes and a token); it is only trusted when its MAC and expiry hold.
struct VisitorCookie: Sendable {
    static let name = "pakn_visitor"
    /// The MAC key's purpose, in the derivation's info.
    static let purpose = "pakn visitor cookie v1"
    /// Cookies longer than this are refused before any work (bytes; a full state is under 1 KB).
    static let maximumLength = 4096

    let key: SymmetricKey

    /// The cookie value of `state`.
    func seal(_ state: VisitorState) -> String {
        let payload = (try? JSONEncoder().encode(state)) ?? Data()
        let mac = HMAC<SHA256>.authenticationCode(for: payload, using: key)
        return Self.base64url(payload) + "." + Self.base64url(Data(mac))
    }

    /// The state in `value` when its MAC is ours and it has not expired at `now`; nil otherwise.
    func open(_ value: String, now: Date = Date()) -> VisitorState? {
        guard value.utf8.count <= Self.maximumLength else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Self.data(base64url: parts[0]), let mac = Self.data(base64url: parts[1]),
              HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: key),
              let state = try? JSONDecoder().decode(VisitorState.self, from: payload),
              TimeInterval(state.expires) > now.timeIntervalSince1970 else { return nil }
        return state
    }

    static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64url text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}

extension Request {
    private struct VisitorKey: StorageKey { typealias Value = (state: VisitorState, changed: Bool) }

    /// This visitor's state, read from the cookie once per request (empty when absent, altered or expired).
    /// Setting it marks it for the answer's `Set-Cookie` (``VisitorCookieMiddleware``).
    var visitor: VisitorState {
        get {
            if let cached = storage[VisitorKey.self] { return cached.state }
            let state = cookies[VisitorCookie.name].flatMap { application.visitorCookie.open($0.string) } ?? VisitorState()
            storage[VisitorKey.self] = (state, false)
            return state
        }
        set {
            guard newValue != visitor else { return }
            storage[VisitorKey.self] = (newValue, true)
        }
    }

    /// Whether the visitor's state changed in this request.
    var visitorChanged: Bool { storage[VisitorKey.self]?.changed ?? false }
}

extension Application {
    private struct VisitorCookieKey: StorageKey { typealias Value = VisitorCookie }

    /// The visitors' cookie of this deployment (its key derived from the settings key at configuration).
    var visitorCookie: VisitorCookie {
        get {
            guard let cookie = storage[VisitorCookieKey.self] else { fatalError("configure() sets the visitor cookie") }
            return cookie
        }
        set { storage[VisitorCookieKey.self] = newValue }
    }
}

/// Writes the visitor's cookie on the answer when the state changed: `HttpOnly`, `SameSite=Lax`, `Secure` on an
/// https site, ending with the browser (its own `expires` bounds its life on the server's side).
struct VisitorCookieMiddleware: AsyncMiddleware {
    let secure: Bool
    let lifetime: TimeInterval

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        // Outside the error page: an answer made from an error still carries a token the page handed out.
        let response = try await next.respond(to: request)
        // Written again when it changed, or when a visitor with a state has used half its life: it lapses
        // `lifetime` after the last request that came past that half, as the session rows did.
        let renew = !request.visitorChanged && request.cookies[VisitorCookie.name] != nil && request.visitor != VisitorState()
            && TimeInterval(request.visitor.expires) - Date().timeIntervalSince1970 < lifetime / 2
        if request.visitorChanged || renew {
            var state = request.visitor
            state.expires = Int(Date().timeIntervalSince1970 + lifetime)
            response.cookies[VisitorCookie.name] = HTTPCookies.Value(
                string: request.application.visitorCookie.seal(state), expires: nil, maxAge: nil, domain: nil, path: "/",
                isSecure: secure, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}
