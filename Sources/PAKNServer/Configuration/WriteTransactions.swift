import Fluent
import Foundation
import SQLKit

/// Write transactions that behave on both databases.
///
/// SQLite opens transactions as deferred: a transaction that has read and then wants to write, while another
/// connection already holds the write lock (a session update, the job worker), is refused at once with
/// "database is locked" — the busy timeout is not consulted, as waiting could deadlock. So on SQLite a write
/// transaction (1) waits for the in-process lock that serialises our own write transactions, and (2) writes
/// first, before it reads: a no-op UPDATE takes SQLite's write lock at the start, where the busy timeout
/// applies (the effect of `BEGIN IMMEDIATE`). PostgreSQL runs them concurrently under its own row locks.
extension Database {
    /// Runs `body` in a write transaction (on SQLite: after our process's write lock, with SQLite's write lock
    /// taken first). Inside a transaction, `body` runs in it.
    /// - Throws: what `body` throws; a database error; on SQLite, 503 `database_busy` when the process's write
    ///   lock could not be had within ``SQLiteWriteLock/patience`` (a transaction that holds it for that long is
    ///   a defect: it is logged, and the caller gets an error instead of waiting for ever).
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if inTransaction { return try await body(self) }
        guard (self as? any SQLDatabase)?.dialect.name == "sqlite" else { return try await transaction(body) }
        guard await SQLiteWriteLock.shared.lock() else {
            logger.error("no SQLite write transaction for \(Int(SQLiteWriteLock.patience.components.seconds)) s: another one holds the process's write lock")
            throw AppError(.serviceUnavailable, "database_busy", "Hệ thống đang bận, vui lòng thử lại sau ít phút.")
        }
        do {
            let result = try await transaction { tx in
                try await (tx as! any SQLDatabase).raw("UPDATE _fluent_migrations SET batch = batch WHERE 1 = 0").run()
                return try await body(tx)
            }
            await SQLiteWriteLock.shared.unlock()
            return result
        } catch {
            await SQLiteWriteLock.shared.unlock()
            throw error
        }
    }
}

/// A first-come, first-served async mutex for SQLite write transactions, with a bounded wait: a waiter that has
/// not had the lock after ``patience`` gives up (`lock()` answers false), so that one stuck transaction makes
/// errors, not a process that hangs.
actor SQLiteWriteLock {
    static let shared = SQLiteWriteLock()
    /// How long a write transaction waits for the lock (60 s: far beyond any transaction of ours, which take
    /// milliseconds; SQLite's own busy timeout is 5 s).
    static let patience: Duration = .seconds(60)

    private var locked = false
    private var waiters: [(id: UUID, continuation: CheckedContinuation<Bool, Never>)] = []

    /// Takes the lock: true when held (call `unlock()` after), false after waiting `patience` in vain.
    func lock(patience: Duration = SQLiteWriteLock.patience) async -> Bool {
        guard locked else { locked = true; return true }
        let id = UUID()
        let timer = Task { [weak self] in
            try await Task.sleep(for: patience)
            await self?.giveUp(id)
        }
        let got = await withCheckedContinuation { waiters.append((id, $0)) }
        timer.cancel()
        return got
    }

    /// Hands the lock to the first waiter, or frees it.
    func unlock() {
        if waiters.isEmpty { locked = false } else { waiters.removeFirst().continuation.resume(returning: true) }
    }

    /// The waiter `id` stops waiting (if it still is).
    private func giveUp(_ id: UUID) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: false)
    }
}
