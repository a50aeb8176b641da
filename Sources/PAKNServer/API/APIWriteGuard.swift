import Vapor

/// The JSON API takes JSON only, and browsers may write to it only from allowed origins (issue 11 item 11).
///
/// - A write (`POST`, `PUT`, `PATCH`, `DELETE`) whose body is not `application/json` is 415 `unsupported_media_type`:
///   a plain HTML form on another site (`application/x-www-form-urlencoded`, `multipart/form-data`, `text/plain`
///   need no CORS preflight) can no longer file a request from a visitor's browser.
/// - A write carrying an `Origin` that is neither the site's own (`PAKN_PUBLIC_URL`) nor listed in
///   `PAKN_CORS_ORIGINS` is 403 `cross_origin_refused`. Server-to-server clients send no `Origin` and are unaffected.
/// - A CORS preflight (`OPTIONS` with `Access-Control-Request-Method`) for a read is answered 204 for any origin; for a
///   write, only from an allowed origin (403 otherwise). Reads answer `Access-Control-Allow-Origin: *`, writes from
///   an allowed origin echo it — error answers included, so a browser client can read a 422's field errors.
///
/// `POST /api/v1/cti/{token}` is registered outside this group: it keeps Zammad's form-encoded contract.
struct APIWriteGuard: AsyncMiddleware {
    static let writeMethods: [HTTPMethod] = [.POST, .PUT, .PATCH, .DELETE]

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let origin = request.headers.first(name: .origin)
        if request.method == .OPTIONS {
            let requested = request.headers.first(name: .accessControlRequestMethod)?.uppercased() ?? "GET"
            let isRead = requested == "GET" || requested == "HEAD"
            guard let origin, isRead || allowed(origin, request) else {
                throw AppError(.forbidden, "cross_origin_refused", "Nguồn gọi không được phép ghi vào API.")
            }
            let response = Response(status: .noContent)
            response.headers.replaceOrAdd(name: .accessControlAllowOrigin, value: isRead ? "*" : origin)
            response.headers.replaceOrAdd(name: .accessControlAllowMethods, value: isRead ? "GET" : "GET, POST")
            response.headers.replaceOrAdd(name: .accessControlAllowHeaders, value: "Content-Type, Authorization, Idempotency-Key, If-None-Match")
            response.headers.replaceOrAdd(name: .accessControlMaxAge, value: "600")
            response.headers.replaceOrAdd(name: .vary, value: "Origin")
            return response
        }
        if Self.writeMethods.contains(request.method) {
            if let origin, !allowed(origin, request) {
                request.logger.notice("security: API write from origin \(LogRedaction.escape(origin)) refused")
                throw AppError(.forbidden, "cross_origin_refused", "Nguồn gọi không được phép ghi vào API.")
            }
            guard let type = request.headers.contentType, type.type.lowercased() == "application", type.subType.lowercased() == "json" else {
                throw AppError(.unsupportedMediaType, "unsupported_media_type", "API chỉ nhận dữ liệu JSON (Content-Type: application/json).")
            }
            // Media types are case-blind (RFC 9110 §8.3.1); Vapor's decoders match them exactly.
            request.headers.contentType = HTTPMediaType(type: "application", subType: "json", parameters: type.parameters)
        }
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            // Rendered here rather than by the global error page, so the CORS headers below reach the browser.
            response = ErrorPageMiddleware.jsonResponse(for: error, on: request)
        }
        if let origin {
            if Self.writeMethods.contains(request.method) {
                response.headers.replaceOrAdd(name: .accessControlAllowOrigin, value: origin)
                response.headers.replaceOrAdd(name: .vary, value: "Origin")
            } else {
                response.headers.replaceOrAdd(name: .accessControlAllowOrigin, value: "*")
            }
        }
        return response
    }

    /// The site's own origin, or one listed in `PAKN_CORS_ORIGINS` (compared without a trailing slash, case-blind).
    func allowed(_ origin: String, _ request: Request) -> Bool {
        let normalized = origin.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let own = Self.origin(of: request.paknConfiguration.publicURL)
        return normalized == own || request.paknConfiguration.corsOrigins.contains { Self.origin(of: $0) == normalized }
    }

    /// `scheme://host[:port]` of a URL, lower case.
    static func origin(of url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else {
            return url.lowercased()
        }
        return "\(scheme)://\(host)\(components.port.map { ":\($0)" } ?? "")".lowercased()
    }
}
