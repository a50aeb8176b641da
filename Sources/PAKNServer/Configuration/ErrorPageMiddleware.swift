import Fluent
import Vapor

/// Turns every error into the stable JSON shape on JSON routes (`/api/…`) and a Vietnamese page elsewhere.
/// Internal errors are logged with the request id and shown as a generic message (no stack, no personal data).
struct ErrorPageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let (status, code, message) = Self.describe(error, on: request)
            let wantsJSON = request.headers.accept.first.map { $0.mediaType.type == "application" && $0.mediaType.subType == "json" } ?? false
            if request.url.path.hasPrefix("/api/") || wantsJSON {
                return Self.json(status: status, code: code, message: message)
            }
            let page = ErrorPage(status: status, message: message).render(for: request)
            let response = Response(status: status, body: .init(string: page))
            response.headers.contentType = .html
            return response
        }
    }

    /// The stable JSON error answer for `error` (`{"error": {"code", "message"}}`).
    static func jsonResponse(for error: Error, on request: Request) -> Response {
        let (status, code, message) = describe(error, on: request)
        return json(status: status, code: code, message: message)
    }

    static func json(status: HTTPResponseStatus, code: String, message: String) -> Response {
        let response = Response(status: status)
        try? response.content.encode(ErrorBody(error: .init(code: code, message: message)), as: .json)
        if status == .tooManyRequests { response.headers.replaceOrAdd(name: .retryAfter, value: "60") }
        return response
    }

    static func describe(_ error: Error, on request: Request) -> (HTTPResponseStatus, String, String) {
        switch error {
        case let e as AppError:
            return (e.status, e.code, e.message)
        case let e as UnreadableRow:
            // Fail closed: a stored value the code does not know is never read as another (logged where read).
            e.logOnce(request.logger)
            return (.internalServerError, "unreadable_record", "Dữ liệu của mục này không đọc được. Vui lòng báo quản trị hệ thống.")
        case let e as FluentError:
            if case .invalidField = e {
                request.logger.error("unreadable stored value: \(String(reflecting: e))")
                return (.internalServerError, "unreadable_record", "Dữ liệu của mục này không đọc được. Vui lòng báo quản trị hệ thống.")
            }
            request.logger.error("internal error: \(String(reflecting: error))")
            return (.internalServerError, "internal_error", "Hệ thống gặp lỗi. Vui lòng thử lại sau.")
        case let e as DecodingError:
            request.logger.info("decode failed: \(e)")
            return (.badRequest, "bad_request", "Dữ liệu gửi lên không hợp lệ hoặc thiếu trường bắt buộc.")
        case let e as AbortError:
            let code: String
            switch e.status {
            case .notFound: code = "not_found"
            case .unauthorized: code = "unauthenticated"
            case .forbidden: code = "forbidden"
            case .payloadTooLarge: code = "payload_too_large"
            case .unsupportedMediaType: code = "unsupported_media_type"
            default: code = e.status.code < 500 ? "bad_request" : "internal_error"
            }
            let message: String
            switch e.status {
            case .notFound: message = "Không tìm thấy trang hoặc phản ánh."
            case .payloadTooLarge: message = "Dữ liệu gửi lên quá lớn."
            case .unauthorized: message = "Bạn cần đăng nhập."
            case .forbidden: message = "Bạn không có quyền thực hiện thao tác này."
            default: message = e.status.code < 500 ? "Yêu cầu không hợp lệ." : "Hệ thống gặp lỗi. Vui lòng thử lại sau."
            }
            return (e.status, code, message)
        default:
            request.logger.error("internal error: \(String(reflecting: error))")
            return (.internalServerError, "internal_error", "Hệ thống gặp lỗi. Vui lòng thử lại sau.")
        }
    }
}
