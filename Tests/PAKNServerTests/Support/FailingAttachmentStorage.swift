import Foundation
import NIOCore
@testable import PAKNServer

/// A real attachment storage with one operation made to fail (a database that drops a query, a disk that refuses a
/// removal), for the tests of what the callers do then.
struct FailingAttachmentStorage: AttachmentStorage {
    enum Operation: Sendable { case read, remove }
    struct Failed: Error {}

    let base: any AttachmentStorage
    let failing: Operation

    func store(contentsOf url: URL, byteCount: Int, sha256: String, id: UUID) async throws {
        try await base.store(contentsOf: url, byteCount: byteCount, sha256: sha256, id: id)
    }
    func byteCount(of id: UUID) async throws -> Int? { try await base.byteCount(of: id) }
    func read(_ id: UUID, piece: (ByteBuffer) async throws -> Void) async throws {
        if failing == .read { throw Failed() }
        try await base.read(id, piece: piece)
    }
    func remove(_ id: UUID) async throws {
        if failing == .remove { throw Failed() }
        try await base.remove(id)
    }
    func count() async throws -> Int { try await base.count() }
}
