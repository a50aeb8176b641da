import Fluent
import Foundation
import PAKNDomain
import Vapor

/// Staff accounts (issue 11 item 8): creating and changing users, passwords and deactivation, with the rules every
/// entry point shares — the admin pages, a staff member's own password page and `pakn user`. Knows nothing of HTTP.
///
/// Every change that alters who a user is or how they prove it (password, role, agency, deactivation) revokes the
/// user's sessions and API tokens (`AccessRevocation`), so a stolen or outdated session ends with it.
struct AccountService {
    let db: Database
    let hasher: AsyncPasswordHasher

    /// What an account is to be: the fields of the admin form and of `pakn user create`.
    struct Profile: Sendable {
        var email: String
        var fullName: String
        var role: Role
        var agencyID: UUID?
        var active: Bool = true
    }

    /// Checks and normalises a profile. Throws `AppError` 422 (`validation_failed`) with a Vietnamese message.
    private func validated(_ profile: Profile) async throws -> Profile {
        var profile = profile
        profile.email = VietnameseText.sanitizedLine(profile.email).lowercased()
        profile.fullName = VietnameseText.sanitizedLine(profile.fullName)
        guard Intake.isPlausibleEmail(profile.email) else { throw AppError.invalid("Email không hợp lệ.") }
        guard (2...100).contains(profile.fullName.count), !Intake.containsMarkup(profile.fullName) else {
            throw AppError.invalid("Họ tên cần từ 2 đến 100 ký tự.")
        }
        if profile.role.isAgencyScoped {
            guard let agencyID = profile.agencyID, try await Agency.find(agencyID, on: db) != nil else {
                throw AppError.invalid("Cán bộ, lãnh đạo đơn vị phải thuộc một cơ quan.")
            }
        } else {
            profile.agencyID = nil
        }
        return profile
    }

    /// A password's bcrypt hash after `PasswordPolicy`. Throws `AppError` 422 with the policy's message.
    private func hash(_ password: String) async throws -> String {
        if let problem = PasswordPolicy.problem(with: password) { throw AppError.invalid(problem) }
        return try await hasher.hash(password)
    }

    private func ensureEmailFree(_ email: String, except id: UUID?) async throws {
        var query = User.query(on: db).filter(\.$email == email)
        if let id { query = query.filter(\.$id != id) }
        if try await query.count() > 0 { throw AppError.conflict("Email đã được dùng cho tài khoản khác.") }
    }

    /// Creates an account. Throws `AppError` 422 (bad field or password), 409 (email taken).
    func create(_ profile: Profile, password: String) async throws -> User {
        let profile = try await validated(profile)
        try await ensureEmailFree(profile.email, except: nil)
        let user = User(email: profile.email, fullName: profile.fullName, passwordHash: try await hash(password),
                        role: profile.role, agencyID: profile.agencyID)
        user.active = profile.active
        try await user.create(on: db)
        return user
    }

    /// Changes an account; `newPassword` nil or empty keeps the password; `clearSecondFactor` turns the user's second
    /// factor off (a lost phone: they set it up again at the next sign-in if their role requires it). Revokes the
    /// user's sessions and tokens when the password, role, agency or second factor changed or the account was
    /// deactivated. Throws `AppError` 404, 422, 409.
    func update(_ id: UUID, to profile: Profile, newPassword: String?, clearSecondFactor: Bool = false) async throws -> User {
        guard let user = try await User.find(id, on: db) else { throw AppError.notFound("Không tìm thấy người dùng.") }
        let profile = try await validated(profile)
        try await ensureEmailFree(profile.email, except: id)
        let newHash = try await (newPassword?.isEmpty == false ? hash(newPassword!) : nil)
        let clearing = clearSecondFactor && user.totpSecret != nil
        let revoke = newHash != nil || user.role != profile.role || user.agencyID != profile.agencyID
            || (user.active && !profile.active) || clearing
        user.email = profile.email; user.fullName = profile.fullName; user.role = profile.role
        user.agencyID = profile.agencyID; user.active = profile.active
        if let newHash { user.passwordHash = newHash }
        if clearing {
            user.totpSecret = nil; user.secondFactorSince = nil; user.totpLastStep = nil; user.recoveryCodes = nil
        }
        try await db.transaction { tx in
            try await user.save(on: tx)
            if revoke { try await AccessRevocation.revokeAll(of: id, on: tx) }
        }
        return user
    }

    /// Sets a new password for the account with this email (an admin's reset; `pakn user reset-password`) and ends
    /// every session and token of it. Throws `AppError` 404, 422.
    func resetPassword(email: String, to password: String) async throws -> User {
        let user = try await byEmail(email)
        let newHash = try await hash(password)
        try await db.transaction { tx in
            user.passwordHash = newHash
            try await user.save(on: tx)
            try await AccessRevocation.revokeAll(of: user.requireID(), on: tx)
        }
        return user
    }

    /// Deactivates the account with this email and ends every session and token of it. Throws `AppError` 404.
    func deactivate(email: String) async throws -> User {
        let user = try await byEmail(email)
        try await db.transaction { tx in
            user.active = false
            try await user.save(on: tx)
            try await AccessRevocation.revokeAll(of: user.requireID(), on: tx)
        }
        return user
    }

    /// A staff member changes their own password: the current one must be right (bcrypt), the new one must pass
    /// `PasswordPolicy`; every other session and every API token of theirs ends, `keeping` stays.
    /// Throws `AppError` 403 (`wrong_password`) or 422.
    func changeOwnPassword(of user: User, current: String, new: String, keeping session: SessionID?) async throws {
        guard (try? await hasher.verify(current, created: user.passwordHash)) == true else {
            throw AppError(.forbidden, "wrong_password", "Mật khẩu hiện tại không đúng.")
        }
        guard current != new else { throw AppError.invalid("Mật khẩu mới cần khác mật khẩu hiện tại.") }
        let newHash = try await hash(new)
        try await db.transaction { tx in
            user.passwordHash = newHash
            try await user.save(on: tx)
            try await AccessRevocation.revokeAll(of: user.requireID(), keeping: session, on: tx)
        }
    }

    /// The active user with this email and password, or nil. Runs bcrypt even for unknown emails, so the time
    /// of the answer does not reveal which emails exist. A row whose role cannot be read signs nobody in (fail
    /// closed) and answers like a wrong password, after the same bcrypt work (logged once by `firstReadable`).
    func authenticate(email: String, password: String, logger: Logger) async throws -> User? {
        let user: User?
        do {
            user = try await User.query(on: db).filter(\.$email == email).filter(\.$active == true).firstReadable(logger: logger)
        } catch is UnreadableRow {
            user = nil
        }
        let hash = user?.passwordHash ?? "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5jWuYz0a7qPzm3q1H6qfZ9V7dQvzC0y"
        let ok = (try? await hasher.verify(password, created: hash)) ?? false
        return ok ? user : nil
    }

    /// The active user with this id, or nil; an unreadable row throws `UnreadableRow` (logged once).
    func activeUser(_ id: UUID, logger: Logger) async throws -> User? {
        try await User.query(on: db).filter(\.$id == id).filter(\.$active == true).firstReadable(logger: logger)
    }

    /// Every account, by email; unreadable rows are left out and logged.
    func list(logger: Logger) async throws -> [User] {
        try await User.query(on: db).sort(\.$email).allReadable(logger: logger)
    }

    private func byEmail(_ email: String) async throws -> User {
        let email = VietnameseText.sanitizedLine(email).lowercased()
        guard let user = try await User.query(on: db).filter(\.$email == email).first() else {
            throw AppError.notFound("Không có tài khoản với email này.")
        }
        return user
    }

    /// Sets which notices `user` also receives by e-mail (and SMS), and the number for SMS (issue 14). `kinds` are
    /// raw `StaffNoticeKind` values; those not addressed to the user's role are dropped. An empty `phone` removes the
    /// number. Throws `AppError` 422 for a number that is not a Vietnamese mobile or landline.
    func setNoticePreferences(of user: User, kinds: [String], phone: String?) async throws {
        let chosen = StaffNoticePreferences.parse(kinds.joined(separator: ","), role: user.role)
        let trimmed = (phone ?? "").trimmingCharacters(in: .whitespaces)
        var number: String?
        if !trimmed.isEmpty {
            guard let national = PhoneNumber.normalize(trimmed) else { throw AppError.invalid("Số điện thoại nhận tin nhắn không hợp lệ.") }
            number = national
        }
        user.noticeKinds = StaffNoticePreferences.stored(chosen)
        user.noticePhone = number
        try await user.save(on: db)
    }

    /// Sets the switchboard extension (or agent name) `user` answers at: 1–40 letters, digits, spaces and `._-@`;
    /// empty clears it. Throws `AppError` 422 otherwise.
    func setExtension(of user: User, to raw: String?) async throws {
        let value = VietnameseText.sanitizedLine(raw ?? "")
        guard value.count <= 40, value.allSatisfy({ $0.isLetter || $0.isNumber || " ._-@".contains($0) }) else {
            throw AppError.invalid("Số máy lẻ chỉ gồm chữ, số, dấu chấm, gạch và @ (tối đa 40 ký tự).")
        }
        user.ctiExtension = value.isEmpty ? nil : value
        try await user.save(on: db)
    }

    /// Sets the language `user` reads the back office in (`vi`, `en`); empty or `nil` clears the choice (the
    /// browser's applies). Throws `AppError` 422 for any other value.
    func setLanguage(of user: User, to tag: String?) async throws {
        let value = (tag ?? "").trimmingCharacters(in: .whitespaces)
        if value.isEmpty {
            user.language = nil
        } else {
            guard let language = DisplayLanguage(rawValue: value) else { throw AppError.invalid("Ngôn ngữ không hợp lệ.") }
            user.language = language.tag
        }
        try await user.save(on: db)
    }
}
