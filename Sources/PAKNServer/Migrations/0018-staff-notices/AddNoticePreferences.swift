import Fluent

/// 0018: which notices a staff member also receives by e-mail (and SMS), and the number for SMS (issue 14).
struct AddNoticePreferences: AsyncMigration {
    func prepare(on db: Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await db.schema(User.schema).field("notice_kinds", .string).update()
        try await db.schema(User.schema).field("notice_phone", .string).update()
    }

    func revert(on db: Database) async throws {
        try await db.schema(User.schema).deleteField("notice_kinds").update()
        try await db.schema(User.schema).deleteField("notice_phone").update()
    }
}
