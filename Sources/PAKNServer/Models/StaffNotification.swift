import Fluent
import Foundation

/// A notice to staff (a reminder before a due instant, an escalation after it), addressed to a role and,
/// for agency roles, an agency. Unique on `idempotency_key`, so it is written once however many scheduler
/// processes see the same deadline.
public final class StaffNotification: Model, @unchecked Sendable {
    public static let schema = "staff_notifications"
    @ID(key: .id) public var id: UUID?
    @Field(key: "idempotency_key") public var idempotencyKey: String
    /// reminder, escalation, provincialEscalation, extensionRequested.
    @Field(key: "kind") public var kind: String
    @Field(key: "request_id") public var requestID: UUID
    @OptionalField(key: "agency_id") public var agencyID: UUID?
    /// `Role.rawValue` of the addressees.
    @Field(key: "role") public var role: String
    @Field(key: "text") public var text: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
