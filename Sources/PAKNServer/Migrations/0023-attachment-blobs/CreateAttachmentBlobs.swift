import Fluent
import SQLKit

/// 0023: attachment bytes in PostgreSQL, so every `pakn serve` on one database serves every file (issue 15 item 6;
/// ``DatabaseAttachmentStorage``). `attachment_blobs`: one row per distinct content, keyed by its lower-case hex
/// SHA-256, with its size in bytes; `attachment_blob_chunks`: its bytes in pieces of at most 262,144 bytes (256 KiB)
/// numbered from 0, stored without compression (photos and PDFs are compressed already); `attachment_files`: the
/// blob of each attachment id (an `attachments` row, or a chat file waiting for its case). SQLite keeps files on disk.
struct CreateAttachmentBlobs: AsyncMigration {
    func prepare(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("""
            CREATE TABLE IF NOT EXISTS attachment_blobs (
                sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
                byte_count bigint NOT NULL CHECK (byte_count >= 0),
                created_at timestamptz NOT NULL DEFAULT now())
            """).run()
        try await sql.raw("""
            CREATE TABLE IF NOT EXISTS attachment_blob_chunks (
                sha256 text NOT NULL REFERENCES attachment_blobs (sha256) ON DELETE CASCADE,
                chunk_index integer NOT NULL CHECK (chunk_index >= 0),
                data bytea NOT NULL CHECK (octet_length(data) BETWEEN 1 AND 262144),
                PRIMARY KEY (sha256, chunk_index))
            """).run()
        try await sql.raw("ALTER TABLE attachment_blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL").run()
        try await sql.raw("""
            CREATE TABLE IF NOT EXISTS attachment_files (
                id uuid PRIMARY KEY,
                sha256 text NOT NULL REFERENCES attachment_blobs (sha256),
                created_at timestamptz NOT NULL DEFAULT now())
            """).run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_attachment_files_sha256 ON attachment_files (sha256)").run()
    }

    func revert(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("DROP TABLE IF EXISTS attachment_files").run()
        try await sql.raw("DROP TABLE IF EXISTS attachment_blob_chunks").run()
        try await sql.raw("DROP TABLE IF EXISTS attachment_blobs").run()
    }
}
