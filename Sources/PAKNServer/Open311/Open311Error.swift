import Foundation
import PAKNDomain
import Vapor

/// An Open311 error (GeoReport v2 §"Errors"): 404 for an unknown service, request, token or jurisdiction,
/// 403 for a missing or invalid `api_key`, 400 for anything else; the body is `errors/error{code, description}`
/// (a JSON array of `{code, description}`), one entry per problem. `code` is the HTTP status as a string, as in the
/// spec's examples (FixMyStreet reads it as such); `description` says what is wrong, in English and Vietnamese,
/// prefixed by the parameter concerned when there is one.
struct Open311Error: Error, Sendable {
    struct Entry: Sendable { let code: String; let description: String }

    let status: HTTPResponseStatus
    let entries: [Entry]

    /// One `error` per description, all with `status` as their code.
    init(_ status: HTTPResponseStatus, _ descriptions: [String]) {
        self.status = status
        self.entries = descriptions.map { Entry(code: String(status.code), description: $0) }
    }

    init(_ status: HTTPResponseStatus, _ description: String) { self.init(status, [description]) }

    static func badRequest(_ description: String) -> Open311Error { Open311Error(.badRequest, description) }
    static func notFound(_ description: String) -> Open311Error { Open311Error(.notFound, description) }
    static let missingKey = Open311Error(.forbidden, "api_key: missing or invalid API key / thiếu hoặc sai khóa API")

    /// Field errors of our intake, one entry each (`phone: Số điện thoại không hợp lệ …`).
    static func validation(_ errors: [FieldError]) -> Open311Error {
        Open311Error(.badRequest, errors.map { "\(Open311Error.parameter(for: $0.field)): \($0.message)" })
    }

    /// The Open311 parameter a field error of `Intake` is about.
    static func parameter(for field: String) -> String {
        switch field {
        case "content": "description"
        case "title": "description"
        case "fullName": "first_name"
        case "communeCode": "attribute[commune_code]"
        case "latitude": "lat"
        case "longitude": "long"
        case "serviceCode": "service_code"
        case "address": "address_string"
        default: field
        }
    }

    var document: Open311Document {
        Open311Document(root: "errors", body: .list(item: "error", entries.map {
            .object([("code", .text($0.code)), ("description", .text($0.description))])
        }))
    }
}

/// Renders every error under `/open311/v2/` in the spec's error shape and in the format the path asked for, so that
/// no Open311 client ever sees an HTML page or our `/api/v1` JSON shape. Unexpected errors are logged and
/// answered with 500 in the same shape, without details.
struct Open311ErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let format = Open311Format.of(path: request.url.path)
            let open311: Open311Error
            switch error {
            case let e as Open311Error:
                open311 = e
            case let e as AppError where e.status == .tooManyRequests:
                open311 = Open311Error(.tooManyRequests, "rate limit exceeded, retry later / vượt quá số lần gọi cho phép")
            case let e as AppError where e.status.code < 500:
                open311 = Open311Error(e.status == .notFound ? .notFound : e.status == .forbidden ? .forbidden : .badRequest, e.message)
            case is DecodingError:
                open311 = .badRequest("malformed request body / dữ liệu gửi lên không hợp lệ")
            case let e as AbortError where e.status.code < 500:
                let status: HTTPResponseStatus = [.notFound, .forbidden].contains(e.status) ? e.status : .badRequest
                open311 = Open311Error(status, e.status == .payloadTooLarge ? "request body too large / dữ liệu quá lớn" : e.reason)
            default:
                request.logger.error("open311 internal error: \(String(reflecting: error))")
                open311 = Open311Error(.internalServerError, "internal error / hệ thống gặp lỗi")
            }
            let response = open311.document.response(format, status: open311.status)
            if open311.status == .tooManyRequests { response.headers.replaceOrAdd(name: .retryAfter, value: "60") }
            return response
        }
    }
}
