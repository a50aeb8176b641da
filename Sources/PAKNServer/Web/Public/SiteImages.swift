import Foundation
import Vapor

/// The province's logo and favicon (issue 14): `/logo` and `/favicon.ico` serve the files named by
/// `PAKN_LOGO_FILE` and `PAKN_FAVICON_FILE` (PNG, JPEG, ICO or SVG by content, at most
/// `SiteIdentity.maximumImageBytes`), or redirect to the shipped ones. An SVG is served with a policy that runs
/// nothing in it, since it comes from outside the code.
enum SiteImages {
    static func logo(_ req: Request) async throws -> Response {
        try serve(req.paknConfiguration.identity.logoFile, fallback: "/static/logo-1022.svg", req)
    }

    static func favicon(_ req: Request) async throws -> Response {
        try serve(req.paknConfiguration.identity.faviconFile, fallback: "/static/favicon-1022.svg", req)
    }

    /// Where pages link the logo and the favicon: the configured file's route, or the shipped file.
    static func logoPath(_ identity: SiteIdentity) -> String { identity.logoFile == nil ? "/static/logo-1022.svg" : SiteURL.logo.path }
    static func faviconPath(_ identity: SiteIdentity) -> String { identity.faviconFile == nil ? "/static/favicon-1022.svg" : SiteURL.favicon.path }

    /// The file, checked; 404 when it is missing, too large or not an image (logged for the admin, with its path).
    static func serve(_ file: URL?, fallback: String, _ req: Request) throws -> Response {
        guard let file else { return req.redirect(to: fallback, redirectType: .normal) }
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? nil
        guard let size, size <= SiteIdentity.maximumImageBytes, let data = FileManager.default.contents(atPath: file.path),
              let type = SiteIdentity.imageType(of: data) else {
            req.logger.warning("site image \(file.path) missing, larger than \(SiteIdentity.maximumImageBytes) bytes or not PNG/JPEG/ICO/SVG")
            throw AppError.notFound()
        }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: type)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        return response
    }
}
