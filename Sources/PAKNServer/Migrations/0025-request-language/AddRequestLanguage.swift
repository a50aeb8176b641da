import Fluent

/// 0025: the language a citizen wrote in on the web form (`vi`, `en`), so the notices about their request speak it
/// (issue 14, "English"); null: Vietnamese (older requests, the other channels).
struct AddRequestLanguage: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(ServiceRequestRecord.schema).field("language", .string).update()
    }

    func revert(on db: Database) async throws {
        try await db.schema(ServiceRequestRecord.schema).deleteField("language").update()
    }
}
