import Vapor

/// An error with a stable machine code and a Vietnamese message for people.
/// JSON routes render it as `{"error": {"code": "…", "message": "…"}}`; pages show the message.
public struct AppError: AbortError, Sendable {
    public let status: HTTPResponseStatus
    /// Stable machine code, e.g. "validation_failed", "not_found".
    public let code: String
    /// Vietnamese message for people.
    public let message: String
    public var reason: String { message }

    public init(_ status: HTTPResponseStatus, _ code: String, _ message: String) {
        self.status = status; self.code = code; self.message = message
    }

    static func notFound(_ what: String = "Không tìm thấy trang hoặc phản ánh.") -> AppError { AppError(.notFound, "not_found", what) }
    static func forbidden(_ why: String = "Bạn không có quyền thực hiện thao tác này.") -> AppError { AppError(.forbidden, "forbidden", why) }
    static func invalid(_ why: String) -> AppError { AppError(.unprocessableEntity, "validation_failed", why) }
    static func conflict(_ why: String) -> AppError { AppError(.conflict, "conflict", why) }
    static let unauthenticated = AppError(.unauthorized, "unauthenticated", "Bạn cần đăng nhập.")
    static let tooManyRequests = AppError(.tooManyRequests, "rate_limited", "Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút.")
}

/// The one JSON error shape of `/api/v1` and every JSON route of ours.
public struct ErrorBody: Content {
    public struct Detail: Content { public let code: String; public let message: String }
    public let error: Detail
}
