import Fluent
import Plot
import Vapor

/// "Tài khoản của tôi": a staff member changes their own password (issue 11 item 8). Every other session and API
/// token of theirs ends; the session where they did it stays.
enum AccountController {
    static func register(_ office: any RoutesBuilder) {
        office.get("tai-khoan", use: page)
        office.post("tai-khoan", "mat-khau", use: changePassword)
    }

    struct PasswordForm: Content { var current: String?; var new: String?; var repeated: String? }

    static func page(_ req: Request) async throws -> Response {
        Layout.response(render(req, message: req.query[String.self, at: "da-doi"] != nil ? "Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc." : nil,
                               error: nil))
    }

    static func changePassword(_ req: Request) async throws -> Response {
        let user = try req.requireStaff()
        let form = try req.content.decode(PasswordForm.self)
        guard let new = form.new, new == form.repeated else {
            return Layout.response(render(req, message: nil, error: "Hai lần nhập mật khẩu mới không giống nhau."), status: .unprocessableEntity)
        }
        do {
            try await AccountService(db: req.db, hasher: req.password.async)
                .changeOwnPassword(of: user, current: form.current ?? "", new: new, keeping: req.session.id)
        } catch let error as AppError {
            return Layout.response(render(req, message: nil, error: error.message), status: error.status)
        }
        req.logger.info("password changed", metadata: ["user": .string(user.id?.uuidString ?? "")])
        return req.redirect(to: SiteURL.account.path + "?da-doi=1")
    }

    static func render(_ req: Request, message: String?, error: String?) -> String {
        Layout.render(title: "Tài khoản của tôi", for: req, body: .div(
            .h1(.text("Tài khoản của tôi")),
            .unwrap(message) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            .h2(.text("Đổi mật khẩu")),
            .form(.class("card"), .method(.post), .action(SiteURL.accountPassword.path),
                Layout.csrfField(req),
                FormFields.text("current", label: "Mật khẩu hiện tại", value: nil, type: .password, required: true, autocomplete: "current-password"),
                FormFields.text("new", label: "Mật khẩu mới", value: nil, type: .password, required: true,
                                hint: "Ít nhất \(PasswordPolicy.minimumLength) ký tự; nên là một cụm từ dễ nhớ. Không dùng mật khẩu phổ biến.",
                                autocomplete: "new-password"),
                FormFields.text("repeated", label: "Nhập lại mật khẩu mới", value: nil, type: .password, required: true, autocomplete: "new-password"),
                .unwrap(error) { .p(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) },
                .button(.type(.submit), .text("Đổi mật khẩu")))
        ))
    }
}
