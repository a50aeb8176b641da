import Fluent
import Foundation
import SQLKit

/// `pakn attachments move-to-database` (issue 15 item 6): the files a PostgreSQL installation kept on disk before
/// attachments moved into the database (`$PAKN_DATA_DIR/attachments/<id>`) are copied into
/// ``DatabaseAttachmentStorage``, each checked against the SHA-256 its record holds, read back and checked again.
/// Files are never deleted: the admin deletes them after reading the report. Idempotent: a file already in the
/// database with the same bytes is reported `already`, nothing written.
enum AttachmentMove {
    /// What happened to one file.
    enum Outcome: Equatable, Sendable {
        /// Copied into the database (`--dry-run`: would be), `byteCount` bytes.
        case moved(byteCount: Int)
        /// In the database already with the same SHA-256: nothing done.
        case already
        /// Not moved, with the reason in Vietnamese.
        case failed(String)
    }

    /// One line of the report: the attachment id and its outcome.
    struct Item: Equatable, Sendable {
        let id: UUID
        let outcome: Outcome
    }

    /// Why the command cannot run at all, in Vietnamese.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Moves (or with `dryRun` only checks) every file named by a UUID in `dataDirectory/attachments` into the
    /// database behind `db`, in the order of their names. Throws ``Failure`` when `db` is not PostgreSQL; a file that
    /// cannot be moved is reported, never thrown.
    static func run(dataDirectory: URL, dryRun: Bool, on db: any Database) async throws -> [Item] {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else {
            throw Failure(description: "Chỉ chuyển được vào PostgreSQL: đặt DATABASE_URL như khi chạy pakn serve.")
        }
        let disk = DiskAttachmentStorage(dataDirectory: dataDirectory)
        let database = DatabaseAttachmentStorage(db: db)
        var items: [Item] = []
        for id in disk.ids() {
            items.append(Item(id: id, outcome: await move(id, from: disk, to: database, dryRun: dryRun, on: db)))
        }
        return items
    }

    private static func move(_ id: UUID, from disk: DiskAttachmentStorage, to database: DatabaseAttachmentStorage, dryRun: Bool,
                             on db: any Database) async -> Outcome {
        do {
            let (byteCount, sha256) = try AttachmentStore.measure(disk.url(for: id))
            guard let recorded = try await recordedSHA256(of: id, on: db) else {
                return .failed("không có tệp đính kèm hay tin nhắn nào trỏ tới tệp này")
            }
            guard recorded == sha256 else {
                return .failed("SHA-256 của tệp (\(sha256)) khác với bản ghi (\(recorded.isEmpty ? "trống" : recorded)): tệp đã bị thay đổi hoặc hỏng")
            }
            if let stored = try await database.blob(of: id) {
                return stored.sha256 == sha256 ? .already : .failed("trong cơ sở dữ liệu đã có tệp khác cùng mã (SHA-256 \(stored.sha256))")
            }
            guard !dryRun else { return .moved(byteCount: byteCount) }
            try await database.store(contentsOf: disk.url(for: id), byteCount: byteCount, sha256: sha256, id: id)
            // Read back from the database and checked before it is reported moved.
            let copy = try await AttachmentStore(databaseOnly: database).read(id)
            guard copy.count == byteCount, AttachmentStore.sha256(copy) == sha256 else {
                try? await database.remove(id)
                return .failed("bản đọc lại từ cơ sở dữ liệu không khớp; đã huỷ bản chép")
            }
            return .moved(byteCount: byteCount)
        } catch {
            return .failed("lỗi: \(String(describing: error).prefix(300))")
        }
    }

    /// The SHA-256 recorded for attachment `id`: its `attachments` row, or the details of the chat message whose file it
    /// is (a file downloaded before its message had a case). Nil when nothing names it.
    static func recordedSHA256(of id: UUID, on db: any Database) async throws -> String? {
        if let row = try await Attachment.find(id, on: db) { return row.sha256 }
        let text = id.uuidString.lowercased()
        let messages = try await MessageRecord.query(on: db).filter(\.$details, .custom("LIKE"), "%\(text)%").all()
        for message in messages {
            let details = message.detailFields
            for (key, value) in details where key.hasSuffix(".file") && value == text {
                return details[String(key.dropLast("file".count)) + "file_sha256"]
            }
        }
        return nil
    }
}
