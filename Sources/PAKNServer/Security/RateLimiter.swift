import Foundation
import Vapor

/// A fixed-window rate limiter kept in memory per process (one process per machine; behind several
/// processes each enforces its own share). Keys combine a bucket name and the client address.
actor RateLimiter {
    private var windows: [String: (start: Date, count: Int)] = [:]

    /// Counts one hit in the current `window`.
    func record(_ key: String, window: TimeInterval, now: Date = Date()) {
        var entry = windows[key] ?? (now, 0)
        if now.timeIntervalSince(entry.start) >= window { entry = (now, 0) }
        entry.count += 1
        windows[key] = entry
    }

    /// Hits counted in the current `window` for `key` (0 when none or the window passed).
    func count(_ key: String, window: TimeInterval, now: Date = Date()) -> Int {
        guard let entry = windows[key], now.timeIntervalSince(entry.start) < window else { return 0 }
        return entry.count
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
    /// The client's address for rate limiting and audit: the TCP peer, or behind a proxy listed in
    /// `PAKN_TRUSTED_PROXIES` the address it forwards for (`ClientAddress`).
    var clientKey: String {
        ClientAddress.resolve(peer: remoteAddress?.ipAddress, headers: headers, trustedProxies: paknConfiguration.trustedProxies) ?? "unknown"
    }

    /// Waits the growing delay of `LoginThrottle` for this account (`email`, lower case) and this address, then
    /// returns; never refuses (a lockout would let anyone lock an officer out). The window is 15 minutes.
    func slowDownLogin(email: String) async throws {
        let window: TimeInterval = 900
        let limiter = application.rateLimiter
        let failures = max(await limiter.count("login-account:\(email)", window: window),
                           await limiter.count("login-address:\(clientKey)", window: window))
        let seconds = paknConfiguration.loginThrottle.delay(afterFailures: failures)
        if seconds > 0 { try await Task.sleep(for: .milliseconds(Int(seconds * 1000))) }
    }

    /// Counts one failed login for the account and for the address.
    func recordLoginFailure(email: String) async {
        await application.rateLimiter.record("login-account:\(email)", window: 900)
        await application.rateLimiter.record("login-address:\(clientKey)", window: 900)
    }

    /// Throws 429 when the client exceeded `limit` hits of `bucket` in `window` seconds.
    /// Whether `user` may still try a second-factor code: fewer than `SecondFactorService.maximumFailures` wrong ones
    /// in the last 15 minutes (only someone who knew the password can spend them).
    func secondFactorAttemptsLeft(for user: User) async throws -> Bool {
        await application.rateLimiter.count("second-factor:\(try user.requireID())", window: SecondFactorService.failureWindow)
            < SecondFactorService.maximumFailures
    }

    /// Counts one wrong second-factor code for `user`.
    func recordSecondFactorFailure(for user: User) async {
        guard let id = user.id else { return }
        await application.rateLimiter.record("second-factor:\(id)", window: SecondFactorService.failureWindow)
    }

    func enforceRateLimit(_ bucket: String, limit: Int, window: TimeInterval) async throws {
        guard await application.rateLimiter.allow("\(bucket):\(clientKey)", limit: limit, window: window) else {
            throw AppError.tooManyRequests
        }
    }
}
