import Foundation
import Vapor

/// `pakn backup FILE`: a consistent backup of the running system into one archive (`Backup`): the database copied
/// while the server keeps serving, and every attachment. Prints the manifest's counts.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "The archive to write (.zip); it must not exist.") var file: String
    }
    var help: String { "Sao lưu cơ sở dữ liệu và tệp đính kèm / Back up the database and attachments into one archive." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let config = app.paknConfiguration
        let archive = URL(fileURLWithPath: signature.file, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let manifest = try await Backup.create(to: archive.standardizedFileURL, db: app.db, dataDirectory: config.dataDirectory,
                                               databaseURL: config.databaseURL)
        StandardOutput.line("backup \(archive.standardizedFileURL.path): \(manifest.database), \(manifest.requests) requests, \(manifest.attachments) attachments")
    }
}

/// `pakn restore FILE`: restores a backup into an empty data directory (`PAKN_DATA_DIR`) or an empty PostgreSQL
/// database (`DATABASE_URL`). Runs before the application opens its database (the executable calls it first), so
/// the target stays empty until the archive is in place. Returns the exit status: 0, or 1 with one line on
/// standard error.
public enum RestoreCommandLine {
    public static func run(_ arguments: [String], config: AppConfiguration) async -> Int32 {
        guard arguments.count == 1, let file = arguments.first, !file.hasPrefix("-") else {
            FileHandle.standardError.write(Data("Dùng / usage: pakn restore FILE   (vào PAKN_DATA_DIR trống, hoặc DATABASE_URL trống)\n".utf8))
            return 1
        }
        do {
            let manifest = try await Backup.restore(from: URL(fileURLWithPath: file), dataDirectory: config.dataDirectory,
                                                    databaseURL: config.databaseURL)
            StandardOutput.line("restored \(manifest.database) of \(manifest.createdAt): \(manifest.requests) requests, \(manifest.attachments) attachments")
            return 0
        } catch {
            FileHandle.standardError.write(Data("pakn restore: \(error)\n".utf8))
            return 1
        }
    }
}
