import Fluent
import Foundation

/// A staff API token. Only the SHA-256 of the token is stored; the token itself is shown once.
public final class APIToken: Model, @unchecked Sendable {
    public static let schema = "api_tokens"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "expires_at") public var expiresAt: Date
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
