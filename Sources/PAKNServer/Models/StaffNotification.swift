import Fluent
import Foundation
import PAKNDomain

/// A notice to staff (a reminder before a due instant, an escalation after it), addressed to a role and,
/// for agency roles, an agency. Unique on `idempotency_key`, so it is written once however many scheduler
/// processes see the same deadline.
public final class StaffNotification: Model, @unchecked Sendable {
    public static let schema = "staff_notifications"
    @ID(key: .id) public var id: UUID?
    @Field(key: "idempotency_key") public var idempotencyKey: String
    @Field(key: "kind") public var kind: StaffNoticeKind
    @Field(key: "request_id") public var requestID: UUID
    @OptionalField(key: "agency_id") public var agencyID: UUID?
    /// The addressees' role.
    @Field(key: "role") public var role: Role
    @Field(key: "text") public var text: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
