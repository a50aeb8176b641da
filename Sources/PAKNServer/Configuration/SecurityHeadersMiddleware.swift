import Vapor

/// Security headers on every response, error pages and JSON errors included (issue 11 item 11): no framing, no MIME
/// sniffing, no referrer leak of tracking codes, a content security policy that allows only our own scripts and
/// styles (pages) or nothing at all (everything else), and HSTS when the site is served over https.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    /// Send `Strict-Transport-Security` (when `PAKN_PUBLIC_URL` is https).
    var strictTransport = false

    /// The origin of the maps' tiles (`MapSettings.tileOrigin`), allowed as an image source of pages; nil: none.
    var tileOrigin: String?

    /// The policy of HTML pages: our own scripts only (the maps' Leaflet is served by us), images from us and,
    /// when configured, from the tile server.
    var pagePolicy: String {
        "default-src 'self'; img-src 'self' data:\(tileOrigin.map { " " + $0 } ?? ""); style-src 'self' 'unsafe-inline'; script-src 'self'; form-action 'self'; frame-ancestors 'none'"
    }
    /// The policy of everything else (JSON, XML, files): nothing runs, nothing frames it.
    static let otherPolicy = "default-src 'none'; frame-ancestors 'none'"

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        if strictTransport {
            // One year (31,536,000 s), RFC 6797.
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        if response.headers.contentType == .html {
            response.headers.replaceOrAdd(name: "Content-Security-Policy", value: pagePolicy)
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        } else if response.headers.first(name: "Content-Security-Policy") == nil {
            response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.otherPolicy)
        }
        return response
    }
}
