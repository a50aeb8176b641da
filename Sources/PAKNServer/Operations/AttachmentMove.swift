import Crypto
import Fluent
import Foundation
import PAKNChannels
import SQLKit

/// `pakn attachments move-to-database` (issue 15 item 6): the files a PostgreSQL installation kept on disk before
/// attachments moved into the database (`$PAKN_DATA_DIR/attachments/<id>`) are copied into
/// ``DatabaseAttachmentStorage``, each checked against the SHA-256 its record holds, read back piece by piece and
/// checked again. Files are deleted only with `deleteMoved`, each one after the copy in the database was read back and
/// matched (moved now or already there); a file that failed is always kept. Idempotent: a file already in the
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
        /// Whether the file was deleted from the disk (`deleteMoved`, after its copy in the database was checked).
        var deleted = false
    }

    /// Why the command cannot run at all, in Vietnamese.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Moves (or with `dryRun` only checks) every file named by a UUID in `dataDirectory/attachments` into the
    /// database behind `db`, in the order of their names; with `deleteMoved` (ignored by a dry run) deletes each file
    /// whose copy in the database was read back and matched its SHA-256 and size. Throws ``Failure`` when `db` is not
    /// PostgreSQL; a file that cannot be moved (or deleted) is reported, never thrown, and stays on the disk.
    static func run(dataDirectory: URL, dryRun: Bool, deleteMoved: Bool = false, on db: any Database) async throws -> [Item] {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else {
            throw Failure(description: "Chỉ chuyển được vào PostgreSQL: đặt DATABASE_URL như khi chạy pakn serve.")
        }
        let disk = DiskAttachmentStorage(dataDirectory: dataDirectory)
        let database = DatabaseAttachmentStorage(db: db)
        var items: [Item] = []
        for id in disk.ids() {
            let outcome = await move(id, from: disk, to: database, dryRun: dryRun, verify: deleteMoved, on: db)
            guard deleteMoved, !dryRun else { items.append(Item(id: id, outcome: outcome)); continue }
            switch outcome {
            case .moved, .already:
                do {
                    try FileManager.default.removeItem(at: disk.url(for: id))
                    items.append(Item(id: id, outcome: outcome, deleted: true))
                } catch {
                    items.append(Item(id: id, outcome: .failed("đã có trong cơ sở dữ liệu nhưng không xoá được tệp trên đĩa: \(String(describing: error).prefix(200))")))
                }
            case .failed:
                items.append(Item(id: id, outcome: outcome))
            }
        }
        return items
    }

    /// One file. `verify`: also read back a copy that was in the database already (before its file may be deleted).
    private static func move(_ id: UUID, from disk: DiskAttachmentStorage, to database: DatabaseAttachmentStorage, dryRun: Bool,
                             verify: Bool, on db: any Database) async -> Outcome {
        do {
            let (byteCount, sha256) = try AttachmentStore.measure(disk.url(for: id))
            guard let recorded = try await recordedSHA256(of: id, on: db) else {
                return .failed("không có tệp đính kèm hay tin nhắn nào trỏ tới tệp này")
            }
            guard recorded == sha256 else {
                return .failed("SHA-256 của tệp (\(sha256)) khác với bản ghi (\(recorded.isEmpty ? "trống" : recorded)): tệp đã bị thay đổi hoặc hỏng")
            }
            if let stored = try await database.blob(of: id) {
                guard stored.sha256 == sha256 else { return .failed("trong cơ sở dữ liệu đã có tệp khác cùng mã (SHA-256 \(stored.sha256))") }
                guard verify, !dryRun else { return .already }
                let copy = try await measure(id, in: database)
                return copy == (byteCount, sha256) ? .already : .failed("bản trong cơ sở dữ liệu đọc lại không khớp (\(copy.byteCount) byte, SHA-256 \(copy.sha256)); giữ tệp trên đĩa")
            }
            guard !dryRun else { return .moved(byteCount: byteCount) }
            try await database.store(contentsOf: disk.url(for: id), byteCount: byteCount, sha256: sha256, id: id)
            // Read back from the database, piece by piece, and checked before it is reported moved.
            guard try await measure(id, in: database) == (byteCount, sha256) else {
                try? await database.remove(id)
                return .failed("bản đọc lại từ cơ sở dữ liệu không khớp; đã huỷ bản chép")
            }
            return .moved(byteCount: byteCount)
        } catch {
            return .failed("lỗi: \(String(describing: error).prefix(300))")
        }
    }

    /// Size and SHA-256 of the file under `id` in `storage`, read piece by piece (never whole in memory).
    static func measure(_ id: UUID, in storage: any AttachmentStorage) async throws -> (byteCount: Int, sha256: String) {
        var hasher = SHA256()
        var count = 0
        try await storage.read(id) { piece in
            piece.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            count += piece.readableBytes
        }
        return (count, hexString(hasher.finalize()))
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
