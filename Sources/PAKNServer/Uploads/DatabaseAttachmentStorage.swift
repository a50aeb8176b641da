import Crypto
import Fluent
import Foundation
import NIOCore
import PAKNChannels
import SQLKit

/// Attachment bytes in PostgreSQL (migration 0023), so that every `pakn serve` on one database serves every file
/// (issue 15 item 6). Content-addressed: `attachment_blobs` holds each distinct content once, keyed by its lower-case
/// hex SHA-256, with its size in bytes; `attachment_blob_chunks` holds its bytes in pieces of at most
/// ``AttachmentStore/chunkBytes`` (256 KiB) by `chunk_index` from 0; `attachment_files` names the blob of each
/// attachment id. Two attachments with the same bytes share one blob; a blob is deleted with the last file that
/// names it.
///
/// Writes stream the file in pieces inside one transaction (durable at commit, invisible before); reads run one
/// short query per piece, so neither holds a whole file in memory nor a pooled connection for a whole download.
/// Writers and removers of the same content take a transaction-level advisory lock on its hash, so a blob being
/// freed is never adopted by a new file at the same moment.
struct DatabaseAttachmentStorage: AttachmentStorage {
    let db: any Database

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    /// Stores the file under `id`; the blob's chunks are written only when no file with these bytes exists yet. The
    /// file is hashed while it is read (piece by piece, also when its blob exists already), and nothing is stored unless
    /// it is `byteCount` bytes whose SHA-256 is `sha256`: the caller's hash names the blob, so it is never trusted.
    /// Throws a database error (also when a file is stored under `id` already: nothing is replaced), ``SizeMismatch``
    /// or ``DigestMismatch``; then nothing is stored.
    func store(contentsOf url: URL, byteCount: Int, sha256: String, id: UUID) async throws {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            try await Self.lock(sha256, on: sql)
            let created = try await sql.raw("""
                INSERT INTO attachment_blobs (sha256, byte_count, created_at) VALUES (\(bind: sha256), \(bind: byteCount), now())
                ON CONFLICT (sha256) DO NOTHING RETURNING sha256
                """).all()
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            var hasher = SHA256()
            var index = 0, read = 0
            while let chunk = try handle.read(upToCount: AttachmentStore.chunkBytes), !chunk.isEmpty {
                hasher.update(data: chunk)
                if !created.isEmpty {
                    try await sql.raw("""
                        INSERT INTO attachment_blob_chunks (sha256, chunk_index, data) VALUES (\(bind: sha256), \(bind: index), \(bind: chunk))
                        """).run()
                }
                index += 1
                read += chunk.count
            }
            guard read == byteCount else { throw SizeMismatch(expected: byteCount, found: read) }
            let found = hexString(hasher.finalize())
            guard found == sha256 else { throw DigestMismatch(expected: sha256, found: found) }
            try await sql.raw("""
                INSERT INTO attachment_files (id, sha256, created_at) VALUES (\(bind: id), \(bind: sha256), now())
                """).run()
        }
    }

    /// The file changed between its measure and its storage: nothing was stored.
    struct SizeMismatch: Error, CustomStringConvertible {
        let expected: Int, found: Int
        var description: String { "Tệp có \(found) byte thay vì \(expected) byte như khi kiểm tra; chưa lưu." }
    }

    /// The file's SHA-256 is not the one given (changed since it was measured, or a caller's mistake): nothing was
    /// stored, and no blob was named by a hash its bytes do not have.
    struct DigestMismatch: Error, CustomStringConvertible {
        let expected: String, found: String
        var description: String { "SHA-256 của tệp là \(found), không phải \(expected) như khi kiểm tra; chưa lưu." }
    }

    /// The blob's SHA-256 and size of attachment `id`, or nil.
    func blob(of id: UUID) async throws -> (sha256: String, byteCount: Int)? {
        guard let row = try await sql.raw("""
            SELECT f.sha256, b.byte_count FROM attachment_files f JOIN attachment_blobs b ON b.sha256 = f.sha256 WHERE f.id = \(bind: id)
            """).first() else { return nil }
        return (try row.decode(column: "sha256", as: String.self), try row.decode(column: "byte_count", as: Int.self))
    }

    func byteCount(of id: UUID) async throws -> Int? { try await blob(of: id)?.byteCount }

    func read(_ id: UUID, piece: (ByteBuffer) async throws -> Void) async throws {
        guard let (sha256, byteCount) = try await blob(of: id) else { throw AttachmentStore.Missing(id: id) }
        var index = 0, sent = 0
        while sent < byteCount {
            guard let row = try await sql.raw("""
                SELECT data FROM attachment_blob_chunks WHERE sha256 = \(bind: sha256) AND chunk_index = \(bind: index)
                """).first() else { throw AttachmentStore.Missing(id: id) }
            let data = try row.decode(column: "data", as: Data.self)
            guard !data.isEmpty else { throw AttachmentStore.Missing(id: id) }
            try await piece(ByteBuffer(bytes: data))
            sent += data.count
            index += 1
        }
    }

    func remove(_ id: UUID) async throws {
        guard let (sha256, _) = try await blob(of: id) else { return }
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            try await Self.lock(sha256, on: sql)
            try await sql.raw("DELETE FROM attachment_files WHERE id = \(bind: id)").run()
            // Chunks go with their blob (ON DELETE CASCADE).
            try await sql.raw("""
                DELETE FROM attachment_blobs WHERE sha256 = \(bind: sha256)
                AND NOT EXISTS (SELECT 1 FROM attachment_files WHERE sha256 = \(bind: sha256))
                """).run()
        }
    }

    func count() async throws -> Int {
        try await sql.raw("SELECT count(*) AS n FROM attachment_files").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The transaction's advisory lock on one content (released at commit or rollback).
    private static func lock(_ sha256: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("SELECT pg_advisory_xact_lock(hashtextextended(\(bind: sha256), 1022))").run()
    }
}
