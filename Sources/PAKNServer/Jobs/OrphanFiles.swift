import Fluent
import Foundation
import SQLKit

/// Frees attachment files in PostgreSQL that nothing names (issue 15 item 6): a file is stored before the case or
/// message that names it is committed (so that it is durable when the case is acknowledged), and a crash or a failed
/// commit in between leaves its `attachment_files` row, and its blob, behind. Run by the job worker in the hourly pass:
/// files stored more than a day ago (no upload or download still in flight is that old) that no `attachments` row and
/// no message's details name are removed, with their blob when no other file has the same bytes. Nothing on SQLite
/// (its files are renamed into place in the same step as the case).
enum OrphanFiles {
    /// Files younger than this are never swept.
    static let minimumAge: TimeInterval = 86_400
    static let batchSize = 200
    static let maximumBatches = 50

    /// Removes the orphan files stored before `now` − ``minimumAge``; returns how many. Throws database errors (the
    /// files already removed stay removed).
    @discardableResult
    static func sweep(on db: any Database, now: Date = Date()) async throws -> Int {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return 0 }
        let storage = DatabaseAttachmentStorage(db: db)
        let before = now.addingTimeInterval(-minimumAge)
        var removed = 0
        for _ in 0..<maximumBatches {
            let rows = try await sql.raw("""
                SELECT f.id FROM attachment_files f
                WHERE f.created_at < \(bind: before)
                AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.id = f.id)
                AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.details LIKE '%' || f.id::text || '%')
                ORDER BY f.created_at LIMIT \(literal: batchSize)
                """).all()
            let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
            for id in ids { try await storage.remove(id) }
            removed += ids.count
            if ids.count < batchSize { break }
        }
        return removed
    }
}
