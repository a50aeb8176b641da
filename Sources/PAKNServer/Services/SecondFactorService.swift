import Crypto
import Fluent
import SQLKit
import Foundation
import PAKNChannels
import PAKNDomain
import Vapor

/// The second factor of staff sign-in (issue 11 item 8): TOTP (RFC 6238) with ten single-use recovery codes, and the
/// roles an admin requires it of. Used by the login page, the account page, the admin page and `POST /api/v1/auth/token`.
///
/// The secret is stored sealed with the deployment's ``SettingsCipher`` (AES-256-GCM, the same key as channel
/// secrets), bound to the user's id; recovery codes are stored as SHA-256 digests and each works once.
struct SecondFactorService {
    let db: Database
    let cipher: SettingsCipher?

    /// The `settings` key of the roles that must use a second factor (comma-separated role names).
    static let requiredRolesKey = "second_factor_roles"
    /// How many recovery codes an enrolment gives.
    static let recoveryCodeCount = 10

    /// Why a second-factor step failed, in Vietnamese.
    static let noCipher = AppError(.internalServerError, "settings_key_missing",
                                   "Máy chủ chưa có khóa mã hóa cài đặt; không thể bật xác thực hai bước. Vui lòng báo quản trị hệ thống.")
    static let wrongCode = AppError(.unauthorized, "invalid_second_factor", "Mã xác thực không đúng hoặc đã dùng.")
    static let tooManyFailures = AppError(.tooManyRequests, "second_factor_locked",
                                          "Nhập sai mã xác thực quá nhiều lần. Vui lòng đăng nhập lại sau 15 phút.")

    /// The roles an admin requires a second factor of. A stored name the code does not know is ignored and logged
    /// (it names no role, so no user is affected).
    func requiredRoles(logger: Logger? = nil) async throws -> Set<Role> {
        guard let value = try await Setting.find(Self.requiredRolesKey, on: db)?.value else { return [] }
        var roles: Set<Role> = []
        for name in value.split(separator: ",") {
            if let role = Role(rawValue: String(name)) { roles.insert(role) }
            else { logger?.error("unknown role in settings.\(Self.requiredRolesKey)", metadata: ["value": .string(String(name))]) }
        }
        return roles
    }

    /// Sets the roles that must use a second factor.
    func setRequiredRoles(_ roles: Set<Role>) async throws {
        let value = Role.allCases.filter(roles.contains).map(\.rawValue).joined(separator: ",")
        if let existing = try await Setting.find(Self.requiredRolesKey, on: db) {
            existing.value = value
            try await existing.update(on: db)
        } else {
            try await Setting(key: Self.requiredRolesKey, value: value).create(on: db)
        }
    }

    /// Whether `user` must enrol before using the back office: their role requires it and they have none yet.
    func mustEnrol(_ user: User) async throws -> Bool {
        guard user.secondFactorSince == nil else { return false }
        return try await requiredRoles().contains(user.role)
    }

    private func sealName(_ user: User) throws -> String { "totp:\(try user.requireID().uuidString.lowercased())" }

    /// The user's key; nil when they have none, or it cannot be unsealed (another settings key). Throws
    /// ``noCipher`` only when there is a key to read and no cipher to read it with.
    private func totp(of user: User) throws -> TOTPKey? {
        guard let sealed = user.totpSecret else { return nil }
        guard let cipher else { throw Self.noCipher }
        guard let base32 = cipher.unseal(sealed, name: try sealName(user)) else { return nil }
        return TOTPKey(base32: base32)
    }

    /// Wrong codes allowed per account in ``failureWindow`` before sign-in must start again with the password.
    static let maximumFailures = 5
    /// Seconds over which wrong codes are counted.
    static let failureWindow: TimeInterval = 900

    /// Starts an enrolment: a new secret, stored sealed but not yet in use. Returns it for the page to show.
    /// Throws ``noCipher``.
    func begin(for user: User) async throws -> TOTPKey {
        guard let cipher else { throw Self.noCipher }
        let totp = TOTPKey(secret: TOTPKey.generateSecret())
        user.totpSecret = try cipher.seal(totp.base32Secret, name: try sealName(user))
        user.secondFactorSince = nil
        user.totpLastStep = nil
        user.recoveryCodes = nil
        try await user.update(on: db)
        return totp
    }

    /// The secret of an enrolment begun and not yet confirmed, for showing it again.
    func pending(for user: User) throws -> TOTPKey? {
        user.secondFactorSince == nil ? try totp(of: user) : nil
    }

    /// Confirms an enrolment with a code from the app; from then on sign-in asks for a code. Returns the recovery
    /// codes, to be shown once. Throws ``wrongCode``, ``noCipher``.
    func confirm(for user: User, code: String, keeping session: SessionID?, now: Date = Date()) async throws -> [String] {
        guard user.secondFactorSince == nil, let totp = try totp(of: user),
              let step = totp.matchingStep(of: code, at: now, after: nil) else { throw Self.wrongCode }
        // Whoever else held a session or token of this account before the factor (a suspected theft is the
        // usual reason to turn it on) is signed out; the caller keeps the session it confirmed from.
        let codes = (0..<Self.recoveryCodeCount).map { _ in Self.newRecoveryCode() }
        user.secondFactorSince = now
        user.totpLastStep = step
        user.recoveryCodes = codes.map(Self.digest).joined(separator: ",")
        try await user.update(on: db)
        try await AccessRevocation.revokeAll(of: try user.requireID(), keeping: session, on: db)
        return codes
    }

    /// Checks a sign-in's second factor: a TOTP code not used before, or one of the recovery codes (which is then
    /// spent). Records what was used. Returns false for anything else.
    func verify(_ user: User, input: String, now: Date = Date()) async throws -> Bool {
        guard user.secondFactorSince != nil else { return false }
        if let totp = try? totp(of: user), let step = totp.matchingStep(of: input, at: now, after: user.totpLastStep) {
            // Accepted once even when two requests bring the same code at the same moment (RFC 6238 §5.2): the
            // step is claimed by a conditional update, and only the request that changed the row wins.
            guard let sql = db as? any SQLDatabase else { return false }
            let claimed = try await sql.update(User.schema).set("totp_last_step", to: step)
                .where("id", .equal, try user.requireID())
                .where { $0.where("totp_last_step", .is, SQLLiteral.null).orWhere("totp_last_step", .lessThan, step) }
                .returning("id").all()
            guard !claimed.isEmpty else { return false }
            user.totpLastStep = step
            return true
        }
        let typed = Self.digest(input)
        var remaining = (user.recoveryCodes ?? "").split(separator: ",").map(String.init)
        guard let index = remaining.firstIndex(where: { ConstantTime.equal($0, typed) }) else { return false }
        remaining.remove(at: index)
        user.recoveryCodes = remaining.joined(separator: ",")
        try await user.update(on: db)
        return true
    }

    /// How many recovery codes are left.
    static func recoveryCodesLeft(_ user: User) -> Int {
        (user.recoveryCodes ?? "").split(separator: ",").count
    }

    /// Turns the second factor off (the user, with a valid code; or an admin for a user who lost the device).
    func disable(for user: User) async throws {
        user.totpSecret = nil; user.secondFactorSince = nil; user.totpLastStep = nil; user.recoveryCodes = nil
        try await user.update(on: db)
    }

    /// A recovery code: 10 characters of the Base32 alphabet in two groups, "abcde-fghjk" (50 bits).
    static func newRecoveryCode() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var rng = SystemRandomNumberGenerator()
        let chars = (0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
        return String(chars[0..<5]) + "-" + String(chars[5..<10])
    }

    /// The stored digest of a recovery code as typed: lower case, without spaces or hyphens.
    static func digest(_ typed: String) -> String {
        let normalized = typed.lowercased().filter { $0 != "-" && !$0.isWhitespace }
        return hexString(SHA256.hash(data: Data(normalized.utf8)))
    }
}
