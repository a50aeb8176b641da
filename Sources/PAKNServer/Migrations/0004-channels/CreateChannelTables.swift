import Fluent
import SQLKit

/// 0004: raw inbound provider events (stored before the acknowledgement) and the conversation columns on messages
/// (issue 4 "Common machinery"; channels.md §6 "Raw body first", "Ack fast, process later").
struct CreateChannelTables: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("inbound_events")
            .id()
            .field("channel", .string, .required)
            .field("provider_event_id", .string, .required)
            .field("headers", .string, .required)
            .field("raw_body", .data, .required)
            .field("status", .string, .required)
            .field("received_at", .datetime, .required)
            .field("processed_at", .datetime)
            .field("error", .string)
            .unique(on: "channel", "provider_event_id")
            .create()
        try await db.schema("messages").field("sender_id", .string).update()
        try await db.schema("messages").field("inbound_event_id", .uuid).update()
        try await db.schema("messages").field("details", .string).update()
        if let sql = db as? any SQLDatabase {
            try await sql.raw("CREATE INDEX idx_messages_sender ON messages (channel, sender_id, created_at)").run()
            try await sql.raw("CREATE INDEX idx_messages_unattached ON messages (request_id, direction, created_at)").run()
        }
    }

    func revert(on db: Database) async throws {
        try await db.schema("inbound_events").delete()
    }
}
