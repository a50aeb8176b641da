import Crypto
import ExtrasBase64
import Vapor
import Foundation
import PAKNChannels

/// A staff member's time-based one-time-password key, RFC 6238 (TOTP) over RFC 4226 (HOTP): HMAC-SHA-1, a 30-second
/// step counted from the Unix epoch (UTC), 6 digits — the defaults every authenticator app (Google Authenticator,
/// Microsoft Authenticator, FreeOTP, Aegis) reads from an `otpauth://totp/` URI. The codes are Vapor's `HOTP`; this
/// type adds what sign-in needs around them: steps, the drift window, single use, Base32 and the URI.
struct TOTPKey: Sendable {
    /// The shared secret (20 random bytes when generated: RFC 4226 §4 asks for at least 128 bits, recommends 160).
    let secret: [UInt8]
    /// Digits of a code (6; the RFC's test vectors use 8).
    var digits: OTPDigits = .six
    /// Seconds per step (RFC 6238 §4.1: X = 30).
    var period: TimeInterval = 30

    /// A new random secret of 20 bytes from the system's CSPRNG.
    static func generateSecret() -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    /// The time step of `date`: floor(seconds since 1970-01-01 UTC / period) (RFC 6238 §4.2).
    func step(at date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / period).rounded(.down)) }

    /// The code of `step` (RFC 4226 §5.3, by Vapor's `HOTP`), zero-padded to `digits`.
    func code(step: Int64) -> String {
        HOTP(key: SymmetricKey(data: secret), digest: .sha1, digits: digits).generate(counter: UInt64(bitPattern: step))
    }

    /// The code shown by an app at `date`.
    func code(at date: Date) -> String { code(step: step(at: date)) }

    /// The step whose code `input` is (spaces ignored), looking one step either side of `date` for clock drift
    /// (RFC 6238 §5.2 recommends at most one), and only at steps after `lastUsed` so a code is accepted once
    /// (§5.2: "the verifier MUST NOT accept the second attempt of the OTP"). Nil when it matches none.
    func matchingStep(of input: String, at date: Date, after lastUsed: Int64?) -> Int64? {
        let typed = input.filter { !$0.isWhitespace }
        guard typed.count == digits.rawValue, typed.allSatisfy(\.isASCII), typed.allSatisfy(\.isNumber) else { return nil }
        let now = step(at: date)
        for candidate in (now - 1)...(now + 1) where candidate > (lastUsed ?? Int64.min) {
            if ConstantTime.equal(code(step: candidate), typed) { return candidate }
        }
        return nil
    }

    /// The secret in Base32 without padding (RFC 4648 §6), as apps take it when typed by hand.
    var base32Secret: String { String(base32Encoding: secret, options: .omitPaddingCharacter) }

    /// Reads a Base32 secret (case and spaces ignored). Nil when it is not Base32.
    init?(base32: String) {
        let cleaned = base32.uppercased().filter { !$0.isWhitespace && $0 != "=" }
        var padded = cleaned
        while padded.count % 8 != 0 { padded.append("=") }
        guard let bytes = try? padded.base32decoded(), !bytes.isEmpty else { return nil }
        self.init(secret: bytes)
    }

    init(secret: [UInt8]) { self.secret = secret }

    /// The `otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…` URI of Google Authenticator's Key Uri Format, which
    /// apps read from a QR code or a link.
    func provisioningURI(account: String, issuer: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~@")
        func escape(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s }
        return "otpauth://totp/\(escape(issuer)):\(escape(account))?secret=\(base32Secret)&issuer=\(escape(issuer))"
            + "&algorithm=SHA1&digits=\(digits.rawValue)&period=\(Int(period))"
    }
}
