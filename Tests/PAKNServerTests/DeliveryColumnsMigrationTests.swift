import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import SQLKit
import Testing
import Vapor

/// Migration 0011 (issue 10 item 3) on rows written as the code before it wrote them: the send status, the
/// provider's receipt id, the delivery state and the automatic flag leave `details` for indexed columns, nothing
/// else changes, no row is lost, and the revert puts everything back.
@Suite("Delivery columns migration")
struct DeliveryColumnsMigrationTests {
    /// Runs 0011 one way. SQLite (3.54 here) checks `ALTER TABLE … ADD COLUMN` against the schema the connection
    /// has cached, before it notices another connection changed it, so a column dropped by the revert would still
    /// look present; reading the table's columns first makes the connection load the current schema. In production
    /// a migration runs once, at start-up, so this only concerns a test that goes back and forth.
    static func migrate(_ app: Application, revert: Bool) async throws {
        try await app.db.withConnection { db in
            if revert { try await AddDeliveryColumns().revert(on: db); return }
            let sql = db as! any SQLDatabase
            if sql.dialect.name == "sqlite" { _ = try await sql.raw("SELECT name FROM pragma_table_info('messages')").all() }
            try await AddDeliveryColumns().prepare(on: db)
        }
    }

    @Test("0011 moves delivery data from details into columns in place, and back", arguments: TestDatabase.available)
    func movesInPlace(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let sql = try #require(app.db as? any SQLDatabase)
            // The schema as main made it before 0011, then rows in the shape main wrote.
            try await Self.migrate(app, revert: true)
            func columns() async throws -> [String] {
                try await sql.raw(database == .sqlite ? "SELECT name FROM pragma_table_info('messages')"
                                                      : "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'messages'")
                    .all().map { try $0.decode(column: "name", as: String.self) }
            }
            let before = try await columns()
            #expect(!before.contains("send_status") && !before.contains("automatic") && before.contains("details"), "\(before)")
            let rows: [(UUID, String, String, String)] = [
                (UUID(), "zalo", "outbound", #"{"provider_message_id":"zmsg-1","delivery":"seen","status":"sent","fallback_reason":"x"}"#),
                (UUID(), "sms", "outbound", #"{"reason":"không có kênh gửi","status":"recorded"}"#),
                (UUID(), "email", "outbound", #"{"automatic":"true","message_id":"<a@1022.vn>","provider_message_id":"","status":"sent","subject":"Đã tiếp nhận"}"#),
                (UUID(), "zalo", "inbound", #"{"attachment0.status":"stored","type":"image"}"#),
                (UUID(), "sms", "outbound", #"{"delivery":"lost-in-space","status":"sent"}"#),
            ]
            for (index, row) in rows.enumerated() {
                try await sql.insert(into: "messages")
                    .columns("id", "channel", "direction", "provider_message_id", "body", "details")
                    .values(SQLBind(row.0), SQLBind(row.1), SQLBind(row.2), SQLBind("key-\(index)"), SQLBind("Nội dung \(index)"), SQLBind(row.3))
                    .run()
            }
            try await Self.migrate(app, revert: false)

            func message(_ index: Int) async throws -> MessageRecord { try #require(try await MessageRecord.find(rows[index].0, on: app.db)) }
            let zalo = try await message(0)
            #expect(zalo.sendStatus == .sent && zalo.receiptID == "zmsg-1" && zalo.deliveryState == .seen && !zalo.automatic)
            #expect(zalo.detailFields == ["fallback_reason": "x"])
            let recorded = try await message(1)
            #expect(recorded.sendStatus == .recorded && recorded.receiptID == nil && recorded.deliveryState == nil)
            #expect(recorded.detailFields == ["reason": "không có kênh gửi"])
            let mail = try await message(2)
            #expect(mail.sendStatus == .sent && mail.automatic && mail.receiptID == nil, "an empty provider id is no receipt id")
            #expect(mail.detailFields == ["message_id": "<a@1022.vn>", "subject": "Đã tiếp nhận"])
            let inbound = try await message(3)
            #expect(inbound.sendStatus == nil && inbound.detailFields == ["attachment0.status": "stored", "type": "image"])
            // A value the code never wrote does not become a state: it stays where it was, for a person to read.
            let odd = try await message(4)
            #expect(odd.sendStatus == .sent && odd.deliveryState == nil && odd.detailFields == ["delivery": "lost-in-space"])
            #expect(try await MessageRecord.query(on: app.db).count() == rows.count)
            #expect(try await MessageRecord.query(on: app.db).filter(\.$body == "Nội dung 2").first()?.providerMessageID == "key-2")

            // A receipt now finds its message by the column: a later "delivered" does not downgrade "seen".
            try await InboundProcessor.markDelivery(receiptID: "zmsg-1", state: .delivered, channel: .zalo, on: app.db)
            #expect(try await message(0).deliveryState == .seen)

            // A run stopped half-way is not recorded as done and runs again at the next start: nothing fails or doubles.
            try await Self.migrate(app, revert: false)
            #expect(try await message(0).receiptID == "zmsg-1")
            #expect(try await message(2).detailFields == ["message_id": "<a@1022.vn>", "subject": "Đã tiếp nhận"])

            // Back: the keys return to details, the columns go.
            try await Self.migrate(app, revert: true)
            let restored = try await sql.raw("SELECT details FROM messages WHERE provider_message_id = 'key-0'").first()?.decode(column: "details", as: String.self)
            #expect(MessageRecord.decodeDetails(restored) == ["provider_message_id": "zmsg-1", "delivery": "seen", "status": "sent", "fallback_reason": "x"])
            let mailBack = try await sql.raw("SELECT details FROM messages WHERE provider_message_id = 'key-2'").first()?.decode(column: "details", as: String.self)
            #expect(MessageRecord.decodeDetails(mailBack) == ["automatic": "true", "message_id": "<a@1022.vn>", "status": "sent", "subject": "Đã tiếp nhận"])
            try await Self.migrate(app, revert: false)
            #expect(try await message(2).automatic)
        }
    }
}
