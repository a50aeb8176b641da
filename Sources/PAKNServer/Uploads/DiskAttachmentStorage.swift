import Foundation
import NIOCore

/// Attachment bytes on disk under `$PAKN_DATA_DIR/attachments/<id>` (lower-case UUID), one file per attachment:
/// the storage of SQLite installations (one process on one machine). Files are written by a rename within the
/// directory, so a crash never leaves half a file under an id.
struct DiskAttachmentStorage: AttachmentStorage {
    /// `$PAKN_DATA_DIR/attachments`.
    let directory: URL

    init(dataDirectory: URL) {
        directory = dataDirectory.appendingPathComponent("attachments", isDirectory: true)
    }

    /// The file of attachment `id`.
    func url(for id: UUID) -> URL { directory.appendingPathComponent(id.uuidString.lowercased()) }

    /// Moves `source` (a file in `directory`, so the move is a rename: atomic) to attachment `id`.
    func moveIn(_ source: URL, id: UUID) throws {
        try FileManager.default.moveItem(at: source, to: url(for: id))
    }

    func store(contentsOf url: URL, byteCount: Int, sha256: String, id: UUID) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".incoming-\(UUID().uuidString.lowercased())")
        do {
            try FileManager.default.copyItem(at: url, to: temporary)
            try FileManager.default.moveItem(at: temporary, to: self.url(for: id))
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    func byteCount(of id: UUID) async throws -> Int? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url(for: id).path) else { return nil }
        return (attributes[.size] as? NSNumber)?.intValue
    }

    func read(_ id: UUID, piece: (ByteBuffer) async throws -> Void) async throws {
        guard let handle = try? FileHandle(forReadingFrom: url(for: id)) else { throw AttachmentStore.Missing(id: id) }
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: AttachmentStore.chunkBytes), !chunk.isEmpty {
            try await piece(ByteBuffer(bytes: chunk))
        }
    }

    func remove(_ id: UUID) async throws {
        let path = url(for: id).path
        guard FileManager.default.fileExists(atPath: path) else { return }
        try FileManager.default.removeItem(atPath: path)
    }

    /// The ids of the files in the directory (incoming files and anything not named by a UUID left out).
    func ids() -> [UUID] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().compactMap { UUID(uuidString: $0) }
    }

    func count() async throws -> Int { ids().count }
}
