import Fluent
import SQLKit

/// 0003: the interoperability tables: fields' extra questions (Open311 attributes), partner API keys and their
/// use log, partner updates (mySociety `servicerequestupdates`, unique per partner and `update_id`) and the
/// stored results of idempotent creates (`Idempotency-Key` on `POST /api/v1/requests`).
struct CreateInteroperabilityTables: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("service_attributes")
            .id()
            .field("service_code", .string, .required, .references("services", "code"))
            .field("code", .string, .required)
            .field("variable", .bool, .required)
            .field("datatype", .string, .required)
            .field("required", .bool, .required)
            .field("description", .string, .required)
            .field("datatype_description", .string, .required)
            .field("position", .int, .required)
            .field("values_json", .string, .required)
            .field("active", .bool, .required)
            .unique(on: "service_code", "code")
            .create()
        try await db.schema("partner_api_keys")
            .id()
            .field("partner", .string, .required)
            .field("key_prefix", .string, .required)
            .field("key_hash", .string, .required)
            .field("agency_id", .uuid, .references("agencies", "id"))
            .field("permissions", .string, .required)
            .field("requests_per_hour", .int, .required)
            .field("created_by", .uuid, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("last_used_at", .datetime)
            .unique(on: "key_hash")
            .create()
        try await db.schema("api_key_uses")
            .id()
            .field("key_id", .uuid, .references("partner_api_keys", "id"))
            .field("occurred_at", .datetime, .required)
            .field("endpoint", .string, .required)
            .field("status", .int, .required)
            .field("service_request_id", .string)
            .field("client_address", .string, .required)
            .create()
        try await db.schema("partner_updates")
            .id()
            .field("partner", .string, .required)
            .field("update_id", .string, .required)
            .field("key_id", .uuid, .required, .references("partner_api_keys", "id"))
            .field("request_id", .uuid, .required, .references("service_requests", "id"))
            .field("status", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("description", .string, .required)
            .field("applied", .string, .required)
            .field("received_at", .datetime, .required)
            .unique(on: "partner", "update_id")
            .create()
        try await db.schema("idempotency_keys")
            .id()
            .field("scope", .string, .required)
            .field("key", .string, .required)
            .field("request_hash", .string, .required)
            .field("status_code", .int, .required)
            .field("response_body", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "scope", "key")
            .create()
        if let sql = db as? any SQLDatabase {
            try await sql.raw("CREATE INDEX idx_api_key_uses_key ON api_key_uses (key_id, occurred_at)").run()
            try await sql.raw("CREATE INDEX idx_requests_received ON service_requests (received_at)").run()
            try await sql.raw("CREATE INDEX idx_events_occurred ON events (occurred_at)").run()
        }
    }

    func revert(on db: Database) async throws {
        for table in ["idempotency_keys", "partner_updates", "api_key_uses", "partner_api_keys", "service_attributes"] {
            try await db.schema(table).delete()
        }
    }
}
