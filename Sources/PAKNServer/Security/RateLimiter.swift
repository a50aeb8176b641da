import Foundation
import Vapor

/// A fixed-window rate limiter kept in memory per process (one process per machine; behind several
/// processes each enforces its own share). Keys combine a bucket name and the client address.
actor RateLimiter {
    private var windows: [String: (start: Date, count: Int)] = [:]

    /// Whether `limit` hits were already counted in the current `window`, without counting one.
    func isLimited(_ key: String, limit: Int, window: TimeInterval, now: Date = Date()) -> Bool {
        guard let entry = windows[key], now.timeIntervalSince(entry.start) < window else { return false }
        return entry.count >= limit
    }

    /// Counts one hit in the current `window`.
    func record(_ key: String, window: TimeInterval, now: Date = Date()) {
        var entry = windows[key] ?? (now, 0)
        if now.timeIntervalSince(entry.start) >= window { entry = (now, 0) }
        entry.count += 1
        windows[key] = entry
    }

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

    /// Throws 429 when the client already failed `limit` times in `bucket` within `window` seconds
    /// (failed logins: a call centre behind one address logs in many times a day).
    func enforceFailureLimit(_ bucket: String, limit: Int, window: TimeInterval) async throws {
        if await application.rateLimiter.isLimited("\(bucket):\(clientKey)", limit: limit, window: window) {
            throw AppError.tooManyRequests
        }
    }

    /// Counts one failure in `bucket`.
    func recordFailure(_ bucket: String, window: TimeInterval) async {
        await application.rateLimiter.record("\(bucket):\(clientKey)", window: window)
    }

    /// Throws 429 when the client exceeded `limit` hits of `bucket` in `window` seconds.
    func enforceRateLimit(_ bucket: String, limit: Int, window: TimeInterval) async throws {
        guard await application.rateLimiter.allow("\(bucket):\(clientKey)", limit: limit, window: window) else {
            throw AppError.tooManyRequests
        }
    }
}
