import Fluent
import SQLKit

/// 0001: the job table (outbox and scheduled work).
struct CreateJobs: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("jobs")
            .id()
            .field("kind", .string, .required)
            .field("payload", .string, .required)
            .field("idempotency_key", .string, .required)
            .field("run_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("locked_until", .datetime)
            .field("finished_at", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime)
            .unique(on: "idempotency_key")
            .create()
        if let sql = db as? any SQLDatabase {
            try await sql.raw("CREATE INDEX idx_jobs_due ON jobs (finished_at, run_at)").run()
        }
    }

    func revert(on db: Database) async throws {
        try await db.schema("jobs").delete()
    }
}
