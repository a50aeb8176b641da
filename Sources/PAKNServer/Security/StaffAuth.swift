import Crypto
import Fluent
import PAKNChannels
import PAKNDomain
import Vapor

extension Request {
    private struct StaffKey: StorageKey { typealias Value = User }

    /// The logged-in staff member (session or bearer token), if any.
    var staff: User? {
        get { storage[StaffKey.self] }
        set { storage[StaffKey.self] = newValue }
    }

    /// The logged-in staff member, or 401.
    func requireStaff() throws -> User {
        guard let staff else { throw AppError.unauthenticated }
        return staff
    }

    /// The staff member's acting context, or 401.
    func requireActing() throws -> Acting { try requireStaff().acting }

    /// The acting context of an operator or a coordinator (the switchboard and the channel intake queue's people):
    /// 401 when nobody is signed in, 403 for every other role.
    func requireOperator() throws -> Acting {
        let acting = try requireActing()
        guard acting.role == .operator || acting.role == .coordinator else { throw AppError.forbidden() }
        return acting
    }
}

/// Loads the staff member from the session (`uid`) for back-office pages. A request without a session cookie gets
/// no session here (reading `request.session` would make one, and a row for every anonymous page view).
struct SessionStaffMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        if request.hasSession, let raw = request.session.data["uid"], let id = UUID(uuidString: raw) {
            do {
                if let user = try await User.findReadable(id, on: request.db, logger: request.logger), user.active { request.staff = user }
            } catch is UnreadableRow {
                // Fail closed: a role the code does not know grants nothing (logged once in findReadable). The session
                // is signed out, so public pages still work and the back office asks for a login that cannot succeed.
                request.session.data["uid"] = nil
            }
        }
        return try await next.respond(to: request)
    }
}

/// Redirects anonymous visitors of back-office pages to the login page, and staff whose role requires a second
/// factor they have not set up to their account page (which is all they can open until they do).
struct RequireStaffPageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        guard let staff = request.staff else {
            return request.redirect(to: SiteURL.login.path)
        }
        if !request.url.path.hasPrefix(SiteURL.account.path),
           try await SecondFactorService(db: request.db, cipher: nil).mustEnrol(staff) {
            return request.redirect(to: SiteURL.account.path)
        }
        return try await next.respond(to: request)
    }
}

/// Authenticates `Authorization: Bearer <token>` against the SHA-256 hashes in `api_tokens`; 401 otherwise.
struct BearerStaffMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization?.token else { throw AppError.unauthenticated }
        let hash = APITokens.hash(bearer)
        guard let token = try await APIToken.query(on: request.db).filter(\.$tokenHash == hash).first(), token.expiresAt > Date() else {
            throw AppError(.unauthorized, "invalid_token", "Mã truy cập không hợp lệ hoặc đã hết hạn.")
        }
        let user: User?
        do {
            user = try await User.findReadable(token.$user.id, on: request.db, logger: request.logger)
        } catch is UnreadableRow {
            throw AppError(.forbidden, "forbidden", "Tài khoản có vai trò không hợp lệ. Vui lòng báo quản trị hệ thống.")
        }
        guard let user, user.active else {
            throw AppError(.unauthorized, "invalid_token", "Mã truy cập không hợp lệ hoặc đã hết hạn.")
        }
        // A token issued before the role required a second factor works again only once the factor is set up.
        if try await SecondFactorService(db: request.db, cipher: nil).mustEnrol(user) {
            throw AppError(.forbidden, "second_factor_enrolment_required",
                           "Vai trò của bạn bắt buộc xác thực hai bước. Hãy bật nó trên trang Tài khoản trước.")
        }
        request.staff = user
        return try await next.respond(to: request)
    }
}

/// API token issuing: random 32 bytes shown once; only the SHA-256 hex digest is stored.
enum APITokens {
    static func hash(_ token: String) -> String {
        hexString(SHA256.hash(data: Data(token.utf8)))
    }

    static func issue(for user: User, lifetime: TimeInterval = 30 * 86_400, on db: Database) async throws -> (token: String, expiresAt: Date) {
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255) }
        let token = hexString(bytes)
        let record = APIToken()
        record.$user.id = try user.requireID()
        record.tokenHash = hash(token)
        record.expiresAt = Date().addingTimeInterval(lifetime)
        try await record.create(on: db)
        return (token, record.expiresAt)
    }
}

/// Allows only the given roles; everyone else gets 403.
struct RequireRoleMiddleware: AsyncMiddleware {
    let roles: Set<Role>
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        guard let role = request.staff.map(\.role), roles.contains(role) else { throw AppError.forbidden() }
        return try await next.respond(to: request)
    }
}
