import Fluent
import SQLKit

/// 0006: an index on `messages.provider_message_id` alone. The outbox looks a notice up by its key
/// (`notify:<event id>`) and the reply box by its reply key on every delivery, without the channel, so the unique
/// index on (channel, provider_message_id) could not serve them: each lookup read the whole table, which grows by a
/// message or two per request for ten years (issue 12).
struct AddMessageProviderIndex: AsyncMigration {
    func prepare(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX idx_messages_provider_message_id ON messages (provider_message_id)").run()
    }

    func revert(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX IF EXISTS idx_messages_provider_message_id").run()
    }
}
