import Foundation

/// The statuses of the mySociety "Open311 FMS" extension (`POST servicerequestupdates`, open311-adapter
/// `Open311::Endpoint::Role::mySociety`): a partner's back office says what it did about a case.
/// Written in UPPERCASE on the wire; we also read lowercase.
public enum PartnerUpdateStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case unchanged = "UNCHANGED"
    case open = "OPEN"
    case closed = "CLOSED"
    case fixed = "FIXED"
    case inProgress = "IN_PROGRESS"
    case planned = "PLANNED"
    case actionScheduled = "ACTION_SCHEDULED"
    case investigating = "INVESTIGATING"
    case duplicate = "DUPLICATE"
    case notCouncilsResponsibility = "NOT_COUNCILS_RESPONSIBILITY"
    case noFurtherAction = "NO_FURTHER_ACTION"
    case internalReferral = "INTERNAL_REFERRAL"
    case cancelled = "CANCELLED"
    case reopen = "REOPEN"
    case forTriage = "FOR_TRIAGE"

    /// Reads `UPPER_CASE` or `lower_case`; `nil` for anything else.
    public init?(wire: String) {
        self.init(rawValue: wire.trimmingCharacters(in: .whitespaces).uppercased())
    }

    /// The workflow moves this update makes when it comes from the lead agency's back office (the partner's API key
    /// is bound to that agency and acts as its officer), for a case in `status`. An empty list: no move applies,
    /// and the update is kept as an internal note for the coordinator.
    ///
    /// - "We are on it" (`OPEN`, `IN_PROGRESS`, `PLANNED`, `ACTION_SCHEDULED`, `INVESTIGATING`) accepts a forwarded case.
    /// - "Done" (`FIXED`, `CLOSED`, `NO_FURTHER_ACTION`) submits the description as the agency's draft answer
    ///   (accepting first when the case was only forwarded). The agency leader still approves it and the
    ///   coordinator publishes it, as for every answer (domain.md §2).
    /// - "Not ours" (`NOT_COUNCILS_RESPONSIBILITY`, `INTERNAL_REFERRAL`) returns the case to the coordinator with
    ///   the description as the reason.
    /// - `DUPLICATE`, `CANCELLED`, `REOPEN`, `FOR_TRIAGE`, `UNCHANGED`: decisions of the coordinator, or nothing to
    ///   do: a note only.
    public func agencyMoves(from status: RequestStatus) -> [WorkflowAction] {
        switch (self, status) {
        case (.open, .forwarded), (.inProgress, .forwarded), (.planned, .forwarded),
             (.actionScheduled, .forwarded), (.investigating, .forwarded):
            return [.accept]
        case (.fixed, .forwarded), (.closed, .forwarded), (.noFurtherAction, .forwarded):
            return [.accept, .answer]
        case (.fixed, .accepted), (.closed, .accepted), (.noFurtherAction, .accepted):
            return [.answer]
        case (.notCouncilsResponsibility, .forwarded), (.notCouncilsResponsibility, .accepted),
             (.internalReferral, .forwarded), (.internalReferral, .accepted):
            return [.returnToCoordinator]
        default:
            return []
        }
    }
}

extension RequestStatus {
    /// The lowercase extended status of the mySociety extension (`GET servicerequestupdates`), for an update that
    /// left a case in this status. Restricted cases (`referredToComplaintProcedure`) are never listed.
    public var partnerUpdateStatus: String {
        switch self {
        case .received, .reopened: "open"
        case .rejected: "no_further_action"
        case .redirectedToEmergency: "not_councils_responsibility"
        case .referredToComplaintProcedure: "closed"
        case .duplicate: "duplicate"
        case .forwarded, .returned: "investigating"
        case .accepted, .awaitingCitizen, .answered, .approved: "in_progress"
        case .published, .closed: "closed"
        }
    }
}
