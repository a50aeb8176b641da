import Crypto
import Foundation
import PAKNChannels

/// Attachment bytes on disk under `$PAKN_DATA_DIR/attachments/<id>`. Names never come from the user.
struct AttachmentStore: Sendable {
    let directory: URL

    init(dataDirectory: URL) {
        directory = dataDirectory.appendingPathComponent("attachments", isDirectory: true)
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

    func url(for id: UUID) -> URL { directory.appendingPathComponent(id.uuidString.lowercased()) }

    /// A fresh path for an incoming file, in the attachments directory so that adopting it is a rename.
    func incomingURL() throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(".incoming-\(UUID().uuidString.lowercased())")
    }

    /// Moves a cleaned file to its attachment id (a rename within the directory: atomic).
    func adopt(_ file: CleanFile, id: UUID) throws {
        try FileManager.default.moveItem(at: file.url, to: url(for: id))
    }

    /// Removes a cleaned file that will not be stored (nothing if it was adopted already).
    func discard(_ file: CleanFile) { try? FileManager.default.removeItem(at: file.url) }

    /// Writes atomically (temporary file, then rename), so a crash never leaves half a file.
    func write(_ data: Data, id: UUID) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try data.write(to: url(for: id), options: .atomic)
    }

    func read(_ id: UUID) throws -> Data { try Data(contentsOf: url(for: id)) }

    func remove(_ id: UUID) { try? FileManager.default.removeItem(at: url(for: id)) }

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
