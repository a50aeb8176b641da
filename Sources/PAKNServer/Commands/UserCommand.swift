import Fluent
import Foundation
import PAKNDomain
import Vapor

/// `pakn user list | create | reset-password | deactivate`: staff accounts from the shell, for whoever installs and
/// runs the system (issue 11 item 8). The same rules as the admin page (`AccountService`): password policy,
/// agency for agency roles, and every session and API token ended on a reset or deactivation.
///
/// Passwords are never taken from the command line (other users can read it in `ps`): `--password-stdin` reads the
/// first line of standard input; without it a 16-character password is generated and printed once.
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "list | create | reset-password | deactivate") var action: String
        @Option(name: "email", help: "The account's login e-mail.") var email: String?
        @Option(name: "name", help: "Full name (create).") var name: String?
        @Option(name: "role", help: "create: \(Role.allCases.map(\.rawValue).joined(separator: ", "))") var role: String?
        @Option(name: "agency", help: "The agency (UUID) of an agencyOfficer or agencyLeader.") var agency: String?
        @Flag(name: "password-stdin", help: "Read the password from the first line of standard input.") var passwordFromStdin: Bool
    }
    var help: String { "Quản lý tài khoản cán bộ / Staff accounts: list, create, reset-password, deactivate." }

    /// Migrates, then runs the action. Throws `AppError` (404 unknown e-mail, 409 e-mail taken, 422 bad field or
    /// password) whose Vietnamese message the command line prints.
    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Migrations.run(on: app)
        let accounts = AccountService(db: app.db, hasher: app.password.async)
        switch signature.action {
        case "list":
            for user in try await accounts.list(logger: app.logger) {
                StandardOutput.line([user.email, user.role.rawValue, user.active ? "active" : "inactive",
                                     user.agencyID?.uuidString.lowercased() ?? "-", user.fullName].joined(separator: "\t"))
            }
        case "create":
            guard let role = signature.role.flatMap(Role.init(rawValue:)) else {
                throw AppError.invalid("--role phải là một trong: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let agency = try signature.agency.map { raw in
                guard let id = UUID(uuidString: raw) else { throw AppError.invalid("--agency không phải UUID.") }
                return id
            }
            let (password, generated) = try Self.password(fromStdin: signature.passwordFromStdin)
            let user = try await accounts.create(.init(email: try Self.required(signature.email, "--email"),
                                                       fullName: try Self.required(signature.name, "--name"),
                                                       role: role, agencyID: agency), password: password)
            StandardOutput.line("created \(user.email)")
            if generated { StandardOutput.line("password: \(password)") }
        case "reset-password":
            let (password, generated) = try Self.password(fromStdin: signature.passwordFromStdin)
            let user = try await accounts.resetPassword(email: try Self.required(signature.email, "--email"), to: password)
            StandardOutput.line("password reset for \(user.email); all sessions and API tokens ended")
            if generated { StandardOutput.line("password: \(password)") }
        case "deactivate":
            let user = try await accounts.deactivate(email: try Self.required(signature.email, "--email"))
            StandardOutput.line("deactivated \(user.email); all sessions and API tokens ended")
        default:
            throw AppError.invalid("Thao tác không rõ: \(signature.action). Dùng list, create, reset-password hoặc deactivate.")
        }
    }

    private static func required(_ value: String?, _ name: String) throws -> String {
        guard let value, !value.isEmpty else { throw AppError.invalid("Thiếu \(name).") }
        return value
    }

    /// The password to set and whether it was generated (then it is printed once).
    private static func password(fromStdin: Bool) throws -> (String, Bool) {
        guard fromStdin else { return (AdminBootstrap.generatePassword(), true) }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw AppError.invalid("Không đọc được mật khẩu từ đầu vào chuẩn.")
        }
        return (line, false)
    }
}
