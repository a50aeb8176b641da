import Fluent
import SQLKit

/// 0022: the counters of the rate limits on PostgreSQL, so every `pakn serve` on one database holds the same limits
/// (issue 15 item 6). One row per key (bucket and client or account) with its window's start and count. SQLite keeps
/// them in memory: it serves one process.
struct CreateRateLimits: AsyncMigration {
    func prepare(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("""
            CREATE TABLE IF NOT EXISTS rate_limits (key text PRIMARY KEY, window_start timestamptz NOT NULL, count integer NOT NULL)
            """).run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_rate_limits_window ON rate_limits (window_start)").run()
    }

    func revert(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("DROP TABLE IF EXISTS rate_limits").run()
    }
}
