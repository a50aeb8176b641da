import Fluent
import SQLKit

/// The audit of access and administration (`AuditEntry`), append-only in the database itself: triggers refuse
/// every UPDATE and DELETE, on SQLite and PostgreSQL alike, so not even a bug of ours can rewrite it.
struct CreateAuditLog: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(AuditEntry.schema)
            .id()
            .field("occurred_at", .datetime, .required)
            .field("user_id", .uuid)
            .field("actor", .string, .required)
            .field("client_address", .string, .required)
            .field("action", .string, .required)
            .field("route", .string, .required)
            .field("subject", .string)
            .field("fields", .string, .required)
            .field("status", .int, .required)
            .create()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX idx_audit_log_occurred ON audit_log (occurred_at, id)").run()
        try await sql.raw("CREATE INDEX idx_audit_log_user ON audit_log (user_id, occurred_at)").run()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("""
                CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
                FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
                """).run()
        } else {
            for event in ["UPDATE", "DELETE"] {
                try await sql.raw(SQLQueryString("""
                    CREATE TRIGGER audit_log_no_\(unsafeRaw: event.lowercased()) BEFORE \(unsafeRaw: event) ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
                    """)).run()
            }
        }
    }

    func revert(on db: Database) async throws {
        try await db.schema(AuditEntry.schema).delete()
        if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
            try await sql.raw("DROP FUNCTION IF EXISTS audit_log_append_only()").run()
        }
    }
}
