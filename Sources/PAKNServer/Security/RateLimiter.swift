import Foundation
import SQLKit
import Vapor

/// A fixed-window rate limiter. Keys combine a bucket name and the client address or account.
///
/// On PostgreSQL the counters live in the database (`rate_limits`, migration 0022): every `pakn serve` on one
/// database holds the same limits, so two nodes behind nginx do not give a client twice the allowance (issue 15
/// item 6). Each hit is one `INSERT … ON CONFLICT DO UPDATE … RETURNING` statement, atomic under concurrent hits.
/// On SQLite (one process) and whenever the database cannot be reached, the counters are kept in memory.
actor RateLimiter {
    private var windows: [String: (start: Date, count: Int)] = [:]
    /// The shared database, PostgreSQL only; nil: in memory.
    private let shared: (any SQLDatabase)?
    private let logger: Logger?

    init(shared: (any SQLDatabase)? = nil, logger: Logger? = nil) {
        self.shared = shared?.dialect.name == "postgresql" ? shared : nil
        self.logger = logger
    }

    /// One hit on the shared counter of `key`: a window that started `window` seconds ago or earlier starts again.
    /// Returns the count in the current window, this hit included; nil when the database could not be used.
    private func sharedHit(_ key: String, window: TimeInterval, now: Date) async -> Int? {
        guard let sql = shared else { return nil }
        struct Row: Decodable { let count: Int }
        let expired = now.addingTimeInterval(-window)
        do {
            // Now and then, counters of windows long over are dropped (a day is longer than any window used).
            if Int.random(in: 0..<500) == 0 {
                try await sql.raw("DELETE FROM rate_limits WHERE window_start < \(bind: now.addingTimeInterval(-86_400))").run()
            }
            let row = try await sql.raw("""
                INSERT INTO rate_limits (key, window_start, count) VALUES (\(bind: key), \(bind: now), 1)
                ON CONFLICT (key) DO UPDATE SET
                    window_start = CASE WHEN rate_limits.window_start <= \(bind: expired) THEN EXCLUDED.window_start ELSE rate_limits.window_start END,
                    count = CASE WHEN rate_limits.window_start <= \(bind: expired) THEN 1 ELSE rate_limits.count + 1 END
                RETURNING count
                """).first(decoding: Row.self)
            return row?.count
        } catch {
            logger?.warning("rate limits: shared counters unavailable, counting in this process: \(String(reflecting: error))")
            return nil
        }
    }

    /// The shared count of `key` in its current window; nil when not shared or unavailable.
    private func sharedCount(_ key: String, window: TimeInterval, now: Date) async -> Int? {
        guard let sql = shared else { return nil }
        struct Row: Decodable { let count: Int; let window_start: Date }
        do {
            guard let row = try await sql.raw("SELECT count, window_start FROM rate_limits WHERE key = \(bind: key)").first(decoding: Row.self) else { return 0 }
            return now.timeIntervalSince(row.window_start) < window ? row.count : 0
        } catch {
            logger?.warning("rate limits: shared counters unavailable, counting in this process: \(String(reflecting: error))")
            return nil
        }
    }

    /// Counts one hit in the current `window`.
    func record(_ key: String, window: TimeInterval, now: Date = Date()) async {
        if await sharedHit(key, window: window, now: now) != nil { return }
        var entry = windows[key] ?? (now, 0)
        if now.timeIntervalSince(entry.start) >= window { entry = (now, 0) }
        entry.count += 1
        windows[key] = entry
    }

    /// Hits counted in the current `window` for `key` (0 when none or the window passed).
    func count(_ key: String, window: TimeInterval, now: Date = Date()) async -> Int {
        if let shared = await sharedCount(key, window: window, now: now) { return shared }
        guard let entry = windows[key], now.timeIntervalSince(entry.start) < window else { return 0 }
        return entry.count
    }

    /// Counts one hit; returns false when `limit` hits have already been made in the current `window` (shared: the
    /// refused hits count too, so a client who keeps trying stays refused until the window ends).
    func allow(_ key: String, limit: Int, window: TimeInterval, now: Date = Date()) async -> Bool {
        if let count = await sharedHit(key, window: window, now: now) { return count <= limit }
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
