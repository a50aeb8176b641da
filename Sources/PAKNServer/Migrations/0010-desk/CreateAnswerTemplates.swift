import Fluent

/// Answer templates (issue 14): text with placeholders, for one field and/or one agency, or for all.
struct CreateAnswerTemplates: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(AnswerTemplate.schema)
            .id()
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("service_code", .string)
            .field("agency_id", .uuid, .references(Agency.schema, "id"))
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on db: Database) async throws {
        try await db.schema(AnswerTemplate.schema).delete()
    }
}
