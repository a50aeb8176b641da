import Fluent
import SQLKit

/// 0006: `assignments.next_check_at`, the instant the deadline scan next has something to do for an assignment
/// (a reminder, a due instant, the provincial escalation), indexed, so that a pass reads only the assignments
/// whose time has come instead of every running clock of the archive (issue 10 "Background work sized to the
/// work due"; issue 12). Every active lead assignment is checked at the first pass after the upgrade.
struct AddDeadlineChecks: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("assignments").field("next_check_at", .datetime).update()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX idx_assignments_next_check ON assignments (next_check_at)").run()
        try await sql.update("assignments").set("next_check_at", to: DeadlineScheduler.checkAtNextPass())
            .where("active", .equal, true).where("role", .equal, "lead").run()
    }

    func revert(on db: Database) async throws {
        if let sql = db as? any SQLDatabase { try await sql.raw("DROP INDEX IF EXISTS idx_assignments_next_check").run() }
        try await db.schema("assignments").deleteField("next_check_at").update()
    }
}
