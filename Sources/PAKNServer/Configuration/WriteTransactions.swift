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
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if inTransaction { return try await body(self) }
        guard (self as? any SQLDatabase)?.dialect.name == "sqlite" else { return try await transaction(body) }
        await SQLiteWriteLock.shared.lock()
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

/// A first-come, first-served async mutex for SQLite write transactions.
actor SQLiteWriteLock {
    static let shared = SQLiteWriteLock()
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        guard locked else { locked = true; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func unlock() {
        if waiters.isEmpty { locked = false } else { waiters.removeFirst().resume() }
    }
}
