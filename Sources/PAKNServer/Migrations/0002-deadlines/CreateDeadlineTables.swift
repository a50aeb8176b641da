import Fluent
import SQLKit

/// 0002: the holiday calendar per year, settings (working hours, intake hours, SLA policies), per-agency
/// working hours, deadline clocks on assignments, intake-hours clock start on cases, staff notifications.
struct CreateDeadlineTables: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("holiday_years")
            .field("year", .int, .identifier(auto: false))
            .field("data", .string, .required)
            .field("updated_at", .datetime)
            .create()
        try await db.schema("settings")
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .field("updated_at", .datetime)
            .create()
        try await db.schema("agencies").field("working_hours", .string).update()
        try await db.schema("assignments").field("acceptance_clock", .string).update()
        try await db.schema("assignments").field("resolution_clock", .string).update()
        try await db.schema("assignments").field("original_due_at", .datetime).update()
        try await db.schema("assignments").field("outcome", .string).update()
        try await db.schema("assignments").field("outcome_original", .string).update()
        try await db.schema("service_requests").field("counted_from", .datetime).update()
        try await db.schema("staff_notifications")
            .id()
            .field("idempotency_key", .string, .required)
            .field("kind", .string, .required)
            .field("request_id", .uuid, .required, .references("service_requests", "id"))
            .field("agency_id", .uuid, .references("agencies", "id"))
            .field("role", .string, .required)
            .field("text", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "idempotency_key")
            .create()
        if let sql = db as? any SQLDatabase {
            try await sql.raw("CREATE INDEX idx_staff_notifications_target ON staff_notifications (role, agency_id, created_at)").run()
            try await sql.raw("CREATE INDEX idx_assignments_active_due ON assignments (active, due_at)").run()
        }
    }

    func revert(on db: Database) async throws {
        try await db.schema("staff_notifications").delete()
        try await db.schema("settings").delete()
        try await db.schema("holiday_years").delete()
    }
}
