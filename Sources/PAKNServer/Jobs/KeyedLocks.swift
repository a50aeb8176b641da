import NIOConcurrencyHelpers

/// Async mutual exclusion by key, within one process: `withLocks(["a@x.vn"]) { … }` waits while another task holds
/// the same key, in arrival order. Several keys are taken in sorted order, so two holders cannot wait on each other.
final class KeyedLocks: Sendable {
    /// Held keys, each with the tasks waiting for it.
    private let state = NIOLockedValueBox<[String: [CheckedContinuation<Void, Never>]]>([:])

    init() {}

    func lock(_ key: String) async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let acquired = state.withLockedValue { held -> Bool in
                guard held[key] != nil else { held[key] = []; return true }
                held[key]!.append(waiter)
                return false
            }
            if acquired { waiter.resume() }
        }
    }

    /// Hands the key to the next waiter, or frees it.
    func unlock(_ key: String) {
        let next = state.withLockedValue { held -> CheckedContinuation<Void, Never>? in
            guard var waiters = held[key] else { return nil }
            guard !waiters.isEmpty else { held[key] = nil; return nil }
            let first = waiters.removeFirst()
            held[key] = waiters
            return first
        }
        next?.resume()
    }

    /// Runs `body` holding every key of `keys` (none: at once).
    func withLocks<T>(_ keys: [String], _ body: () async throws -> T) async rethrows -> T {
        let ordered = Array(Set(keys)).sorted()
        for key in ordered { await lock(key) }
        defer { for key in ordered.reversed() { unlock(key) } }
        return try await body()
    }
}
