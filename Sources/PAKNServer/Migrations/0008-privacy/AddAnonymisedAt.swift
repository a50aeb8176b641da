import Fluent
import SQLKit

/// When a case's personal data was anonymised past retention (`Anonymisation`); the job's index reads only cases
/// not yet anonymised, oldest first.
struct AddAnonymisedAt: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(ServiceRequestRecord.schema).field("anonymised_at", .datetime).update()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX idx_service_requests_anonymise ON service_requests (anonymised_at, received_at)").run()
    }

    func revert(on db: Database) async throws {
        if let sql = db as? any SQLDatabase { try await sql.raw("DROP INDEX IF EXISTS idx_service_requests_anonymise").run() }
        try await db.schema(ServiceRequestRecord.schema).deleteField("anonymised_at").update()
    }
}
