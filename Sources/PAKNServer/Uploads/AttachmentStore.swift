import Foundation

/// Attachment bytes on disk under `$PAKN_DATA_DIR/attachments/<id>`. Names never come from the user.
struct AttachmentStore: Sendable {
    let directory: URL

    init(dataDirectory: URL) {
        directory = dataDirectory.appendingPathComponent("attachments", isDirectory: true)
    }

    func url(for id: UUID) -> URL { directory.appendingPathComponent(id.uuidString.lowercased()) }

    /// Writes atomically (temporary file, then rename), so a crash never leaves half a file.
    func write(_ data: Data, id: UUID) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try data.write(to: url(for: id), options: .atomic)
    }

    func read(_ id: UUID) throws -> Data { try Data(contentsOf: url(for: id)) }

    func remove(_ id: UUID) { try? FileManager.default.removeItem(at: url(for: id)) }
}
