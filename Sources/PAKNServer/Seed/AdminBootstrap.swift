import Fluent
import Foundation
import PAKNDomain
import Vapor

/// Creates the first admin when there is none.
enum AdminBootstrap {
    struct Login { let email: String; let password: String }

    /// - Returns: the login to print once, or nil when an admin already exists.
    ///   A password given in `PAKN_ADMIN_PASSWORD` is not echoed back.
    static func ensureAdmin(on db: Database, config: AppConfiguration, hasher: PasswordHasher) async throws -> Login? {
        if try await User.query(on: db).filter(\.$role == .admin).count() > 0 { return nil }
        let password = config.adminPassword ?? generatePassword()
        let user = User(email: config.adminEmail.lowercased(), fullName: "Quản trị hệ thống",
                        passwordHash: try hasher.hash(password), role: .admin)
        try await user.create(on: db)
        return Login(email: user.email, password: config.adminPassword == nil ? password : "(PAKN_ADMIN_PASSWORD)")
    }

    /// 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I), from the system CSPRNG.
    static func generatePassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
    }
}
