/// One allowed move: `action` takes a case from any status in `from` to `to`, and may be made by `actors`.
public struct Transition: Sendable, Hashable {
    public let action: WorkflowAction
    public let from: Set<RequestStatus>
    public let to: RequestStatus
    public let actors: Set<Actor>
}

/// Why a workflow move was refused.
public enum WorkflowError: Error, Sendable, Equatable {
    /// The move does not exist from this status.
    case notAllowedFromStatus(action: WorkflowAction, status: RequestStatus)
    /// The move exists from this status, but not for this actor.
    case notAllowedForActor(action: WorkflowAction, actor: Actor)
    /// The move needs a note (a reason) and none was given.
    case noteRequired(action: WorkflowAction)

    /// Stable machine code for the JSON error shape.
    public var code: String {
        switch self {
        case .notAllowedFromStatus: "invalid_transition"
        case .notAllowedForActor: "forbidden_transition"
        case .noteRequired: "note_required"
        }
    }

    /// Vietnamese message for people.
    public var message: String {
        switch self {
        case let .notAllowedFromStatus(action, status):
            "Không thể “\(action.label)” khi phản ánh đang ở trạng thái “\(status.label)”."
        case let .notAllowedForActor(action, actor):
            "\(actor.label) không có quyền “\(action.label)”."
        case let .noteRequired(action):
            "Thao tác “\(action.label)” cần ghi rõ lý do."
        }
    }
}

/// The PAKN workflow: the table of allowed moves and who may make each one (domain.md §2).
///
/// Every state change in the system goes through `Workflow.transition(_:from:by:note:)`; the server
/// writes the event in the same database transaction.
public enum Workflow {
    private static let triage: Set<Actor> = [.staff(.operator), .staff(.coordinator)]
    private static let agency: Set<Actor> = [.staff(.agencyOfficer), .staff(.agencyLeader)]

    /// The whole transition table. Anything not listed is forbidden.
    public static let transitions: [Transition] = [
        Transition(action: .reject, from: [.received, .returned, .reopened], to: .rejected, actors: triage),
        Transition(action: .redirectToEmergency, from: [.received], to: .redirectedToEmergency, actors: triage),
        Transition(action: .referToComplaintProcedure, from: [.received, .returned], to: .referredToComplaintProcedure, actors: triage),
        Transition(action: .markDuplicate, from: [.received, .returned], to: .duplicate, actors: triage),
        Transition(action: .forward, from: [.received, .returned, .reopened], to: .forwarded, actors: triage),
        Transition(action: .accept, from: [.forwarded], to: .accepted, actors: agency),
        Transition(action: .returnToCoordinator, from: [.forwarded, .accepted], to: .returned, actors: agency),
        Transition(action: .requestInformation, from: [.accepted], to: .awaitingCitizen, actors: agency),
        Transition(action: .supplyInformation, from: [.awaitingCitizen], to: .accepted,
                   actors: agency.union(triage).union([.citizen])),
        Transition(action: .answer, from: [.accepted], to: .answered, actors: agency),
        Transition(action: .approve, from: [.answered], to: .approved, actors: [.staff(.agencyLeader)]),
        Transition(action: .returnDraft, from: [.answered], to: .accepted, actors: [.staff(.agencyLeader)]),
        Transition(action: .sendBackToAgency, from: [.approved], to: .accepted, actors: [.staff(.coordinator)]),
        Transition(action: .publish, from: [.approved], to: .published, actors: [.staff(.coordinator)]),
        Transition(action: .reopen, from: [.published, .closed], to: .reopened, actors: triage.union([.citizen])),
        Transition(action: .close, from: [.approved, .published, .reopened], to: .closed, actors: [.staff(.coordinator), .system]),
        Transition(action: .answerDirectly, from: [.received, .returned, .reopened], to: .published, actors: triage),
        // Triage mistakes can be undone, with a reason.
        Transition(action: .restore, from: [.rejected, .redirectedToEmergency, .duplicate], to: .received, actors: [.staff(.coordinator)]),
        Transition(action: .returnToPAKN, from: [.referredToComplaintProcedure], to: .received, actors: [.staff(.complaintOfficer)]),
    ]

    /// The status a move leads to.
    ///
    /// - Throws: `WorkflowError.notAllowedFromStatus` when the move does not exist from `status`;
    ///   `.notAllowedForActor` when it exists but `actor` may not make it; `.noteRequired` when the
    ///   move needs a reason and `note` is empty.
    public static func transition(
        _ action: WorkflowAction, from status: RequestStatus, by actor: Actor, note: String? = nil
    ) throws(WorkflowError) -> RequestStatus {
        guard let move = transitions.first(where: { $0.action == action && $0.from.contains(status) }) else {
            throw .notAllowedFromStatus(action: action, status: status)
        }
        guard move.actors.contains(actor) else {
            throw .notAllowedForActor(action: action, actor: actor)
        }
        if action.requiresNote, (note ?? "").allSatisfy(\.isWhitespace) {
            throw .noteRequired(action: action)
        }
        return move.to
    }

    /// The moves `actor` may make on a case in `status`, in table order (for the buttons on a page).
    public static func availableActions(from status: RequestStatus, for actor: Actor) -> [WorkflowAction] {
        transitions.filter { $0.from.contains(status) && $0.actors.contains(actor) }.map(\.action)
    }

    /// Whether `role` may change the triage fields (field, urgency, commune, title) of a case in `status`.
    public static func mayTriage(_ role: Role, status: RequestStatus) -> Bool {
        (role == .operator || role == .coordinator) && [.received, .returned, .reopened].contains(status)
    }

    /// Statuses in which the citizen may rate the answer (once).
    public static let ratableStatuses: Set<RequestStatus> = [.published, .closed]
}
