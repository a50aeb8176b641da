import Fluent
import Foundation
import PAKNDomain
import SQLKit

/// 0011: what queries filter on moves out of `messages.details` into indexed columns (issue 10 item 3):
/// the send status, the provider's id that delivery receipts name, the receipt's state and time, and the
/// automatic-mail flag. Receipts then find their message by an indexed equality instead of `LIKE` inside the
/// JSON, and the channel-health counts read columns.
///
/// Existing rows are converted in place, in batches of ``batchSize`` by id, and the moved keys leave `details`;
/// ``revert(on:)`` puts them back, so a database can go back to the code before this migration.
struct AddDeliveryColumns: AsyncMigration {
    /// The `details` keys this migration moves, with their columns.
    static let movedKeys = ["status": "send_status", "provider_message_id": "receipt_id", "delivery": "delivery_state", "automatic": "automatic"]
    static let batchSize = 500

    func prepare(on db: Database) async throws {
        // Every step can run again: a run stopped half-way (a killed process on a large archive) is not recorded
        // as done, so the next start repeats it, adding only the columns and indexes still missing and converting
        // only the rows whose details still hold a moved key. One column per ALTER: SQLite adds one at a time.
        let existing = try await Self.columns(on: db)
        if !existing.contains("send_status") { try await db.schema(MessageRecord.schema).field("send_status", .string).update() }
        if !existing.contains("receipt_id") { try await db.schema(MessageRecord.schema).field("receipt_id", .string).update() }
        if !existing.contains("delivery_state") { try await db.schema(MessageRecord.schema).field("delivery_state", .string).update() }
        if !existing.contains("delivery_updated_at") { try await db.schema(MessageRecord.schema).field("delivery_updated_at", .datetime).update() }
        if !existing.contains("automatic") {
            try await db.schema(MessageRecord.schema).field("automatic", .bool, .required, .sql(.default(false))).update()
        }
        try await convert(on: db) { details in
            var details = details
            let status = details.removeValue(forKey: "status")
            let receipt = details.removeValue(forKey: "provider_message_id")
            let delivery = details.removeValue(forKey: "delivery")
            let automatic = details.removeValue(forKey: "automatic")
            // A value the code never wrote stays in `details` rather than becoming a state it does not mean.
            var columns: [String: SQLExpression] = [:]
            if let status { if let known = OutboundStatus(rawValue: status) { columns["send_status"] = SQLBind(known.rawValue) } else { details["status"] = status } }
            if let receipt, !receipt.isEmpty { columns["receipt_id"] = SQLBind(receipt) }
            if let delivery { if let known = DeliveryState(rawValue: delivery) { columns["delivery_state"] = SQLBind(known.rawValue) } else { details["delivery"] = delivery } }
            if automatic == "true" { columns["automatic"] = SQLLiteral.boolean(true) }
            return (details, columns)
        }
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_messages_receipt ON messages (channel, receipt_id)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_messages_send_status ON messages (channel, send_status, created_at)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_messages_delivery_state ON messages (channel, delivery_state, created_at)").run()
    }

    /// The columns `messages` has now (SQLite's table info, PostgreSQL's information schema).
    static func columns(on db: Database) async throws -> Set<String> {
        guard let sql = db as? any SQLDatabase else { return [] }
        let query: SQLQueryString = sql.dialect.name == "sqlite"
            ? "SELECT name FROM pragma_table_info('messages')"
            : "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'messages' AND table_schema = current_schema()"
        return Set(try await sql.raw(query).all().map { try $0.decode(column: "name", as: String.self) })
    }

    func revert(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let rows = try await sql.raw("SELECT id, send_status, receipt_id, delivery_state, automatic FROM messages WHERE send_status IS NOT NULL OR receipt_id IS NOT NULL OR delivery_state IS NOT NULL").all()
        var restored: [UUID: [String: String]] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            var fields: [String: String] = [:]
            if let status = try row.decodeNil(column: "send_status") ? nil : row.decode(column: "send_status", as: String.self) { fields["status"] = status }
            if let receipt = try row.decodeNil(column: "receipt_id") ? nil : row.decode(column: "receipt_id", as: String.self) { fields["provider_message_id"] = receipt }
            if let delivery = try row.decodeNil(column: "delivery_state") ? nil : row.decode(column: "delivery_state", as: String.self) { fields["delivery"] = delivery }
            if try row.decode(column: "automatic", as: Bool.self) { fields["automatic"] = "true" }
            restored[id] = fields
        }
        for (id, fields) in restored {
            let current = try await sql.raw("SELECT details FROM messages WHERE id = \(bind: id)").first()
            let details = try current.flatMap { try $0.decodeNil(column: "details") ? nil : $0.decode(column: "details", as: String.self) }
            let merged = MessageRecord.decodeDetails(details).merging(fields) { _, moved in moved }
            try await sql.raw("UPDATE messages SET details = \(bind: MessageRecord.encodeDetails(merged)) WHERE id = \(bind: id)").run()
        }
        for index in ["idx_messages_receipt", "idx_messages_send_status", "idx_messages_delivery_state"] {
            try await sql.raw("DROP INDEX IF EXISTS \(unsafeRaw: index)").run()
        }
        for column in ["send_status", "receipt_id", "delivery_state", "delivery_updated_at", "automatic"] {
            try await sql.raw("ALTER TABLE messages DROP COLUMN \(unsafeRaw: column)").run()
        }
    }

    /// Rewrites every message whose `details` hold a moved key: `transform` returns the remaining details and the
    /// column values. Batches by id (keyset), each in its own statement set, so a large archive does not need
    /// one long transaction or all rows in memory.
    private func convert(on db: Database, _ transform: ([String: String]) -> ([String: String], [String: SQLExpression])) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        var after: UUID?
        while true {
            let query = sql.select().column("id").column("details").from("messages")
                .where("details", .isNot, SQLLiteral.null)
                .orderBy("id").limit(Self.batchSize)
            if let after { query.where("id", .greaterThan, SQLBind(after)) }
            let rows = try await query.all()
            guard !rows.isEmpty else { return }
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let text = try row.decode(column: "details", as: String.self)
                let fields = MessageRecord.decodeDetails(text)
                guard Self.movedKeys.keys.contains(where: { fields[$0] != nil }) else { continue }
                let (details, columns) = transform(fields)
                let update = sql.update("messages").set("details", to: SQLBind(MessageRecord.encodeDetails(details)))
                for (column, value) in columns { _ = update.set(SQLIdentifier(column), to: value) }
                try await update.where("id", .equal, SQLBind(id)).run()
            }
            after = try rows.last?.decode(column: "id", as: UUID.self)
        }
    }
}
