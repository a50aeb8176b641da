import Fluent
import Foundation
import PAKNDomain

/// A file on a case, checked by content (JPEG, PNG, PDF); its bytes are in the ``AttachmentStore`` under the same id
/// (SQLite: `$PAKN_DATA_DIR/attachments/<id>`; PostgreSQL: a content-addressed blob in the database).
public final class Attachment: Model, @unchecked Sendable {
    public static let schema = "attachments"
    @ID(key: .id) public var id: UUID?
    @Field(key: "request_id") public var requestID: UUID
    /// submission, answer, message (downloaded from a Zalo or Messenger message, `AttachmentDownload`).
    @Field(key: "purpose") public var purpose: AttachmentPurpose
    @Field(key: "filename") public var filename: String
    @Field(key: "content_type") public var contentType: String
    /// Size in bytes after metadata removal.
    @Field(key: "byte_count") public var byteCount: Int
    @Field(key: "sha256") public var sha256: String
    @Field(key: "is_public") public var isPublic: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
