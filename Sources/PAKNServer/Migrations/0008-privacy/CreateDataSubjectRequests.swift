import Fluent
import SQLKit

/// Data-subject requests (`DataSubjectRequest`).
struct CreateDataSubjectRequests: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(DataSubjectRequest.schema)
            .id()
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("phone_digits", .string)
            .field("email", .string)
            .field("identity_check", .string, .required)
            .field("received_at", .datetime, .required)
            .field("due_at", .datetime, .required)
            .field("opened_by", .uuid, .required)
            .field("decision", .string)
            .field("decided_by", .uuid)
            .field("decided_at", .datetime)
            .create()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX idx_data_subject_requests_open ON data_subject_requests (status, due_at)").run()
    }

    func revert(on db: Database) async throws {
        try await db.schema(DataSubjectRequest.schema).delete()
    }
}
