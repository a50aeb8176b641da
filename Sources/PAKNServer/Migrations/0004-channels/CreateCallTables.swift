import Fluent
import SQLKit

/// 0004: the call log built from CTI events (channels.md §4.7, anchors.md §3) and the blocklist of nuisance numbers.
struct CreateCallTables: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("calls")
            .id()
            .field("call_id", .string, .required)
            .field("direction", .string, .required)
            .field("from_number", .string, .required)
            .field("to_number", .string, .required)
            .field("citizen_phone", .string)
            .field("users", .string, .required)
            .field("queue", .string)
            .field("answering_number", .string)
            .field("cause", .string)
            .field("status", .string, .required)
            .field("initialized_at", .datetime, .required)
            .field("answered_at", .datetime)
            .field("ended_at", .datetime)
            .field("rejected", .bool, .required)
            .field("request_id", .uuid, .references("service_requests", "id"))
            .field("called_back_at", .datetime)
            .unique(on: "call_id")
            .create()
        try await db.schema("blocked_numbers")
            .id()
            .field("phone", .string, .required)
            .field("reason", .string, .required)
            .field("expires_at", .datetime)
            .field("created_at", .datetime)
            .create()
        if let sql = db as? any SQLDatabase {
            try await sql.raw("CREATE INDEX idx_calls_status ON calls (status, initialized_at)").run()
            try await sql.raw("CREATE INDEX idx_blocked_numbers_phone ON blocked_numbers (phone)").run()
        }
    }

    func revert(on db: Database) async throws {
        try await db.schema("blocked_numbers").delete()
        try await db.schema("calls").delete()
    }
}
