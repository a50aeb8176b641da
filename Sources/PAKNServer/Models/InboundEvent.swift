import Fluent
import Foundation
import PAKNChannels
import PAKNDomain

/// One provider delivery stored raw before it is acknowledged (issue 4 "Inbound"): the exact bytes and headers, so
/// a payload we cannot parse is kept for inspection and a redelivery is recognised. Unique on
/// (channel, provider_event_id).
///
/// `status`: `received` (waiting for the worker), `processed`, `ignored` (valid but of a kind we do not handle),
/// `unparseable` (valid signature, unreadable payload: kept, never processed), `failed` (processing threw; `error`).
public final class InboundEvent: Model, @unchecked Sendable {
    public static let schema = "inbound_events"
    @ID(key: .id) public var id: UUID?
    @Field(key: "channel") public var channel: PAKNDomain.Channel
    /// Zalo `msg_id` (or event:user:timestamp), Messenger `batch:<sha256 of the body>`, CTI `callId:event`, SMS `smsid`.
    @Field(key: "provider_event_id") public var providerEventID: String
    /// The request headers as a JSON object (name → value), signature headers included.
    @Field(key: "headers") public var headers: String
    /// The body exactly as received.
    @Field(key: "raw_body") public var rawBody: Data
    @Field(key: "status") public var status: InboundEventStatus
    @Field(key: "received_at") public var receivedAt: Date
    @OptionalField(key: "processed_at") public var processedAt: Date?
    @OptionalField(key: "error") public var error: String?

    public init() {}
}
