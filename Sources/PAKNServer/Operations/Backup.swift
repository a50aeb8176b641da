import Fluent
import Foundation
import SQLKit
import Subprocess
import SystemPackage
import ZIPFoundation

/// Backups of a running system and their restoration (issue 15 item 4): one ZIP archive holding `manifest.json`,
/// the database (SQLite: a consistent copy made with `VACUUM INTO` while the server runs; PostgreSQL: `pg_dump
/// --format=custom`, which is consistent by its own snapshot) and every attachment file on disk.
///
/// Where attachments are: on SQLite, files in `$PAKN_DATA_DIR/attachments`, archived under `attachments/<id>`; on
/// PostgreSQL, blobs in the database itself (`attachment_blobs`, `attachment_blob_chunks`, `attachment_files`,
/// migration 0023), so they are inside the `pg_dump` and restored with it; files still on this node's disk from
/// before `pakn attachments move-to-database` are archived as on SQLite.
///
/// The database is copied first and the attachments after it: attachment files are written before the rows that
/// name them and never changed, so every attachment the copied database names is in the archive (unless the
/// retention job removed it in between).
public enum Backup {
    /// The archive's `manifest.json`.
    public struct Manifest: Codable, Equatable, Sendable {
        /// "pakn-backup-1".
        public var format: String
        /// When the backup was taken (ISO 8601, UTC).
        public var createdAt: String
        /// "sqlite" or "postgresql".
        public var database: String
        /// Cases in the copied database.
        public var requests: Int
        /// Attachment files in the archive: files from the disk, plus, on PostgreSQL, the files held in the dump.
        public var attachments: Int
    }

    /// Why a backup or a restoration cannot go on, in Vietnamese for the person at the shell.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    static let format = "pakn-backup-1"

    /// Writes a backup of the database behind `db` and the attachments of `dataDirectory` to `archive` (which must
    /// not exist). `databaseURL`: the PostgreSQL URL (nil for SQLite). Throws ``Failure`` or file-system errors.
    public static func create(to archive: URL, db: Database, dataDirectory: URL, databaseURL: String?) async throws -> Manifest {
        guard !FileManager.default.fileExists(atPath: archive.path) else {
            throw Failure(description: "Tệp \(archive.path) đã có; chọn tên khác.")
        }
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let requests = try await ServiceRequestRecord.query(on: db).count()
        let databaseFile: URL
        if let databaseURL {
            databaseFile = work.appendingPathComponent("pakn.pgdump")
            try await run("pg_dump", ["--format=custom", "--no-owner", "--file=\(databaseFile.path)", "--dbname=\(databaseURL)"],
                          missing: "Cần pg_dump (apt-get install postgresql-client-15) để sao lưu PostgreSQL; hoặc chạy: pg_dump --format=custom --file=pakn.pgdump \"$DATABASE_URL\" rồi sao lưu thư mục attachments.")
        } else {
            guard let sql = db as? any SQLDatabase else { throw Failure(description: "Cơ sở dữ liệu không hỗ trợ SQL.") }
            databaseFile = work.appendingPathComponent("pakn.sqlite")
            try await sql.raw("VACUUM INTO \(bind: databaseFile.path)").run()
        }
        let zip = try Archive(url: archive, accessMode: .create)
        try zip.addEntry(with: databaseFile.lastPathComponent, fileURL: databaseFile, compressionMethod: .deflate)
        let store = AttachmentStore(dataDirectory: dataDirectory)
        // On PostgreSQL the files kept in the database are in the dump (counted as the database stood when counted);
        // a file still on the disk that is in the database too (moved, not yet deleted) is neither archived nor
        // counted twice: the database's copy is the one served.
        let database = databaseURL == nil ? nil : DatabaseAttachmentStorage(db: db)
        var count = try await database?.count() ?? 0
        let names = (try? FileManager.default.contentsOfDirectory(atPath: store.directory.path)) ?? []
        for name in names.sorted() {
            guard let id = UUID(uuidString: name) else { continue }
            if let database, try await database.byteCount(of: id) != nil { continue }
            // Photos and PDFs are compressed already.
            try zip.addEntry(with: "attachments/\(name)", fileURL: store.directory.appendingPathComponent(name), compressionMethod: .none)
            count += 1
        }
        let manifest = Manifest(format: format, createdAt: ISO8601DateFormatter().string(from: Date()),
                                database: databaseURL == nil ? "sqlite" : "postgresql", requests: requests, attachments: count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let manifestData = try encoder.encode(manifest)
        try zip.addEntry(with: "manifest.json", type: .file, uncompressedSize: Int64(manifestData.count), provider: { position, size in
            manifestData.subdata(in: Int(position)..<Int(position) + size)
        })
        return manifest
    }

    /// Restores `archive` into an empty data directory (SQLite: no `pakn.sqlite` there yet) or, with `databaseURL`, an
    /// empty PostgreSQL database, plus the attachments. Throws ``Failure`` (not a backup, not empty, wrong kind of
    /// database) or file-system errors; never overwrites anything.
    public static func restore(from archive: URL, dataDirectory: URL, databaseURL: String?) async throws -> Manifest {
        let zip = try Archive(url: archive, accessMode: .read)
        guard let entry = zip["manifest.json"] else { throw Failure(description: "\(archive.path) không phải bản sao lưu 1022 (thiếu manifest.json).") }
        var manifestData = Data()
        _ = try zip.extract(entry) { manifestData.append($0) }
        let manifest = try JSONDecoder().decode(Manifest.self, from: manifestData)
        guard manifest.format == format else { throw Failure(description: "Định dạng sao lưu không hỗ trợ: \(manifest.format).") }
        guard manifest.database == (databaseURL == nil ? "sqlite" : "postgresql") else {
            throw Failure(description: "Bản sao lưu là của \(manifest.database); hãy khôi phục vào cùng loại cơ sở dữ liệu (DATABASE_URL).")
        }
        let store = AttachmentStore(dataDirectory: dataDirectory)
        let sqliteFile = dataDirectory.appendingPathComponent("pakn.sqlite")
        if databaseURL == nil, FileManager.default.fileExists(atPath: sqliteFile.path) {
            throw Failure(description: "\(dataDirectory.path) đã có cơ sở dữ liệu; khôi phục chỉ vào thư mục trống.")
        }
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: store.directory.path), !existing.isEmpty {
            throw Failure(description: "\(store.directory.path) đã có tệp; khôi phục chỉ vào thư mục trống.")
        }
        try FileManager.default.createDirectory(at: store.directory, withIntermediateDirectories: true)
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        for entry in zip {
            // Only the names a backup writes (no path leaves the target: no "..", no absolute paths).
            let path = entry.path
            if path == "manifest.json" { continue }
            if path == "pakn.sqlite", databaseURL == nil {
                _ = try zip.extract(entry, to: work.appendingPathComponent("pakn.sqlite"))
                try FileManager.default.moveItem(at: work.appendingPathComponent("pakn.sqlite"), to: sqliteFile)
            } else if path == "pakn.pgdump", let databaseURL {
                let dump = work.appendingPathComponent("pakn.pgdump")
                _ = try zip.extract(entry, to: dump)
                try await run("pg_restore", ["--no-owner", "--single-transaction", "--exit-on-error", "--dbname=\(databaseURL)", dump.path],
                              missing: "Cần pg_restore (apt-get install postgresql-client-15) để khôi phục PostgreSQL.")
            } else if path.hasPrefix("attachments/"), let id = UUID(uuidString: String(path.dropFirst("attachments/".count))) {
                _ = try zip.extract(entry, to: DiskAttachmentStorage(dataDirectory: dataDirectory).url(for: id))
            } else {
                throw Failure(description: "Mục lạ trong bản sao lưu: \(path)")
            }
        }
        return manifest
    }

    private static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return dir
    }

    /// Runs a PostgreSQL client program; its error output (never the URL) goes into the failure.
    private static func run(_ tool: String, _ arguments: [String], missing: String) async throws {
        guard MetadataStripper.missingTools(["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"], tools: [tool]).isEmpty else {
            throw Failure(description: missing)
        }
        let result = try await Subprocess.run(.name(tool), arguments: Arguments(arguments),
                                              output: .discarded, error: .string(limit: 64 * 1024))
        guard case .exited(0) = result.terminationStatus else {
            throw Failure(description: "\(tool) thất bại: \(String(result.standardError.prefix(500)))")
        }
    }
}
