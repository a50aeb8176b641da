import AsyncHTTPClient
import Foundation
import NIOCore

/// One GET of a provider's attachment URL that never holds more than `maxBytes` of body (channels.md §1.10 item 7
/// "download with a streaming size cap, since `size` may lie", §2.5 item 8).
///
/// Vapor's `Client` collects a whole response before returning it, so this uses AsyncHTTPClient's streaming API on a
/// client of its own (shut down after each download: an abandoned body is cancelled with it). Only `http` and
/// `https` URLs are fetched; redirects are followed by hand, at most 5, and only to `http`/`https` targets, never to
/// `file:`, `unix:` or other schemes. Nothing but the given URL (and the redirects it names) is requested: no `HEAD`,
/// no probe of the host.
enum CappedDownload {
    /// The final answer about a URL.
    enum Outcome: Equatable, Sendable {
        /// The whole body, at most `maxBytes` bytes.
        case body(Data)
        /// `Content-Length` above the cap, or the body grew past it (the rest was not read).
        case tooLarge
        /// 4xx other than 408 and 429: expired or removed (CDN links expire, channels.md §1.10 item 7).
        case gone(status: Int)
        /// Not an http(s) URL, a redirect to another scheme or without `Location`, or more than 5 redirects.
        case refusedURL
    }

    /// A failure worth retrying with the job back-off: 5xx, 408, 429, a timeout or a network error.
    struct TemporaryFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Fetches `url`. `maxBytes` in bytes; `timeout` is the deadline for the whole download, redirects included.
    /// A host that `policy` refuses (an internal address, `FetchPolicy`) is never connected to: ``Outcome/refusedURL``,
    /// also when a redirect leads there.
    /// Throws ``TemporaryFailure`` for what may succeed later; every other answer is an ``Outcome``.
    static func fetch(_ url: String, maxBytes: Int, policy: FetchPolicy, timeout: TimeAmount = .seconds(60),
                      maxRedirects: Int = 5) async throws -> Outcome {
        guard var current = URL(string: url), isHTTP(current), await policy.permits(current) else { return .refusedURL }
        let configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .seconds(30)))
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let deadline = NIODeadline.now() + timeout
        do {
            var outcome = Outcome.refusedURL
            redirects: for _ in 0...maxRedirects {
                var request = HTTPClientRequest(url: current.absoluteString)
                request.method = .GET
                let response = try await http.execute(request, deadline: deadline)
                let status = Int(response.status.code)
                switch status {
                case 200..<300:
                    outcome = try await collect(response, maxBytes: maxBytes)
                    break redirects
                case 301, 302, 303, 307, 308:
                    guard let location = response.headers.first(name: "location"),
                          let next = URL(string: location, relativeTo: current)?.absoluteURL, isHTTP(next), await policy.permits(next) else {
                        outcome = .refusedURL
                        break redirects
                    }
                    current = next
                case 408, 429, 500...:
                    throw TemporaryFailure(description: "HTTP \(status)")
                case 400..<500:
                    outcome = .gone(status: status)
                    break redirects
                default:
                    // 1xx and other 3xx (304, 305): nothing to download here.
                    outcome = .refusedURL
                    break redirects
                }
            }
            try? await http.shutdown()
            return outcome
        } catch let failure as TemporaryFailure {
            try? await http.shutdown()
            throw failure
        } catch {
            try? await http.shutdown()
            throw TemporaryFailure(description: "network: \(error)")
        }
    }

    /// The body of a 2xx answer: refused at once when `Content-Length` is over the cap, then counted chunk by chunk.
    private static func collect(_ response: HTTPClientResponse, maxBytes: Int) async throws -> Outcome {
        if let declared = response.headers.first(name: "content-length").flatMap(Int.init), declared > maxBytes {
            return .tooLarge
        }
        var buffer = ByteBuffer()
        for try await chunk in response.body {
            if buffer.readableBytes + chunk.readableBytes > maxBytes { return .tooLarge }
            buffer.writeImmutableBuffer(chunk)
        }
        return .body(Data(buffer.readableBytesView))
    }

    /// `http` or `https` with a host.
    static func isHTTP(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else { return false }
        return url.host?.isEmpty == false
    }
}
