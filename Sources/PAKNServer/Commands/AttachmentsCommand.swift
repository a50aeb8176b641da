import Foundation
import Vapor

/// `pakn attachments move-to-database [--dry-run] [--delete-moved]` (issue 15 item 6).
struct AttachmentsCommand: AsyncCommandGroup {
    var help: String { "Tệp đính kèm / Attachments: move files kept on disk into PostgreSQL." }
    var commands: [String: any AnyAsyncCommand] { ["move-to-database": AttachmentsMoveCommand()] }
}

/// `pakn attachments move-to-database [--dry-run] [--delete-moved]`: copies every file of `$PAKN_DATA_DIR/attachments`
/// into the PostgreSQL of `DATABASE_URL` (``AttachmentMove``), after migrating. Prints one tab-separated line per file —
/// `moved ID BYTES` (`--dry-run`: would move), `already ID` (in the database with the same SHA-256), `failed ID REASON`
/// — with `\tdeleted` after a file deleted from the disk, then a total. Without `--delete-moved` it deletes nothing;
/// with it, each file whose copy in the database was read back and matched (`moved` or `already`), never a `failed`
/// one (a dry run deletes nothing). Exits 2 when a file failed, 1 when the database is not PostgreSQL.
struct AttachmentsMoveCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "dry-run", help: "check every file, write nothing") var dryRun: Bool
        @Flag(name: "delete-moved", help: "delete each file from the disk once its copy in the database was read back and matched")
        var deleteMoved: Bool
    }
    var help: String { "Chuyển tệp đính kèm từ đĩa vào PostgreSQL / Move attachment files from disk into PostgreSQL." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Migrations.run(on: app)
        let items: [AttachmentMove.Item]
        do {
            items = try await AttachmentMove.run(dataDirectory: app.paknConfiguration.dataDirectory, dryRun: signature.dryRun,
                                              deleteMoved: signature.deleteMoved, on: app.db)
        } catch let failure as AttachmentMove.Failure {
            FileHandle.standardError.write(Data("pakn attachments: \(failure)\n".utf8))
            exit(1)
        }
        var moved = 0, already = 0, failed = 0, deleted = 0
        for item in items {
            let id = item.id.uuidString.lowercased()
            let suffix = item.deleted ? "\tdeleted" : ""
            if item.deleted { deleted += 1 }
            switch item.outcome {
            case .moved(let bytes): moved += 1; StandardOutput.line("moved\t\(id)\t\(bytes)\(suffix)")
            case .already: already += 1; StandardOutput.line("already\t\(id)\(suffix)")
            case .failed(let reason): failed += 1; StandardOutput.line("failed\t\(id)\t\(reason)")
            }
        }
        let deletions = signature.deleteMoved && !signature.dryRun ? ", đã xoá khỏi đĩa / deleted \(deleted)" : ""
        StandardOutput.line("\(signature.dryRun ? "sẽ chuyển / would move" : "đã chuyển / moved") \(moved), "
                            + "đã có / already \(already), lỗi / failed \(failed)\(deletions)")
        if failed > 0 { exit(2) }
    }
}
