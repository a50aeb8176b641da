import Foundation
import Vapor

/// One access-log line per request (`GET /tra-cuu?ma=… → 200 in 12 ms`), with the request id that Vapor puts on
/// every line of the request, and nothing secret or forged in it (issue 11 item 10):
///
/// - the secret path segment of `POST /api/v1/cti/{token}` is written `[redacted]`;
/// - a run of 9 or more digits in the path (a tracking code, a phone number) is written `[số]`;
/// - only the values of known harmless query parameters (paging, filters, dates) are kept; every other value
///   (secrets, an SMS sender and its text, a search, a tracking code) is written `[redacted]`;
/// - control characters from outside (a newline that would forge a second line) are escaped as `\u{…}`.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let line = "\(request.method.rawValue) \(LogRedaction.target(request.url))"
        do {
            let response = try await next.respond(to: request)
            request.logger.info("\(line) → \(response.status.code) in \(Self.milliseconds(since: started)) ms")
            // The id on every log line of this request, given back so a person can quote it (the error page shows it).
            response.headers.replaceOrAdd(name: "X-Request-Id", value: request.id)
            return response
        } catch {
            request.logger.info("\(line) → error in \(Self.milliseconds(since: started)) ms")
            throw error
        }
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    }
}

/// What may be written to a log from a request: secrets and personal values taken out, control characters escaped.
enum LogRedaction {
    /// Path prefixes whose next segment is a secret (the CTI token of Zammad's contract).
    static let secretSegmentAfter = ["/api/v1/cti/"]

    /// Query parameter names (lower case) whose values may be logged: paging, filters, dates and handshake modes.
    /// Every other value is `[redacted]`.
    static let loggedQueryNames: Set<String> = [
        "page", "page_size", "trang", "status", "channel", "urgency", "service_code", "commune_code", "agency_id",
        "from", "to", "tu", "den", "start_date", "end_date", "jurisdiction_id", "cho", "so", "hub.mode", "hub.challenge",
        "da-luu", "da-bo", "loi",
    ]

    /// The path and query of `url` as it may be logged.
    static func target(_ url: URI) -> String {
        var path = url.path
        for prefix in secretSegmentAfter where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            let tail = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? ""
            path = prefix + "[redacted]" + tail
        }
        var target = escape(path).replacingOccurrences(of: #"[0-9]{9,}"#, with: "[số]", options: .regularExpression)
        if let query = url.query, !query.isEmpty {
            let pairs = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0])
                let decodedName = (name.removingPercentEncoding ?? name).lowercased()
                guard parts.count == 2 else { return escape(name) }
                return escape(name) + "=" + (loggedQueryNames.contains(decodedName) ? escape(String(parts[1])) : "[redacted]")
            }
            target += "?" + pairs.joined(separator: "&")
        }
        return target
    }

    /// `text` with every control character (C0, DEL, C1, and the line and paragraph separators) written `\u{XX}`,
    /// after percent-decoding, so nothing from outside can start a new log line.
    static func escape(_ text: String) -> String {
        let decoded = text.removingPercentEncoding ?? text
        var out = ""
        for scalar in decoded.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029 {
                out += "\\u{" + String(value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
