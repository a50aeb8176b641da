import Fluent

/// 0021: requests brought over from the province's previous system, unique by their code there (issue 15 item 11).
struct CreateArchiveImports: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(ArchiveImportRecord.schema)
            .id()
            .field("source_code", .string, .required)
            .field("request_id", .uuid, .required, .references(ServiceRequestRecord.schema, "id"))
            .field("source_file", .string, .required)
            .field("imported_at", .datetime, .required)
            .unique(on: "source_code")
            .create()
    }

    func revert(on db: Database) async throws {
        try await db.schema(ArchiveImportRecord.schema).delete()
    }
}
