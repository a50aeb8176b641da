import Crypto
import PAKNChannels
import Vapor

/// Conditional reads on `/api/v1` (RFC 9110 §8.8.3 and §13.1.2): every successful `GET` answers a weak `ETag` (weak: equal data, not necessarily equal bytes; the first
/// 128 bits, hex, of the SHA-256 of the body's JSON with sorted keys: the same data gives the same tag) and `Cache-Control: no-cache` (clients revalidate;
/// `private` for the staff routes). A `GET` whose `If-None-Match` lists that tag (weak comparison, or `*`) gets
/// `304 Not Modified` with no body.
struct ETagMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard request.method == .GET, path.hasPrefix("/api/v1/") else { return try await next.respond(to: request) }
        let response = try await next.respond(to: request)
        guard response.status == .ok, let body = response.body.buffer else { return response }
        let digest = hexString(SHA256.hash(data: Self.canonical(Data(buffer: body))).prefix(16))
        let tag = "W/\"\(digest)\""
        let cacheControl = path.hasPrefix("/api/v1/staff/") ? "private, no-cache" : "no-cache"
        response.headers.replaceOrAdd(name: .eTag, value: tag)
        response.headers.replaceOrAdd(name: .cacheControl, value: cacheControl)
        if let header = request.headers.first(name: .ifNoneMatch), Self.matches(header, tag) {
            let notModified = Response(status: .notModified)
            notModified.headers.replaceOrAdd(name: .eTag, value: tag)
            notModified.headers.replaceOrAdd(name: .cacheControl, value: cacheControl)
            return notModified
        }
        return response
    }

    /// The opaque part of an entity tag (`W/"x"` and `"x"` compare equal under weak comparison, RFC 9110 §8.8.3.2).
    static func opaque(_ tag: String) -> Substring {
        tag.hasPrefix("W/") ? tag.dropFirst(2) : tag[...]
    }

    /// The bytes the tag is computed from: JSON re-serialised with sorted keys (our handlers return dictionaries,
    /// whose key order changes from one response to the next), anything else as is.
    static func canonical(_ data: Data) -> Data {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
              let sorted = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed]) else { return data }
        return sorted
    }

    /// Whether an `If-None-Match` value (`*`, or a comma-separated list of tags, weak or strong) matches `tag`.
    static func matches(_ header: String, _ tag: String) -> Bool {
        header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.contains { candidate in
            candidate == "*" || opaque(candidate) == opaque(tag)
        }
    }
}
