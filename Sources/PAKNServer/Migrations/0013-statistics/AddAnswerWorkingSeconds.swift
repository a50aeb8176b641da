import Fluent
import SQLKit

/// 0013: each answered assignment keeps its time to answer in working seconds (`AnswerTimes`), so statistics
/// add and rank the times in SQL (issue 12 item 4) instead of recomputing a working-time span per answer on every
/// view; an index serves the period's answers of lead assignments. Existing answers are filled in batches.
struct AddAnswerWorkingSeconds: AsyncMigration {
    func prepare(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let existing = try await Self.hasColumn(on: sql)
        if !existing { try await db.schema(Assignment.schema).field("answer_working_seconds", .double).update() }
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_assignments_answered ON assignments (role, answered_at)").run()
        try await AnswerTimes.rebuild(on: db)
    }

    func revert(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX IF EXISTS idx_assignments_answered").run()
        try await sql.raw("ALTER TABLE assignments DROP COLUMN answer_working_seconds").run()
    }

    /// Whether a half-done earlier run already added the column.
    static func hasColumn(on sql: any SQLDatabase) async throws -> Bool {
        let query: SQLQueryString = sql.dialect.name == "sqlite"
            ? "SELECT name FROM pragma_table_info('assignments')"
            : "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'assignments' AND table_schema = current_schema()"
        return try await sql.raw(query).all().contains { (try? $0.decode(column: "name", as: String.self)) == "answer_working_seconds" }
    }
}
