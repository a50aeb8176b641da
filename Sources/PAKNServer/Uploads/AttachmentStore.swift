import Crypto
import Fluent
import Foundation
import NIOCore
import PAKNChannels
import SQLKit

/// Where the bytes of attachment files are kept, by attachment id (a UUID the server chose; names never come from
/// the user). Two implementations: ``DiskAttachmentStorage`` (`$PAKN_DATA_DIR/attachments/<id>`, for SQLite: one
/// process on one machine) and ``DatabaseAttachmentStorage`` (content-addressed blobs in PostgreSQL, so every node
/// behind the load balancer reads what any node stored; issue 15 item 6). ``AttachmentStore`` chooses one from the
/// configuration.
protocol AttachmentStorage: Sendable {
    /// Stores the bytes of the file at `url` (`byteCount` bytes whose lower-case hex SHA-256 is `sha256`) under `id`,
    /// leaving the file where it is. Durable when it returns: the caller may then acknowledge the case that names
    /// `id`. Throws file-system or database errors; then nothing is stored under `id`.
    func store(contentsOf url: URL, byteCount: Int, sha256: String, id: UUID) async throws

    /// The size in bytes of the file stored under `id`, or nil when there is none.
    func byteCount(of id: UUID) async throws -> Int?

    /// Reads the file under `id` in order, one piece at a time (at most ``AttachmentStore/chunkBytes`` bytes each):
    /// never the whole file in memory. Throws ``AttachmentStore/Missing`` when there is no file under `id`.
    func read(_ id: UUID, piece: (ByteBuffer) async throws -> Void) async throws

    /// Removes the file under `id` (nothing when there is none). Throws file-system or database errors.
    func remove(_ id: UUID) async throws

    /// How many files are stored (backups report it).
    func count() async throws -> Int
}

/// The attachment files of this installation: cleaned uploads waiting on local disk (`.incoming-<uuid>` in
/// `$PAKN_DATA_DIR/attachments`), and the ``AttachmentStorage`` chosen from the configuration where they go once
/// their case is stored: PostgreSQL when `DATABASE_URL` names PostgreSQL, the data directory otherwise.
///
/// On PostgreSQL, files written on disk before the installation moved to the database (`pakn attachments
/// move-to-database`) are still read from this node's disk until they are moved.
struct AttachmentStore: Sendable {
    /// Largest piece written to or read from a store, in bytes (256 KiB): a `bytea` row on PostgreSQL, a read on disk.
    static let chunkBytes = 256 * 1024

    /// Thrown by a read of an id under which nothing is stored.
    struct Missing: Error, CustomStringConvertible {
        let id: UUID
        var description: String { "Không tìm thấy tệp đính kèm \(id.uuidString.lowercased())." }
    }

    /// A cleaned upload waiting in the attachments directory (`.incoming-<uuid>`) to be adopted under its id once
    /// the case is stored, or discarded.
    struct CleanFile: Sendable {
        let url: URL
        let kind: UploadInspector.Kind
        /// Size in bytes.
        let byteCount: Int
        /// Lower-case hex SHA-256 of the bytes.
        let sha256: String
    }

    /// `$PAKN_DATA_DIR/attachments`: incoming files, and the stored files of the disk storage.
    let directory: URL
    /// Where adopted files go.
    let storage: any AttachmentStorage
    /// Files left on this node's disk from before the move to PostgreSQL (nil when `storage` is that disk).
    let legacy: DiskAttachmentStorage?

    /// The disk storage under `dataDirectory` (SQLite installations, backups, the move command's source).
    init(dataDirectory: URL) {
        let disk = DiskAttachmentStorage(dataDirectory: dataDirectory)
        directory = disk.directory
        storage = disk
        legacy = nil
    }

    /// The storage the configuration chooses: PostgreSQL blobs when `config.databaseURL` is set and `db` is a
    /// PostgreSQL database, the disk under `config.dataDirectory` otherwise.
    init(config: AppConfiguration, on db: any Database) {
        let disk = DiskAttachmentStorage(dataDirectory: config.dataDirectory)
        directory = disk.directory
        if config.databaseURL != nil, let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
            storage = DatabaseAttachmentStorage(db: db)
            legacy = disk
        } else {
            storage = disk
            legacy = nil
        }
    }

    /// The database storage alone, without the disk fallback (the move command reads back what it wrote).
    init(databaseOnly database: DatabaseAttachmentStorage) {
        directory = FileManager.default.temporaryDirectory
        storage = database
        legacy = nil
    }

    /// A given storage, its incoming files under `directory` (tests put a storage that fails in front of a real one).
    init(storage: any AttachmentStorage, directory: URL, legacy: DiskAttachmentStorage? = nil) {
        self.storage = storage
        self.directory = directory
        self.legacy = legacy
    }

    /// Whether adopted files go to PostgreSQL.
    var inDatabase: Bool { storage is DatabaseAttachmentStorage }

    /// A fresh path for an incoming file, in the attachments directory so that adopting it on disk is a rename.
    func incomingURL() throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(".incoming-\(UUID().uuidString.lowercased())")
    }

    /// Stores a cleaned file under its attachment id: on disk a rename within the directory (atomic); in PostgreSQL
    /// one transaction, after which the incoming file is removed. Durable when it returns.
    func adopt(_ file: CleanFile, id: UUID) async throws {
        if let disk = storage as? DiskAttachmentStorage {
            try disk.moveIn(file.url, id: id)
            return
        }
        try await storage.store(contentsOf: file.url, byteCount: file.byteCount, sha256: file.sha256, id: id)
        discard(file)
    }

    /// Removes a cleaned file that will not be stored (nothing if it was adopted already).
    func discard(_ file: CleanFile) { try? FileManager.default.removeItem(at: file.url) }

    /// Stores `data` (a chat attachment downloaded under its cap, cleaned) under `id`; durable when it returns.
    func write(_ data: Data, id: UUID) async throws {
        let incoming = try incomingURL()
        defer { try? FileManager.default.removeItem(at: incoming) }
        try data.write(to: incoming, options: .atomic)
        if let disk = storage as? DiskAttachmentStorage {
            try disk.moveIn(incoming, id: id)
            return
        }
        try await storage.store(contentsOf: incoming, byteCount: data.count, sha256: Self.sha256(data), id: id)
    }

    /// The size in bytes of the file under `id`, or nil when there is none (in the storage or, on PostgreSQL, left
    /// on this node's disk).
    func byteCount(of id: UUID) async throws -> Int? {
        if let size = try await storage.byteCount(of: id) { return size }
        return try await legacy?.byteCount(of: id)
    }

    /// Reads the file under `id` piece by piece (at most ``chunkBytes`` bytes each). Throws ``Missing``.
    func read(_ id: UUID, piece: (ByteBuffer) async throws -> Void) async throws {
        if let legacy, try await storage.byteCount(of: id) == nil, try await legacy.byteCount(of: id) != nil {
            try await legacy.read(id, piece: piece)
            return
        }
        try await storage.read(id, piece: piece)
    }

    /// The whole file under `id`, for the few uses that need it in memory (a data-subject export, bounded by the
    /// upload limit). Throws ``Missing``.
    func read(_ id: UUID) async throws -> Data {
        var data = Data()
        try await read(id) { data.append(contentsOf: $0.readableBytesView) }
        return data
    }

    /// Removes the file under `id` everywhere it may be (on PostgreSQL: its row, its blob when no other file has the
    /// same bytes, and a copy left on this node's disk).
    func remove(_ id: UUID) async throws {
        try await storage.remove(id)
        try await legacy?.remove(id)
    }

    /// Lower-case hex SHA-256 of `data`.
    static func sha256(_ data: Data) -> String { hexString(SHA256.hash(data: data)) }

    /// Size and SHA-256 of a file, read 1 MiB at a time (never whole in memory).
    static func measure(_ url: URL) throws -> (byteCount: Int, sha256: String) {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        var count = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            count += chunk.count
        }
        return (count, hexString(hasher.finalize()))
    }
}
