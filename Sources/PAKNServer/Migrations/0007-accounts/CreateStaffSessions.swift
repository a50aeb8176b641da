import Fluent
import SQLKit
import Vapor

/// Sessions with times (issue 11 item 8): `staff_sessions` replaces Fluent's `_fluent_sessions`, whose rows had no
/// time and so never expired. The old table is dropped: everyone signs in once more after the upgrade.
struct CreateStaffSessions: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(StaffSession.schema)
            .id()
            .field("key_hash", .string, .required)
            .field("data", .json, .required)
            .field("user_id", .uuid)
            .field("created_at", .datetime, .required)
            .field("signed_in_at", .datetime)
            .field("seen_at", .datetime, .required)
            .unique(on: "key_hash")
            .create()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX idx_staff_sessions_user ON staff_sessions (user_id)").run()
        try await sql.raw("CREATE INDEX idx_staff_sessions_seen ON staff_sessions (seen_at)").run()
        try await db.schema("_fluent_sessions").delete()
    }

    func revert(on db: Database) async throws {
        try await SessionRecord.migration.prepare(on: db)
        try await db.schema(StaffSession.schema).delete()
    }
}
