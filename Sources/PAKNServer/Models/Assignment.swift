import Fluent
import Foundation
import PAKNDomain

/// One agency's assignment on a case (phân công): lead (chủ trì) or co-handler (phối hợp),
/// with its own status, clock and answer. A return closes the assignment; a re-forward opens a new one.
public final class Assignment: Model, @unchecked Sendable {
    public static let schema = "assignments"
    @ID(key: .id) public var id: UUID?
    @Field(key: "request_id") public var requestID: UUID
    @Field(key: "agency_id") public var agencyID: UUID
    @Field(key: "role") public var role: AssignmentRole
    @Field(key: "status") public var status: AssignmentStatus
    @Field(key: "forwarded_at") public var forwardedAt: Date
    @OptionalField(key: "accepted_at") public var acceptedAt: Date?
    @OptionalField(key: "answered_at") public var answeredAt: Date?
    @OptionalField(key: "due_at") public var dueAt: Date?
    @OptionalField(key: "answer") public var answer: String?
    @Field(key: "active") public var active: Bool
    /// The officer of the agency named to work on it (`OfficerAssignment`); `nil` until the agency names one.
    @OptionalField(key: "officer_id") public var officerID: UUID?
    /// The acceptance clock (runs from forwarding); JSON (`jsonb` on PostgreSQL).
    @OptionalField(key: "acceptance_clock") public var acceptance: DeadlineClock?
    /// The resolution clock (runs from acceptance); JSON (`jsonb` on PostgreSQL).
    @OptionalField(key: "resolution_clock") public var resolution: DeadlineClock?
    /// The current stage's due instant under the original limit (statistics can count against it).
    @OptionalField(key: "original_due_at") public var originalDueAt: Date?
    /// At the answer: on time or late against the due instant in force (extensions included).
    @OptionalField(key: "outcome") public var outcome: DeadlineClock.Timeliness?
    /// At the answer: on time or late against the original due instant.
    @OptionalField(key: "outcome_original") public var outcomeOriginal: DeadlineClock.Timeliness?
    /// At the answer: working seconds from forwarding to the answer in the agency's calendar, kept so that the
    /// statistics add and rank them in SQL instead of recomputing each one (`pakn stats rebuild` recomputes them
    /// all, e.g. after the holiday calendar changed). `nil` until answered, and again when the answer is taken back.
    @OptionalField(key: "answer_working_seconds") public var answerWorkingSeconds: Double?

    /// When the deadline scan next has something to do here (reminder, due instant, provincial escalation);
    /// `nil` when nothing is pending (stopped, paused, or every notice written). Indexed.
    @OptionalField(key: "next_check_at") public var nextCheckAt: Date?

    public init() {}
}
