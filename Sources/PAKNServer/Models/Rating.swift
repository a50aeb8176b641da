import Fluent
import Foundation

/// The citizen's satisfaction rating of a published answer: 1–5 stars, once per case (unique request_id).
public final class Rating: Model, @unchecked Sendable {
    public static let schema = "ratings"
    @ID(key: .id) public var id: UUID?
    @Field(key: "request_id") public var requestID: UUID
    @Field(key: "stars") public var stars: Int
    @Field(key: "comment") public var comment: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
