import Foundation
import PAKNDomain

/// What a new staff password must be (issue 11 item 8): at least ``minimumLength`` characters and not a common
/// password; no composition rules (NIST SP 800-63B rev. 3, §5.1.1.2: length and a blocklist, no "one digit, one
/// symbol" rules, which make passwords harder to remember and no harder to guess).
///
/// The blocklist is zxcvbn's 30,000 most common passwords (`Resources/common-passwords`, MIT, licence beside it) and
/// a short list of Vietnamese ones of ours. Comparison is on the lower-cased NFC form, so "Password123" is refused too.
enum PasswordPolicy {
    /// Fewest characters (Unicode characters, not bytes) in a password.
    static let minimumLength = 10
    /// Most characters: bcrypt reads only the first 72 bytes, so longer input would silently be cut.
    static let maximumBytes = 72

    /// Why a password is refused, in Vietnamese for the person typing it.
    enum Refusal: Error, Equatable, Sendable {
        case tooShort, tooLong, common

        /// The sentence shown under the password field.
        var message: String {
            switch self {
            case .tooShort: "Mật khẩu cần ít nhất \(PasswordPolicy.minimumLength) ký tự."
            case .tooLong: "Mật khẩu dài quá \(PasswordPolicy.maximumBytes) byte (bcrypt chỉ đọc chừng ấy)."
            case .common: "Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn một cụm từ khác, dài hơn."
            }
        }
    }

    /// Vietnamese passwords common enough to refuse that zxcvbn's (English-language) list lacks. Ours.
    static let vietnamese: Set<String> = [
        "matkhau123", "matkhau1234", "matkhau12345", "matkhau@123", "anhyeuem123", "anhyeuem1234", "emyeuanh123",
        "iloveyou123", "123456789a", "vietnam123", "vietnam1234", "hanoi12345", "saigon1234", "gialai1022",
        "1022gialai", "admin12345", "admin@1022", "quantri123", "quantri1234", "12345678910",
    ]

    /// The zxcvbn list, read once from the bundle (empty if the file were missing; a test proves it ships).
    static let common: Set<String> = {
        guard let url = Bundle.module.url(forResource: "Resources/common-passwords/passwords", withExtension: "txt"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).map(String.init))
    }()

    /// Checks `password` as typed. Throws ``Refusal``.
    static func check(_ password: String) throws(Refusal) {
        let normalized = VietnameseText.nfc(password)
        guard normalized.count >= minimumLength else { throw .tooShort }
        guard normalized.utf8.count <= maximumBytes else { throw .tooLong }
        let lowered = normalized.lowercased()
        if common.contains(lowered) || vietnamese.contains(lowered) { throw .common }
    }

    /// The refusal's message, or nil when the password is acceptable.
    static func problem(with password: String) -> String? {
        do { try check(password); return nil } catch { return error.message }
    }
}
