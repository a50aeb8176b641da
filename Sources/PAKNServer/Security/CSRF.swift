import Crypto
import Vapor

/// Synchroniser-token CSRF protection for every HTML form (OWASP CSRF Prevention Cheat Sheet):
/// a random token per session, sent back in the hidden `_csrf` field (or the `X-CSRF-Token` header),
/// compared in constant time. JSON API routes authenticate with bearer tokens and are not subject to it.
///
/// A signed-in user's token is kept in their session; a visitor's in the signed visitor cookie
/// (`VisitorCookie`), so that showing a form to a visitor writes no session row.
enum CSRF {
    static let field = "_csrf"
    static let sessionKey = "csrf"

    /// The session's token, created on first use (32 random bytes, base64url).
    static func token(for request: Request) -> String {
        if request.hasSession, let token = request.session.data[sessionKey] { return token }
        if !request.hasSession, let token = request.visitor.csrf { return token }
        let token = VisitorCookie.base64url(Data([UInt8].random(count: 32)))
        if request.hasSession {
            request.session.data[sessionKey] = token
        } else {
            request.visitor.csrf = token
        }
        return token
    }

    /// The value of one text field of a multipart/form-data body (RFC 7578), read with MultipartKit's parser
    /// part by part: decoding the whole form just to read the token fails on some bodies with files.
    static func multipartField(_ name: String, in request: Request) -> String? {
        guard let type = request.headers.contentType, type.type == "multipart", let boundary = type.parameters["boundary"],
              let body = request.body.data else { return nil }
        let parser = MultipartParser(boundary: boundary)
        var current: String?
        var value = ByteBuffer()
        var found: String?
        parser.onHeader = { field, headerValue in
            guard field.lowercased() == "content-disposition" else { return }
            current = headerValue.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.hasPrefix("name=") }
                .map { String($0.dropFirst("name=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        parser.onBody = { chunk in if current == name { value.writeBuffer(&chunk) } }
        parser.onPartComplete = {
            if current == name, found == nil { found = String(buffer: value) }
            current = nil
            value.clear()
        }
        try? parser.execute(body)
        return found
    }

    static func isValid(_ presented: String?, for request: Request) -> Bool {
        guard let expected = request.hasSession ? request.session.data[sessionKey] : request.visitor.csrf, let presented else { return false }
        let a = Array(expected.utf8), b = Array(presented.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Rejects unsafe methods without a valid CSRF token with 403 and a Vietnamese message.
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        if [.POST, .PUT, .PATCH, .DELETE].contains(request.method) {
            // Group middleware runs before the route collects a streamed body. The upload routes' bodies were read
            // to disk by `UploadGate`; any other body is collected here up to the application's default limit
            // (1 MB), so a big body cannot be pushed at the login form.
            if request.uploadForm == nil, request.body.data == nil {
                _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
            }
            let presented = request.headers.first(name: "X-CSRF-Token")
                ?? request.uploadForm?.value(CSRF.field)
                ?? CSRF.multipartField(CSRF.field, in: request)
                ?? (try? request.content.get(String.self, at: CSRF.field))
            guard CSRF.isValid(presented, for: request) else {
                throw AppError(.forbidden, "csrf_failed", "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại.")
            }
        }
        return try await next.respond(to: request)
    }
}
