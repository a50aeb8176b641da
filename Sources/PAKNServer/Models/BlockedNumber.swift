import Fluent
import Foundation

/// A nuisance number whose inbound calls get `{"action":"reject","reason":"busy"}` (channels.md §4.1), with the
/// reason an admin gave and an optional expiry (after it the number rings again).
public final class BlockedNumber: Model, @unchecked Sendable {
    public static let schema = "blocked_numbers"
    @ID(key: .id) public var id: UUID?
    /// National form (`PhoneNumber.normalize`).
    @Field(key: "phone") public var phone: String
    @Field(key: "reason") public var reason: String
    @OptionalField(key: "expires_at") public var expiresAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
