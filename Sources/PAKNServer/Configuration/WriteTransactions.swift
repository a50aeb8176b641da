import Fluent
import Foundation
import SQLKit

/// Write transactions that behave on both databases.
///
/// SQLite opens transactions as deferred: two of them that read and then write deadlock, and SQLite answers
/// "database is locked" at once (the busy timeout cannot help there). The SQLite default runs as one process,
/// so write transactions are serialised in-process; PostgreSQL runs them concurrently under its own locks.
extension Database {
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if inTransaction { return try await body(self) }
        guard (self as? any SQLDatabase)?.dialect.name == "sqlite" else { return try await transaction(body) }
        await SQLiteWriteLock.shared.lock()
        do {
            let result = try await transaction(body)
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
