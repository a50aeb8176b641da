import Fluent
import Foundation
@testable import PAKNServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The benchmark's bare insert (issue 12 item 7) exists only when `PAKN_BENCH_PROBE` turns it on, and then writes
/// one row per call.
@Suite("Benchmark probe")
struct BenchProbeTests {
    @Test("off by default: no route", arguments: [TestDatabase.sqlite])
    func off(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let response = try await app.testing().sendRequest(.POST, "/bench/insert")
            #expect(response.status == .notFound)
        }
    }

    @Test("on: each call inserts one row and answers 204", arguments: TestDatabase.available)
    func on(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: { $0.benchProbe = true }) { app in
            for _ in 0..<3 {
                let response = try await app.testing().sendRequest(.POST, "/bench/insert")
                #expect(response.status == .noContent)
            }
            let rows = try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM bench_probe").first()?.decode(column: "n", as: Int.self)
            #expect(rows == 3)
        }
    }
}
