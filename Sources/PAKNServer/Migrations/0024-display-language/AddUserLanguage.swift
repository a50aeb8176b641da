import Fluent

/// 0024: the language a staff member chose for the back office (issue 14, "English"): `vi`, `en`, or none (then
/// the browser's choice applies).
struct AddUserLanguage: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(User.schema).field("language", .string).update()
    }

    func revert(on db: Database) async throws {
        try await db.schema(User.schema).deleteField("language").update()
    }
}
