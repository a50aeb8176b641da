import Fluent
import Logging
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
    func writeTransaction<T: Sendable>(fileID: String = #fileID, line: Int = #line,
                                       _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if inTransaction { return try await body(self) }
        guard (self as? any SQLDatabase)?.dialect.name == "sqlite" else { return try await transaction(body) }
        guard await SQLiteWriteLock.shared.lock(owner: "\(fileID):\(line)") else {
            let holder = await SQLiteWriteLock.shared.holder
            logger.error("no SQLite write transaction for \(Int(SQLiteWriteLock.patience.components.seconds)) s: another one holds the process's write lock", metadata: ["holder": "\(holder)", "waiter": "\(fileID):\(line)"])
            throw AppError(.serviceUnavailable, "database_busy", "Hệ thống đang bận, vui lòng thử lại sau ít phút.")
        }
        do {
            let result = try await transaction { tx in
                try await (tx as! any SQLDatabase).raw("UPDATE _fluent_migrations SET batch = batch WHERE 1 = 0").run()
                return try await body(tx)
            }
            await release(fileID: fileID, line: line)
            return result
        } catch {
            await release(fileID: fileID, line: line)
            throw error
        }
    }

    /// Gives the process's write lock back, and logs a transaction that held it for more than 10 s: every other
    /// writer of the process waited that long.
    private func release(fileID: String, line: Int) async {
        let held = await SQLiteWriteLock.shared.unlock()
        if held > 10 {
            logger.warning("SQLite write lock held \(Int(held)) s", metadata: ["holder": "\(fileID):\(line)"])
        }
    }
}

/// A first-come, first-served async mutex for SQLite write transactions, with a bounded wait: a waiter that has
/// not had the lock after ``patience`` gives up (`lock()` answers false), so that one stuck transaction makes
/// errors, not a process that hangs.
actor SQLiteWriteLock {
    static let shared = SQLiteWriteLock()
    /// How long a write transaction waits for the lock (60 s: far beyond any transaction of ours, which take
    /// milliseconds; SQLite's busy timeout is 10 s). `PAKN_SQLITE_WRITE_WAIT_SECONDS` sets another: the test suite
    /// runs a hundred applications in one process, all behind this one lock, and on a busy 2-core machine their
    /// queue of short transactions can be longer than a minute; a deployment has one database per process.
    static let patience: Duration = .seconds(
        ProcessInfo.processInfo.environment["PAKN_SQLITE_WRITE_WAIT_SECONDS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } ?? 60)

    private var locked = false
    private var waiters: [(id: UUID, owner: String, continuation: CheckedContinuation<Bool, Never>)] = []
    /// Who holds the lock ("File.swift:line" of the write transaction) and since when: what a waiter that gives up
    /// logs, so a transaction that holds it too long is named.
    private(set) var holder = ""

    /// Takes the lock for `owner`: true when held (call `unlock()` after), false after waiting `patience` in vain.
    func lock(owner: String = "", patience: Duration = SQLiteWriteLock.patience) async -> Bool {
        guard locked else {
            locked = true
            grant(to: owner)
            return true
        }
        let id = UUID()
        let timer = Task { [weak self] in
            try await Task.sleep(for: patience)
            await self?.giveUp(id)
        }
        let got = await withCheckedContinuation { waiters.append((id, owner, $0)) }
        timer.cancel()
        return got
    }

    /// When the current holder took the lock.
    private var heldSince = Date()
    /// The current grant, for the watchdog.
    private var grantID = UUID()
    private static let logger = Logger(label: "pakn.sqlite-write-lock")

    /// Records the new holder and starts a watchdog that logs a grant still held after 20 s (the transaction that
    /// makes every other writer of the process wait is named while it waits, not only when it ends).
    private func grant(to owner: String) {
        let id = UUID()
        grantID = id
        heldSince = Date()
        holder = "\(owner) since \(heldSince)"
        Task { [weak self] in
            try await Task.sleep(for: .seconds(20))
            await self?.warnIfStillHeld(id, owner: owner)
        }
    }

    private func warnIfStillHeld(_ id: UUID, owner: String) {
        guard locked, grantID == id else { return }
        Self.logger.warning("SQLite write lock held for 20 s and more", metadata: ["holder": "\(owner)"])
    }

    /// Hands the lock to the first waiter, or frees it; returns how long the caller held it (seconds).
    @discardableResult
    func unlock() -> TimeInterval {
        let held = Date().timeIntervalSince(heldSince)
        heldSince = Date()
        if waiters.isEmpty {
            locked = false
            holder = ""
        } else {
            let next = waiters.removeFirst()
            grant(to: next.owner)
            next.continuation.resume(returning: true)
        }
        return held
    }

    /// The waiter `id` stops waiting (if it still is).
    private func giveUp(_ id: UUID) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: false)
    }
}
