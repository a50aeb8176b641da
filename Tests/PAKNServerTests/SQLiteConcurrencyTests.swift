import Fluent
import FluentSQLiteDriver
import Foundation
@testable import PAKNServer
import SQLKit
import Testing
import Vapor

/// SQLite refuses at once ("database is locked") a transaction that has read and then writes while another
/// connection holds the write lock; the browser test hit it when a session update met an approval.
/// `writeTransaction` must wait instead.
@Suite("SQLite under concurrent writers")
struct SQLiteConcurrencyTests {
    @Test("a write transaction that reads first waits for another connection's write lock instead of failing")
    func readThenWriteWaits() async throws {
        try await TestApp.with(.sqlite) { app in
            let loops = Array(app.eventLoopGroup.makeIterator())
            try #require(loops.count >= 2, "needs two pooled connections")
            let holder = try #require(app.databases.database(.sqlite, logger: app.logger, on: loops[0]) as? any SQLDatabase)
            let writer = try #require(app.databases.database(.sqlite, logger: app.logger, on: loops[1]))
            // Connection A takes SQLite's write lock (RESERVED) and keeps it for 300 ms.
            let started = AsyncStream<Void>.makeStream()
            let hold = Task {
                try await holder.withSession { conn in
                    try await conn.raw("BEGIN").run()
                    try await conn.raw("UPDATE settings SET value = value WHERE 1 = 1").run()
                    started.continuation.yield()
                    try await Task.sleep(for: .milliseconds(300))
                    try await conn.raw("COMMIT").run()
                }
            }
            var iterator = started.stream.makeAsyncIterator()
            _ = await iterator.next()
            // Connection B: read, then write, inside our write transaction.
            try await writer.writeTransaction { tx in
                _ = try await Province.query(on: tx).count()
                try await Setting(key: "probe", value: "1").create(on: tx)
            }
            try await hold.value
            #expect(try await Setting.find("probe", on: app.db)?.value == "1")
        }
    }

    @Test("the process's write lock goes to waiters in turn, and a waiter gives up after its patience instead of waiting for ever")
    func writeLockIsBounded() async throws {
        let lock = SQLiteWriteLock()
        #expect(await lock.lock())
        // Held and never released: the next one gives up after its patience (the event awaited is its timer).
        #expect(await lock.lock(patience: .milliseconds(50)) == false)
        // A waiter that gave up does not take a later hand-over: the one still waiting does.
        async let second = lock.lock(patience: .seconds(3600))
        async let third = lock.lock(patience: .milliseconds(20))
        #expect(await third == false)
        await lock.unlock()
        #expect(await second)
        // Released by the second holder with nobody waiting: free again at once.
        await lock.unlock()
        #expect(await lock.lock(patience: .milliseconds(1)))
    }
}
