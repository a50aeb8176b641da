import Fluent
import SQLKit

/// 0017: the officer an agency names on its assignment (issue 14), indexed for "my cases" (the officer's active
/// assignments).
struct AddAssignmentOfficer: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(Assignment.schema).field("officer_id", .uuid).update()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_assignments_officer ON assignments (officer_id, active)").run()
    }

    func revert(on db: Database) async throws {
        if let sql = db as? any SQLDatabase { try await sql.raw("DROP INDEX IF EXISTS idx_assignments_officer").run() }
        try await db.schema(Assignment.schema).deleteField("officer_id").update()
    }
}
