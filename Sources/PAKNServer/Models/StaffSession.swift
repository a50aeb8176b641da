import Fluent
import Foundation
import Vapor

/// A browser session (issue 11 item 8). The cookie carries a random key; only its SHA-256 is stored, so a copy of
/// the table cannot be replayed as cookies. `user_id` mirrors the signed-in staff member (nil for a visitor's
/// session, which holds only form tokens), so that every session of a user can be revoked with one statement.
final class StaffSession: Model, @unchecked Sendable {
    static let schema = "staff_sessions"
    @ID(key: .id) var id: UUID?
    /// Lower-case hex SHA-256 of the cookie's session key.
    @Field(key: "key_hash") var keyHash: String
    @Field(key: "data") var data: SessionData
    @OptionalField(key: "user_id") var userID: UUID?
    /// When the session was made (UTC).
    @Field(key: "created_at") var createdAt: Date
    /// When `user_id` was last set: the start of the absolute timeout.
    @OptionalField(key: "signed_in_at") var signedInAt: Date?
    /// The last request seen, to the minute (writes are spared when nothing else changed): the idle timeout's start.
    @Field(key: "seen_at") var seenAt: Date

    init() {}
}
