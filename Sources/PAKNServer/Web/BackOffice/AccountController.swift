import Fluent
import PAKNDomain
import Plot
import Vapor

/// "Tài khoản của tôi" (issue 11 item 8): a staff member changes their own password (every other session and API
/// token of theirs ends; the session where they did it stays) and sets up or turns off the second factor (TOTP).
enum AccountController {
    static func register(_ office: any RoutesBuilder) {
        let office = office.grouped(AuditMiddleware(action: .accountSecurity))
        office.get(SiteURL.account, use: page)
        office.post(SiteURL.accountPassword, use: changePassword)
        office.post(SiteURL.accountNotices, use: setNotices)
        office.post(SiteURL.accountExtension, use: setExtension)
        office.post(SiteURL.accountLanguage, use: setLanguage)
        office.post(SiteURL.accountSecondFactorBegin, use: beginSecondFactor)
        office.post(SiteURL.accountSecondFactorConfirm, use: confirmSecondFactor)
        office.post(SiteURL.accountSecondFactorDisable, use: disableSecondFactor)
    }

    static func factors(_ req: Request) -> SecondFactorService {
        SecondFactorService(db: req.db, cipher: req.application.paknConfiguration.channels.settingsCipher)
    }

    /// What the second-factor part of the page shows besides the status.
    enum SecondFactorStep {
        case none
        case pending(TOTPKey)
        case recoveryCodes([String])
    }

    struct PasswordForm: Content { var current: String?; var new: String?; var repeated: String? }

    static func page(_ req: Request) async throws -> Response {
        let user = try req.requireStaff()
        let pending = try factors(req).pending(for: user)
        let message = req.query[String.self, at: "da-doi"] != nil ? "Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc."
            : req.query[String.self, at: "da-luu"] != nil ? "Đã lưu lựa chọn nhận thông báo." : nil
        return Layout.response(try await render(req, message: message,
                                                error: nil, step: pending.map { .pending($0) } ?? .none))
    }

    struct BeginForm: Content { var password: String? }

    static func beginSecondFactor(_ req: Request) async throws -> Response {
        let user = try req.requireStaff()
        guard user.secondFactorSince == nil else { return req.redirect(to: SiteURL.account.path) }
        // The password again: a session left open (or stolen) must not be enough to bind someone else's phone.
        let form = try req.content.decode(BeginForm.self)
        guard (try? await req.password.async.verify(form.password ?? "", created: user.passwordHash)) == true else {
            return Layout.response(try await render(req, message: nil, secondFactorError: "Mật khẩu không đúng.", step: .none), status: .forbidden)
        }
        let totp = try await factors(req).begin(for: user)
        return Layout.response(try await render(req, message: nil, error: nil, step: .pending(totp)))
    }

    static func confirmSecondFactor(_ req: Request) async throws -> Response {
        let user = try req.requireStaff()
        let form = try req.content.decode(AuthController.CodeForm.self)
        do {
            let codes = try await factors(req).confirm(for: user, code: form.code ?? "", keeping: req.session.id)
            req.logger.info("second factor enabled", metadata: ["user": .string(user.id?.uuidString ?? "")])
            return Layout.response(try await render(req, message: "Đã bật xác thực hai bước.", error: nil, step: .recoveryCodes(codes)))
        } catch let error as AppError {
            let pending = try factors(req).pending(for: user)
            return Layout.response(try await render(req, message: nil, secondFactorError: error.message, step: pending.map { .pending($0) } ?? .none),
                                   status: error.status)
        }
    }

    struct DisableForm: Content { var password: String?; var code: String? }

    static func disableSecondFactor(_ req: Request) async throws -> Response {
        let user = try req.requireStaff()
        let service = factors(req)
        if try await service.requiredRoles().contains(user.role) {
            return Layout.response(try await render(req, message: nil, secondFactorError: "Vai trò của bạn bắt buộc xác thực hai bước.", step: .none), status: .forbidden)
        }
        let form = try req.content.decode(DisableForm.self)
        let passwordOK = (try? await req.password.async.verify(form.password ?? "", created: user.passwordHash)) == true
        guard passwordOK, try await service.verify(user, input: form.code ?? "") else {
            return Layout.response(try await render(req, message: nil, secondFactorError: "Mật khẩu hoặc mã xác thực không đúng.", step: .none), status: .forbidden)
        }
        try await service.disable(for: user)
        return Layout.response(try await render(req, message: "Đã tắt xác thực hai bước.", error: nil, step: .none))
    }

    struct NoticeForm: Content { var kinds: [String]?; var phone: String? }

    /// `POST /quan-tri/tai-khoan/thong-bao`: the notices the user also receives by e-mail or SMS. A bad number shows
    /// the page again with the reason (422).
    static func setNotices(_ req: Request) async throws -> Response {
        let user = try req.requireStaff()
        let form = try req.content.decode(NoticeForm.self)
        do {
            try await AccountService(db: req.db, hasher: req.password.async).setNoticePreferences(of: user, kinds: form.kinds ?? [], phone: form.phone)
        } catch let error as AppError {
            return Layout.response(try await render(req, message: nil, noticeError: error.message, typedPhone: form.phone), status: error.status)
        }
        return req.redirect(to: SiteURL.account.path + "?da-luu=1")
    }

    struct ExtensionForm: Content { var ctiExtension: String? }

    /// `POST /quan-tri/tai-khoan/may-le`: the extension an operator answers at (operators and coordinators).
    static func setExtension(_ req: Request) async throws -> Response {
        let user = try req.requireStaff()
        guard user.role == .operator || user.role == .coordinator else { throw AppError.forbidden() }
        do {
            try await AccountService(db: req.db, hasher: req.password.async).setExtension(of: user, to: try req.content.decode(ExtensionForm.self).ctiExtension)
        } catch let error as AppError {
            return Layout.response(try await render(req, message: nil, noticeError: error.message), status: error.status)
        }
        return req.redirect(to: SiteURL.account.path + "?da-luu=1")
    }

    struct LanguageForm: Content { var language: String? }

    /// `POST /quan-tri/tai-khoan/ngon-ngu`: the language of the back office for this user (kept with the account,
    /// and in this browser's language cookie at once).
    static func setLanguage(_ req: Request) async throws -> Response {
        let user = try req.requireStaff()
        let tag = try req.content.decode(LanguageForm.self).language
        do {
            try await AccountService(db: req.db, hasher: req.password.async).setLanguage(of: user, to: tag)
        } catch let error as AppError {
            return Layout.response(try await render(req, message: nil, noticeError: error.message), status: error.status)
        }
        let response = req.redirect(to: SiteURL.account.path + "?da-luu=1")
        if let chosen = user.language.flatMap(DisplayLanguage.init(tag:)) {
            response.cookies[Request.languageCookie] = LanguageMiddleware.cookie(chosen, secure: req.paknConfiguration.secureCookies)
        } else {
            // "As the browser prefers": no cookie to stand in its way.
            response.cookies[Request.languageCookie] = .expired
        }
        return response
    }

    static func changePassword(_ req: Request) async throws -> Response {
        let user = try req.requireStaff()
        let form = try req.content.decode(PasswordForm.self)
        guard let new = form.new, new == form.repeated else {
            return Layout.response(try await render(req, message: nil, error: "Hai lần nhập mật khẩu mới không giống nhau."), status: .unprocessableEntity)
        }
        do {
            try await AccountService(db: req.db, hasher: req.password.async)
                .changeOwnPassword(of: user, current: form.current ?? "", new: new, keeping: req.session.id)
        } catch let error as AppError {
            return Layout.response(try await render(req, message: nil, error: error.message), status: error.status)
        }
        req.logger.info("password changed", metadata: ["user": .string(user.id?.uuidString ?? "")])
        return req.redirect(to: SiteURL.account.path + "?da-doi=1")
    }

    static func render(_ req: Request, message: String?, error: String? = nil, secondFactorError: String? = nil,
                       step: SecondFactorStep = .none, noticeError: String? = nil, typedPhone: String? = nil) async throws -> String {
        let user = try req.requireStaff()
        let offered = StaffNoticePreferences.offered(to: user.role)
        let chosen = StaffNoticePreferences.parse(user.noticeKinds, role: user.role)
        let required = try await factors(req).requiredRoles().contains(user.role)
        return Layout.render(title: "Tài khoản của tôi", for: req, body: .div(
            .h1(.text("Tài khoản của tôi")),
            .unwrap(message) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            .if(required && user.secondFactorSince == nil,
                .p(.class("error"), .attribute(named: "role", value: "alert"),
                   .text("Vai trò của bạn bắt buộc xác thực hai bước. Hãy bật nó dưới đây trước khi dùng các trang khác."))),
            .h2(.text("Đổi mật khẩu")),
            .form(.class("card"), .method(.post), .action(SiteURL.accountPassword.path),
                Layout.csrfField(req),
                FormFields.text("current", label: "Mật khẩu hiện tại", value: nil, type: .password, required: true, autocomplete: "current-password"),
                FormFields.text("new", label: "Mật khẩu mới", value: nil, type: .password, required: true,
                                hint: "Ít nhất \(PasswordPolicy.minimumLength) ký tự; nên là một cụm từ dễ nhớ. Không dùng mật khẩu phổ biến.",
                                autocomplete: "new-password"),
                FormFields.text("repeated", label: "Nhập lại mật khẩu mới", value: nil, type: .password, required: true, autocomplete: "new-password"),
                .unwrap(error) { .p(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) },
                .button(.type(.submit), .text("Đổi mật khẩu"))),
            .if(user.role == .operator || user.role == .coordinator, .group(
                .h2(.text("Máy lẻ tổng đài")),
                .form(.class("card"), .id("extension-form"), .method(.post), .action(SiteURL.accountExtension.path),
                    Layout.csrfField(req),
                    FormFields.text("ctiExtension", label: "Số máy lẻ (hoặc tên tổng đài viên) tôi đang trực", value: user.ctiExtension,
                                    maxLength: 40, hint: "Khi tổng đài báo cuộc gọi đổ chuông ở máy này, trang của bạn hiện ngay số người gọi và các phản ánh trước đây của họ. Để trống: hiện mọi cuộc gọi đến."),
                    .button(.type(.submit), .text("Lưu máy lẻ"))))),
            .if(!offered.isEmpty, .group(
                .h2(.text("Nhận thông báo qua thư điện tử, tin nhắn")),
                .form(.class("card"), .id("notice-preferences"), .method(.post), .action(SiteURL.accountNotices.path),
                    Layout.csrfField(req),
                    .p(.class("muted"), .text("Thông báo luôn hiện ở trang Thông báo. Chọn loại nào gửi thêm tới \(user.email)"
                                              + " và, nếu có số điện thoại dưới đây, bằng tin nhắn SMS.")),
                    .forEach(offered) { kind in
                        .label(.class("check"), .input(.type(.checkbox), .name("kinds[]"), .value(kind.rawValue), .id("notice-\(kind.rawValue)"),
                                                       .checked(chosen.contains(kind))), .text(kind.label))
                    },
                    FormFields.text("phone", label: "Số di động nhận tin nhắn (không bắt buộc)", value: typedPhone ?? user.noticePhone.map(PhoneNumber.display),
                                    type: .tel, maxLength: 20, autocomplete: "tel", id: "notice-phone", inputMode: "tel"),
                    .unwrap(noticeError) { .p(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) },
                    .button(.type(.submit), .text("Lưu lựa chọn"))))),
            languageSection(req, user: user),
            .h2(.text("Xác thực hai bước")),
            secondFactorSection(req, user: user, required: required, step: step, error: secondFactorError)
        ))
    }

    /// The language of the pages for this person: the browser's, Vietnamese or English (each named in itself).
    static func languageSection(_ req: Request, user: User) -> Node<HTML.BodyContext> {
        let options: [Node<HTML.SelectContext>] = DisplayLanguage.allCases.map { language in
            .element(named: "option", nodes: [.attribute(named: "value", value: language.tag), .attribute(named: "lang", value: language.tag),
                                              .if(user.language == language.tag, .attribute(named: "selected")), .text(language.nativeName)])
        }
        return .group(
            .h2(.text("Ngôn ngữ")),
            .form(.class("card"), .id("language-form"), .method(.post), .action(SiteURL.accountLanguage.path),
                Layout.csrfField(req),
                .label(.for("language"), .text("Ngôn ngữ của các trang")),
                .element(named: "select", nodes: [.attribute(named: "name", value: "language"), .attribute(named: "id", value: "language"),
                                                   .component(FormFields.option("", "Theo trình duyệt", selected: user.language == nil)), .group(options)]),
                .button(.type(.submit), .text("Lưu ngôn ngữ"))))
    }

    static func secondFactorSection(_ req: Request, user: User, required: Bool, step: SecondFactorStep, error: String?) -> Node<HTML.BodyContext> {
        let errorNode: Node<HTML.BodyContext> = .unwrap(error) { .p(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) }
        switch step {
        case .recoveryCodes(let codes):
            return .div(.class("card"),
                .p(.strong(.text("Mã khôi phục (chỉ hiện một lần):"))),
                .p(.text("Mỗi mã dùng được một lần khi không có điện thoại. Hãy in hoặc chép ra giấy, cất nơi an toàn.")),
                .ul(.class("recovery-codes"), .forEach(codes) { .li(.code(.text($0))) }))
        case .pending(let totp):
            return .div(.class("card"),
                .p(.text("Thêm tài khoản vào ứng dụng xác thực (Google Authenticator, Microsoft Authenticator, FreeOTP…): mở liên kết dưới đây trên điện thoại, hoặc nhập khóa bằng tay (loại: theo thời gian).")),
                .p(.text("Khóa: "), .code(.class("totp-secret"), .text(grouped(totp.base32Secret)))),
                .p(.a(.href(totp.provisioningURI(account: user.email, issuer: "1022")), .text("Mở trong ứng dụng xác thực"))),
                .form(.method(.post), .action(SiteURL.accountSecondFactorConfirm.path),
                    Layout.csrfField(req),
                    FormFields.text("code", label: "Mã 6 chữ số ứng dụng đang hiện", value: nil, required: true, maxLength: 6,
                                    autocomplete: "one-time-code", inputMode: "numeric"),
                    .button(.type(.submit), .text("Xác nhận và bật"))),
                errorNode)
        case .none where user.secondFactorSince != nil:
            return .div(.class("card"),
                .p(.text("Đang bật. Còn \(SecondFactorService.recoveryCodesLeft(user)) mã khôi phục chưa dùng.")),
                .if(!required, .form(.method(.post), .action(SiteURL.accountSecondFactorDisable.path),
                    Layout.csrfField(req),
                    FormFields.text("password", label: "Mật khẩu", value: nil, type: .password, required: true, autocomplete: "current-password"),
                    FormFields.text("code", label: "Mã xác thực", value: nil, required: true, maxLength: 20, autocomplete: "one-time-code"),
                    .button(.type(.submit), .class("secondary"), .text("Tắt xác thực hai bước")))),
                errorNode)
        case .none:
            return .div(.class("card"),
                .p(.text("Chưa bật. Khi bật, mỗi lần đăng nhập cần thêm mã 6 chữ số từ ứng dụng trên điện thoại.")),
                .form(.method(.post), .action(SiteURL.accountSecondFactorBegin.path),
                    Layout.csrfField(req),
                    FormFields.text("password", label: "Mật khẩu hiện tại", value: nil, type: .password, required: true,
                                    autocomplete: "current-password", id: "begin-password"),
                    .button(.type(.submit), .text("Bật xác thực hai bước"))),
                errorNode)
        }
    }

    /// A Base32 key in groups of four, as apps show it.
    static func grouped(_ key: String) -> String {
        stride(from: 0, to: key.count, by: 4).map { start in
            let from = key.index(key.startIndex, offsetBy: start)
            return String(key[from..<(key.index(from, offsetBy: 4, limitedBy: key.endIndex) ?? key.endIndex)])
        }.joined(separator: " ")
    }
}
