import Fluent
import SQLKit

/// 0012: the indexes keyset paging seeks in (issue 12 item 3): the staff queue's order (urgent first, then newest,
/// then id; the same expression as `QueueQuery.urgencyRank`) and the public list's (newest publication first,
/// published cases only). With them, page 20,000 is one index range seek like page 1, on SQLite and PostgreSQL.
struct AddListOrderIndexes: AsyncMigration {
    func prepare(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("""
            CREATE INDEX IF NOT EXISTS idx_requests_queue_order ON service_requests
            ((CASE WHEN urgency = 'khan' THEN 0 ELSE 1 END), received_at DESC, id DESC)
            """).run()
        try await sql.raw("""
            CREATE INDEX IF NOT EXISTS idx_requests_published_order ON service_requests (published_at DESC, id DESC)
            WHERE published_at IS NOT NULL
            """).run()
    }

    func revert(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX IF EXISTS idx_requests_queue_order").run()
        try await sql.raw("DROP INDEX IF EXISTS idx_requests_published_order").run()
    }
}
