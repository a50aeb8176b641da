import Fluent
import Foundation

/// One agency's assignment on a case (phân công): lead (chủ trì) or co-handler (phối hợp),
/// with its own status, clock and answer. A return closes the assignment; a re-forward opens a new one.
public final class Assignment: Model, @unchecked Sendable {
    public static let schema = "assignments"
    @ID(key: .id) public var id: UUID?
    @Field(key: "request_id") public var requestID: UUID
    @Field(key: "agency_id") public var agencyID: UUID
    /// lead, coHandler.
    @Field(key: "role") public var role: String
    /// pending, accepted, returned, answered, closed.
    @Field(key: "status") public var status: String
    @Field(key: "forwarded_at") public var forwardedAt: Date
    @OptionalField(key: "accepted_at") public var acceptedAt: Date?
    @OptionalField(key: "answered_at") public var answeredAt: Date?
    @OptionalField(key: "due_at") public var dueAt: Date?
    @OptionalField(key: "answer") public var answer: String?
    @Field(key: "active") public var active: Bool
    /// JSON of the acceptance `DeadlineClock` (runs from forwarding).
    @OptionalField(key: "acceptance_clock") public var acceptanceClock: String?
    /// JSON of the resolution `DeadlineClock` (runs from acceptance).
    @OptionalField(key: "resolution_clock") public var resolutionClock: String?
    /// The current stage's due instant under the original limit (statistics can count against it).
    @OptionalField(key: "original_due_at") public var originalDueAt: Date?
    /// At the answer: on_time or late against the due instant in force (extensions included).
    @OptionalField(key: "outcome") public var outcome: String?
    /// At the answer: on_time or late against the original due instant.
    @OptionalField(key: "outcome_original") public var outcomeOriginal: String?

    public init() {}
}
