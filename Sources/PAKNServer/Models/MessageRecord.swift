import Fluent
import Foundation

/// What came in or went out on a channel. Unique on (channel, provider_message_id) so a redelivery is idempotent.
public final class MessageRecord: Model, @unchecked Sendable {
    public static let schema = "messages"
    @ID(key: .id) public var id: UUID?
    @OptionalField(key: "request_id") public var requestID: UUID?
    @Field(key: "channel") public var channel: String
    /// inbound, outbound.
    @Field(key: "direction") public var direction: String
    @OptionalField(key: "provider_message_id") public var providerMessageID: String?
    @Field(key: "body") public var body: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
