import Crypto
import Fluent
import PAKNChannels
import PAKNDomain
import Plot
import Vapor

/// Staff login and logout. Passwords are checked with bcrypt; failed attempts slow the next ones down, per account
/// and per address (`LoginThrottle`), without ever locking anyone out.
enum AuthController {
    static func loginForm(_ req: Request) async throws -> Response {
        if req.staff != nil { return req.redirect(to: SiteURL.queue.path) }
        return Layout.response(page(req, email: "", error: nil))
    }

    struct LoginForm: Content { var email: String?; var password: String? }

    static func login(_ req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let email = VietnameseText.sanitizedLine(form.email ?? "").lowercased()
        try await req.slowDownLogin(email: email)
        guard let user = try await authenticate(email: email, password: form.password ?? "", on: req) else {
            await req.recordLoginFailure(email: email)
            return Layout.response(page(req, email: email, error: "Email hoặc mật khẩu không đúng."), status: .unauthorized)
        }
        if user.secondFactorSince != nil {
            // Password right; the session is not signed in until the second factor is given (within 5 minutes).
            try await rotateSession(req)
            req.session.data["uid"] = nil
            req.session.data[pendingKey] = try user.requireID().uuidString
            req.session.data[pendingAtKey] = String(Int(Date().timeIntervalSince1970))
            req.session.data[pendingPasswordKey] = passwordFingerprint(user)
            return req.redirect(to: SiteURL.loginSecondFactor.path)
        }
        return try await signIn(user, req)
    }

    /// The session keys of a sign-in waiting for its second factor: the user, when the password was given, and a
    /// fingerprint of the password hash it was checked against (a reset in between ends the waiting sign-in).
    static let pendingKey = "pending_uid", pendingAtKey = "pending_at", pendingPasswordKey = "pending_pw"

    /// The first 16 hex digits of the SHA-256 of the user's bcrypt hash: changes whenever the password does.
    static func passwordFingerprint(_ user: User) -> String {
        String(hexString(SHA256.hash(data: Data(user.passwordHash.utf8))).prefix(16))
    }
    /// Seconds a password sign-in waits for its second factor.
    static let pendingLifetime: TimeInterval = 300

    /// A new session id (session fixation), keeping the data.
    static func rotateSession(_ req: Request) async throws {
        if let old = req.session.id {
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
            req.session.id = nil
        }
    }

    static func signIn(_ user: User, _ req: Request) async throws -> Response {
        try await rotateSession(req)
        req.session.data[pendingKey] = nil
        req.session.data[pendingAtKey] = nil
        req.session.data[pendingPasswordKey] = nil
        req.session.data["uid"] = try user.requireID().uuidString
        req.logger.info("staff login", metadata: ["user": .string(user.id?.uuidString ?? "")])
        let response = req.redirect(to: SiteURL.queue.path)
        // The language chosen on the account page follows the person to this browser (one who chose none keeps
        // what they picked on the sign-in page; signing out clears it for the next person at a shared computer).
        if let language = user.language.flatMap(DisplayLanguage.init(tag:)) {
            response.cookies[Request.languageCookie] = LanguageMiddleware.cookie(language, secure: req.paknConfiguration.secureCookies)
        }
        return response
    }

    /// The user whose password was right and who now owes the second factor, if that was under 5 minutes ago.
    static func pendingUser(_ req: Request) async throws -> User? {
        guard req.hasSession, let raw = req.session.data[pendingKey], let id = UUID(uuidString: raw),
              let at = req.session.data[pendingAtKey].flatMap(TimeInterval.init),
              Date().timeIntervalSince1970 - at <= pendingLifetime else { return nil }
        guard let user = try await AccountService(db: req.db, hasher: req.password.async).activeUser(id, logger: req.logger),
              req.session.data[pendingPasswordKey] == passwordFingerprint(user) else { return nil }
        return user
    }

    struct CodeForm: Content { var code: String? }

    static func secondFactorForm(_ req: Request) async throws -> Response {
        guard try await pendingUser(req) != nil else { return req.redirect(to: SiteURL.login.path) }
        return Layout.response(secondFactorPage(req, error: nil))
    }

    static func secondFactor(_ req: Request) async throws -> Response {
        guard let user = try await pendingUser(req) else { return req.redirect(to: SiteURL.login.path) }
        try await req.slowDownLogin(email: user.email)
        // A few wrong codes, then the sign-in starts again with the password (online guessing of 6 digits).
        guard try await req.secondFactorAttemptsLeft(for: user) else {
            req.session.data[pendingKey] = nil
            return Layout.response(page(req, email: user.email, error: SecondFactorService.tooManyFailures.message), status: .tooManyRequests)
        }
        let form = try req.content.decode(CodeForm.self)
        let factors = SecondFactorService(db: req.db, cipher: req.application.paknConfiguration.channels.settingsCipher)
        guard try await factors.verify(user, input: form.code ?? "") else {
            await req.recordLoginFailure(email: user.email)
            await req.recordSecondFactorFailure(for: user)
            return Layout.response(secondFactorPage(req, error: SecondFactorService.wrongCode.message), status: .unauthorized)
        }
        return try await signIn(user, req)
    }

    static func secondFactorPage(_ req: Request, error: String?) -> String {
        Layout.render(title: "Xác thực hai bước", for: req, body: .div(
            .h1(.text("Xác thực hai bước")),
            .p(.text("Nhập mã 6 chữ số trong ứng dụng xác thực trên điện thoại, hoặc một mã khôi phục.")),
            .form(.method(.post), .action(SiteURL.loginSecondFactor.path),
                Layout.csrfField(req),
                FormFields.text("code", label: "Mã xác thực", value: nil, required: true, maxLength: 20,
                                autocomplete: "one-time-code", inputMode: "numeric"),
                .unwrap(error) { .p(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) },
                .button(.type(.submit), .text("Xác nhận")))
        ))
    }

    /// The active user with this email and password, or nil (``AccountService/authenticate(email:password:logger:)``).
    static func authenticate(email: String, password: String, on req: Request) async throws -> User? {
        try await AccountService(db: req.db, hasher: req.password.async).authenticate(email: email, password: password, logger: req.logger)
    }

    static func logout(_ req: Request) async throws -> Response {
        req.session.destroy()
        let response = req.redirect(to: SiteURL.home.path)
        // A shared computer: the next person starts from their browser's language.
        response.cookies[Request.languageCookie] = .expired
        return response
    }

    static func page(_ req: Request, email: String, error: String?) -> String {
        Layout.render(title: "Đăng nhập", for: req, body: .div(
            .h1(.text("Đăng nhập cán bộ")),
            .form(.method(.post), .action(SiteURL.login.path),
                Layout.csrfField(req),
                FormFields.text("email", label: "Email", value: email, type: .email, required: true, autocomplete: "username"),
                FormFields.text("password", label: "Mật khẩu", value: nil, type: .password, required: true, autocomplete: "current-password"),
                .unwrap(error) { .p(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) },
                .button(.type(.submit), .text("Đăng nhập")))
        ))
    }
}
