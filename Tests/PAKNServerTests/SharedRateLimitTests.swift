import Foundation
@testable import PAKNServer
import SQLKit
import Testing
import Vapor

/// Rate limits held across processes (issue 15 item 6): two `pakn serve` on one PostgreSQL count the same hits, so a
/// client spreading requests over both nodes gets no more than one node would give it.
@Suite("Rate limits shared by the nodes")
struct SharedRateLimitTests {
    @Test("two applications on one PostgreSQL share a limit: 3 an hour means 3 in all, and the window starts again after the hour",
          arguments: TestDatabase.available.filter { $0 == .postgres })
    func sharedAcrossApplications(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { first in
            let second = try await Application.make(.testing)
            do {
                try await PAKNServer.configure(second, first.paknConfiguration)
                let key = "submit:203.0.113.9", now = Date()
                #expect(await first.rateLimiter.allow(key, limit: 3, window: 3600, now: now))
                #expect(await second.rateLimiter.allow(key, limit: 3, window: 3600, now: now.addingTimeInterval(1)))
                #expect(await first.rateLimiter.allow(key, limit: 3, window: 3600, now: now.addingTimeInterval(2)))
                #expect(await second.rateLimiter.allow(key, limit: 3, window: 3600, now: now.addingTimeInterval(3)) == false, "the fourth, on the other node")
                #expect(await first.rateLimiter.count(key, window: 3600, now: now.addingTimeInterval(4)) == 4, "a refused hit counts too")
                // Another client has its own counter; the hour over, the window starts again.
                #expect(await second.rateLimiter.allow("submit:198.51.100.7", limit: 3, window: 3600, now: now.addingTimeInterval(5)))
                #expect(await first.rateLimiter.allow(key, limit: 3, window: 3600, now: now.addingTimeInterval(3600)))
                #expect(await second.rateLimiter.count(key, window: 3600, now: now.addingTimeInterval(3601)) == 1)
                // Concurrent hits from both nodes: exactly the limit is let through.
                let burst = "submit:192.0.2.1"
                let allowed = await withTaskGroup(of: Bool.self) { group in
                    for index in 0..<20 {
                        let app = index.isMultiple(of: 2) ? first : second
                        group.addTask { await app.rateLimiter.allow(burst, limit: 7, window: 3600, now: now) }
                    }
                    var count = 0
                    for await ok in group where ok { count += 1 }
                    return count
                }
                #expect(allowed == 7)
            } catch {
                try? await second.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
        }
    }

    @Test("on SQLite the counters stay in the process", arguments: TestDatabase.available.filter { $0 == .sqlite })
    func sqliteInMemory(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            #expect(await app.rateLimiter.allow("verify:1", limit: 1, window: 900))
            #expect(await app.rateLimiter.allow("verify:1", limit: 1, window: 900) == false)
            let tables = try await (app.db as! any SQLDatabase).raw("SELECT name FROM sqlite_master WHERE name = 'rate_limits'").all()
            #expect(tables.isEmpty, "no table on SQLite")
        }
    }
}
