import Fluent
import SQLKit

/// Indexes for lookups that scanned whole tables (issue 12: `attachments.request_id` alone was most of the look-up
/// page's time at 510,000 attachments): a case's files and calls, a person's contacts by e-mail (data-subject
/// requests), a user's API tokens (revocation), and the retention job's oldest messages and calls.
struct AddLookupIndexes: AsyncMigration {
    static let indexes = [
        ("idx_attachments_request", "attachments (request_id)"),
        ("idx_calls_request", "calls (request_id)"),
        ("idx_calls_initialized", "calls (initialized_at)"),
        ("idx_contacts_email", "contacts (email)"),
        ("idx_api_tokens_user", "api_tokens (user_id)"),
        ("idx_messages_created", "messages (created_at)"),
    ]

    func prepare(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        for (name, target) in Self.indexes {
            try await sql.raw(SQLQueryString("CREATE INDEX \(unsafeRaw: name) ON \(unsafeRaw: target)")).run()
        }
    }

    func revert(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        for (name, _) in Self.indexes { try await sql.raw(SQLQueryString("DROP INDEX IF EXISTS \(unsafeRaw: name)")).run() }
    }
}
