import Fluent
import SQLKit

/// Full-text indexes over the folded search texts (`staff_search`, `public_search`; issue 12 item 2), so that a
/// search reads an index instead of every row.
///
/// - SQLite: an FTS5 table with external content (`service_requests_fts`), kept in step by triggers. Its rowids are
///   `service_requests.search_id`, a column of our own numbered by the insert trigger: SQLite's implicit rowid of a
///   table without an INTEGER PRIMARY KEY may change on `VACUUM` (and `VACUUM INTO`, which `pakn backup` uses),
///   which would part the index from its rows.
/// - PostgreSQL: GIN indexes on `to_tsvector('simple', …)` of the same columns (built-in; no extension). The text is
///   already folded (`SearchText.indexed`), so the `simple` configuration (no stemming, no stop words) is right.
struct AddFullTextSearch: AsyncMigration {
    func prepare(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            for statement in Self.sqlite { try await sql.raw(SQLQueryString(statement)).run() }
        } else {
            try await sql.raw("CREATE INDEX idx_service_requests_staff_fts ON service_requests USING GIN (to_tsvector('simple', staff_search))").run()
            try await sql.raw("CREATE INDEX idx_service_requests_public_fts ON service_requests USING GIN (to_tsvector('simple', public_search))").run()
        }
    }

    func revert(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            for trigger in ["insert", "update", "delete"] {
                try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS service_requests_fts_\(unsafeRaw: trigger)")).run()
            }
            try await sql.raw("DROP TABLE IF EXISTS service_requests_fts").run()
            try await sql.raw("DROP INDEX IF EXISTS idx_service_requests_search_id").run()
            try await sql.raw("ALTER TABLE service_requests DROP COLUMN search_id").run()
        } else {
            try await sql.raw("DROP INDEX IF EXISTS idx_service_requests_staff_fts").run()
            try await sql.raw("DROP INDEX IF EXISTS idx_service_requests_public_fts").run()
        }
    }

    static let sqlite = [
        "ALTER TABLE service_requests ADD COLUMN search_id INTEGER",
        "UPDATE service_requests SET search_id = rowid",
        "CREATE UNIQUE INDEX idx_service_requests_search_id ON service_requests (search_id)",
        """
        CREATE VIRTUAL TABLE service_requests_fts USING fts5(staff_search, public_search, content='service_requests',
            content_rowid='search_id', tokenize='unicode61 remove_diacritics 0')
        """,
        "INSERT INTO service_requests_fts(service_requests_fts) VALUES ('rebuild')",
        // A new row gets the next search_id, then its texts are indexed under it.
        """
        CREATE TRIGGER service_requests_fts_insert AFTER INSERT ON service_requests BEGIN
            UPDATE service_requests SET search_id = (SELECT IFNULL(MAX(search_id), 0) + 1 FROM service_requests)
                WHERE rowid = new.rowid AND new.search_id IS NULL;
            INSERT INTO service_requests_fts(rowid, staff_search, public_search)
                SELECT search_id, staff_search, public_search FROM service_requests WHERE rowid = new.rowid;
        END
        """,
        """
        CREATE TRIGGER service_requests_fts_update AFTER UPDATE OF staff_search, public_search ON service_requests BEGIN
            INSERT INTO service_requests_fts(service_requests_fts, rowid, staff_search, public_search)
                VALUES ('delete', old.search_id, old.staff_search, old.public_search);
            INSERT INTO service_requests_fts(rowid, staff_search, public_search)
                VALUES (new.search_id, new.staff_search, new.public_search);
        END
        """,
        """
        CREATE TRIGGER service_requests_fts_delete AFTER DELETE ON service_requests BEGIN
            INSERT INTO service_requests_fts(service_requests_fts, rowid, staff_search, public_search)
                VALUES ('delete', old.search_id, old.staff_search, old.public_search);
        END
        """,
    ]
}
