import Fluent
import Foundation
import SQLKit
import Vapor

/// The benchmark's bare write (issue 12 item 7): `POST /bench/insert` inserts one row in one write transaction
/// and answers 204, through the same server, connection pool and (on SQLite) process write lock as a request's
/// creation. Its rate is the database's own limit through this stack; `scripts/bench` sets the create rate beside
/// it. Registered only with `PAKN_BENCH_PROBE=1`, which creates its table (`bench_probe`) at start.
enum BenchProbe {
    /// Creates the probe's table if it is missing.
    /// - Throws: a database error.
    static func prepare(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("CREATE TABLE IF NOT EXISTS bench_probe (id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at TEXT NOT NULL)").run()
    }

    /// Inserts one row of about the size of a request's text (500 bytes) and answers 204 No Content.
    /// - Throws: a database error (500), or 503 `database_busy` on SQLite when the write lock is not had in time.
    @Sendable static func insert(_ req: Request) async throws -> HTTPStatus {
        let id = UUID().uuidString, now = ISO8601DateFormatter().string(from: Date())
        try await req.db.writeTransaction { tx in
            try await (tx as! any SQLDatabase).insert(into: "bench_probe").columns("id", "body", "created_at")
                .values(SQLBind(id), SQLBind(String(repeating: "x", count: 500)), SQLBind(now)).run()
        }
        return .noContent
    }
}
