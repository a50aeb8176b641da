import Vapor

/// Our scripts and styles (`Resources/public/static/…`: the maps' enhancement and Leaflet) at `/static/…`, through
/// Vapor's `FileMiddleware`, which sees only those paths: every other request goes on without a file-system call,
/// and a path the file system refuses (one too long to `stat`, a name of 10,000 digits) is a 404, not a 500.
struct StaticFilesMiddleware: AsyncMiddleware {
    /// The URL prefix of the files.
    static let prefix = "/static/"
    /// Longer paths are no file of ours (bytes).
    static let maximumPath = 256

    let files: FileMiddleware

    init(directory: String) {
        files = FileMiddleware(publicDirectory: directory)
    }

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard path.hasPrefix(Self.prefix), path.utf8.count <= Self.maximumPath else { return try await next.respond(to: request) }
        do {
            return try await files.respond(to: request, chainingTo: next)
        } catch let error as AbortError {
            throw error
        } catch {
            // A file-system error on a path of ours (not a file we ship): nothing to serve.
            throw Abort(.notFound)
        }
    }
}
