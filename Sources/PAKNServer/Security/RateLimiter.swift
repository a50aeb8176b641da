import Foundation
import Vapor

/// A fixed-window rate limiter kept in memory per process (one process per machine; behind several
/// processes each enforces its own share). Keys combine a bucket name and the client address.
actor RateLimiter {
    private var windows: [String: (start: Date, count: Int)] = [:]

    /// Counts one hit; returns false when `limit` hits have already been made in the current `window`.
    func allow(_ key: String, limit: Int, window: TimeInterval, now: Date = Date()) -> Bool {
        if windows.count > 50_000 { windows = windows.filter { now.timeIntervalSince($0.value.start) < window } }
        var entry = windows[key] ?? (now, 0)
        if now.timeIntervalSince(entry.start) >= window { entry = (now, 0) }
        guard entry.count < limit else { windows[key] = entry; return false }
        entry.count += 1
        windows[key] = entry
        return true
    }
}

extension Request {
    /// The client's address for rate limiting.
    var clientKey: String { remoteAddress?.ipAddress ?? "unknown" }

    /// Throws 429 when the client exceeded `limit` hits of `bucket` in `window` seconds.
    func enforceRateLimit(_ bucket: String, limit: Int, window: TimeInterval) async throws {
        guard await application.rateLimiter.allow("\(bucket):\(clientKey)", limit: limit, window: window) else {
            throw AppError.tooManyRequests
        }
    }
}
