import Fluent
import Foundation

/// One entry in a case's history: the audit trail and, when `isPublic`, the citizen's timeline.
public final class EventRecord: Model, @unchecked Sendable {
    public static let schema = "events"
    @ID(key: .id) public var id: UUID?
    @Field(key: "request_id") public var requestID: UUID
    @Field(key: "occurred_at") public var occurredAt: Date
    @OptionalField(key: "actor_user_id") public var actorUserID: UUID?
    /// Who acted, without personal data of citizens ("Tổng đài viên", "Hệ thống").
    @Field(key: "actor_label") public var actorLabel: String
    /// A `WorkflowAction` raw value, or one of: created, triaged, contactViewed, rated, merged, attachment.
    @Field(key: "action") public var action: String
    @OptionalField(key: "from_status") public var fromStatus: String?
    @OptionalField(key: "to_status") public var toStatus: String?
    @OptionalField(key: "note") public var note: String?
    @Field(key: "is_public") public var isPublic: Bool

    public init() {}
}
