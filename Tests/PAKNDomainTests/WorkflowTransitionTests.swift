import Testing
@testable import PAKNDomain

// The PAKN workflow checked against a table written here, by hand, from the product's rules
// (issue 2 "Statuses" and "Roles", domain.md §2, and the lead's decisions on who may do what).
// The table is deliberately NOT built from `Workflow.transitions`: if the code and the rules drift apart,
// these tests fail and the disagreement goes to the lead.

/// One expected move: `action` from any of `from` to `to`, for `actors`.
private struct ExpectedMove: Sendable {
    let action: WorkflowAction
    let from: Set<RequestStatus>
    let to: RequestStatus
    let actors: Set<PAKNDomain.Actor>
}

private enum Rules {
    static let operatorStaff = PAKNDomain.Actor.staff(.operator)
    static let coordinator = PAKNDomain.Actor.staff(.coordinator)
    static let agencyOfficer = PAKNDomain.Actor.staff(.agencyOfficer)
    static let agencyLeader = PAKNDomain.Actor.staff(.agencyLeader)

    /// Operator and coordinator.
    static let triage: Set<PAKNDomain.Actor> = [operatorStaff, coordinator]
    /// Agency officer and agency leader.
    static let agency: Set<PAKNDomain.Actor> = [agencyOfficer, agencyLeader]

    /// The rules as decided for this product, one row per action.
    static let moves: [ExpectedMove] = [
        // triage (operator, coordinator)
        ExpectedMove(action: .reject, from: [.received, .returned, .reopened], to: .rejected, actors: triage),
        ExpectedMove(action: .redirectToEmergency, from: [.received], to: .redirectedToEmergency, actors: triage),
        ExpectedMove(action: .referToComplaintProcedure, from: [.received, .returned],
                     to: .referredToComplaintProcedure, actors: triage),
        ExpectedMove(action: .markDuplicate, from: [.received, .returned], to: .duplicate, actors: triage),
        ExpectedMove(action: .forward, from: [.received, .returned, .reopened], to: .forwarded, actors: triage),
        ExpectedMove(action: .answerDirectly, from: [.received, .returned, .reopened], to: .published, actors: triage),
        // reopen: triage and the citizen
        ExpectedMove(action: .reopen, from: [.published, .closed], to: .reopened,
                     actors: triage.union([.citizen])),
        // supplyInformation: triage, agency and the citizen
        ExpectedMove(action: .supplyInformation, from: [.awaitingCitizen], to: .accepted,
                     actors: triage.union(agency).union([.citizen])),
        // agency (officer, leader)
        ExpectedMove(action: .accept, from: [.forwarded], to: .accepted, actors: agency),
        ExpectedMove(action: .returnToCoordinator, from: [.forwarded, .accepted], to: .returned, actors: agency),
        ExpectedMove(action: .requestInformation, from: [.accepted], to: .awaitingCitizen, actors: agency),
        ExpectedMove(action: .answer, from: [.accepted], to: .answered, actors: agency),
        // agency leader only
        ExpectedMove(action: .approve, from: [.answered], to: .approved, actors: [agencyLeader]),
        ExpectedMove(action: .returnDraft, from: [.answered], to: .accepted, actors: [agencyLeader]),
        // coordinator only (close: also the system)
        ExpectedMove(action: .sendBackToAgency, from: [.approved], to: .accepted, actors: [coordinator]),
        ExpectedMove(action: .publish, from: [.approved], to: .published, actors: [coordinator]),
        ExpectedMove(action: .close, from: [.approved, .published, .reopened], to: .closed, actors: [coordinator, .system]),
        // undoing triage mistakes, with a reason
        ExpectedMove(action: .restore, from: [.rejected, .redirectedToEmergency, .duplicate], to: .received, actors: [coordinator]),
        ExpectedMove(action: .returnToPAKN, from: [.referredToComplaintProcedure], to: .received, actors: [.staff(.complaintOfficer)]),
    ]

    /// Moves that must say why.
    static let needingNote: Set<WorkflowAction> = [
        .reject, .returnToCoordinator, .requestInformation, .returnDraft, .sendBackToAgency, .reopen, .answer,
        .answerDirectly, .restore, .returnToPAKN,
    ]

    /// Every actor: each role as staff, the citizen and the system. Written out so that a new role must be
    /// added here (see `actorListCoversEveryRole`).
    static let actors: [PAKNDomain.Actor] = [
        .staff(.operator), .staff(.coordinator), .staff(.agencyOfficer), .staff(.agencyLeader),
        .staff(.provincialLeader), .staff(.complaintOfficer), .staff(.admin), .citizen, .system,
    ]

    /// Roles that may make no workflow move at all.
    static let readOnlyRoles: [Role] = [.provincialLeader, .admin]

    /// Statuses that Open311 reports as `closed` (issue 2 "Statuses").
    static let open311Closed: Set<RequestStatus> = [
        .rejected, .redirectedToEmergency, .referredToComplaintProcedure, .duplicate, .published, .closed,
    ]

    static let validNote = "Không thuộc thẩm quyền của đơn vị; đề nghị chuyển Sở Xây dựng."

    static func move(_ action: WorkflowAction) -> ExpectedMove? {
        moves.first { $0.action == action }
    }

    /// What `Workflow.transition` must give for this combination, when a good note is supplied.
    static func expected(_ action: WorkflowAction, _ status: RequestStatus, _ actor: PAKNDomain.Actor)
        -> Result<RequestStatus, WorkflowError>
    {
        guard let move = move(action), move.from.contains(status) else {
            return .failure(.notAllowedFromStatus(action: action, status: status))
        }
        guard move.actors.contains(actor) else {
            return .failure(.notAllowedForActor(action: action, actor: actor))
        }
        return .success(move.to)
    }

    /// The actions `actor` may make from `status` according to the rules.
    static func allowedActions(from status: RequestStatus, for actor: PAKNDomain.Actor) -> Set<WorkflowAction> {
        Set(moves.filter { $0.from.contains(status) && $0.actors.contains(actor) }.map(\.action))
    }
}

/// Runs the domain function and captures its outcome as a value.
private func outcome(
    _ action: WorkflowAction, _ status: RequestStatus, _ actor: PAKNDomain.Actor, note: String?
) -> Result<RequestStatus, WorkflowError> {
    do {
        return .success(try Workflow.transition(action, from: status, by: actor, note: note))
    } catch {
        return .failure(error)
    }
}

@Suite struct WorkflowTableTests {
    @Test func statusesAreTheContractList() {
        // setup: issue 2 "Statuses", in order
        let contract = [
            "received", "rejected", "redirectedToEmergency", "referredToComplaintProcedure", "duplicate", "forwarded",
            "accepted", "returned", "awaitingCitizen", "answered", "approved", "published", "reopened", "closed",
        ]
        // act
        let raw = RequestStatus.allCases.map(\.rawValue)
        // check
        #expect(raw == contract)
    }

    @Test func actorListCoversEveryRole() {
        // setup
        let listedRoles: [Role] = Rules.actors.compactMap { if case .staff(let role) = $0 { role } else { nil } }
        // act
        let contract = ["operator", "coordinator", "agencyOfficer", "agencyLeader", "provincialLeader",
                        "complaintOfficer", "admin"]
        // check: issue 2 "Roles", and every role appears once in the test's actor list
        #expect(Role.allCases.map(\.rawValue).sorted() == contract.sorted())
        #expect(Set(listedRoles) == Set(Role.allCases))
        #expect(listedRoles.count == Role.allCases.count)
        #expect(Rules.actors.contains(.citizen))
        #expect(Rules.actors.contains(.system))
    }

    @Test func everyActionHasExactlyOneExpectedRow() {
        // setup
        let actions = Rules.moves.map(\.action)
        // act
        let missing = WorkflowAction.allCases.filter { !actions.contains($0) }
        // check: a new action in the code must be added to the rules here
        #expect(missing.isEmpty, "actions without a rule: \(missing)")
        #expect(Set(actions).count == actions.count)
    }

    /// Every action × every status × every actor, with a good note: allowed moves land on the expected status,
    /// forbidden ones say whether the status or the actor is wrong.
    @Test(arguments: WorkflowAction.allCases)
    func everyCombinationWithANote(action: WorkflowAction) {
        for status in RequestStatus.allCases {
            for actor in Rules.actors {
                // setup
                let expected = Rules.expected(action, status, actor)
                // act
                let actual = outcome(action, status, actor, note: Rules.validNote)
                // check
                #expect(actual == expected, "\(action) from \(status) by \(actor)")
            }
        }
    }

    /// Moves that need no reason work without a note; a forbidden move stays forbidden (status or actor error,
    /// not "note required") whether or not a note is given.
    @Test(arguments: WorkflowAction.allCases)
    func everyCombinationWithoutANote(action: WorkflowAction) {
        for status in RequestStatus.allCases {
            for actor in Rules.actors {
                // setup
                var expected = Rules.expected(action, status, actor)
                if case .success = expected, Rules.needingNote.contains(action) {
                    expected = .failure(.noteRequired(action: action))
                }
                // act
                let actual = outcome(action, status, actor, note: nil)
                // check
                #expect(actual == expected, "\(action) from \(status) by \(actor), no note")
            }
        }
    }
}

@Suite struct WorkflowNoteTests {
    @Test func requiresNoteFlagMatchesTheRules() {
        for action in WorkflowAction.allCases {
            // act
            let flag = action.requiresNote
            // check
            #expect(flag == Rules.needingNote.contains(action), "\(action)")
        }
    }

    @Test(arguments: [WorkflowAction.reject, .returnToCoordinator, .requestInformation, .returnDraft,
                      .sendBackToAgency, .reopen, .answer, .answerDirectly, .restore, .returnToPAKN])
    func emptyOrBlankNotesAreRefused(action: WorkflowAction) throws {
        // setup: every allowed (status, actor) of the move
        let move = try #require(Rules.move(action))
        let blanks: [String?] = [nil, "", "   ", "\n\t ", "\u{00A0}"]
        var checked = 0
        for status in move.from.sorted(by: { $0.rawValue < $1.rawValue }) {
            for actor in Rules.actors where move.actors.contains(actor) {
                for note in blanks {
                    // act
                    let actual = outcome(action, status, actor, note: note)
                    // check
                    #expect(actual == .failure(.noteRequired(action: action)),
                            "\(action) from \(status) by \(actor) with note \(String(describing: note))")
                    checked += 1
                }
                // and a real reason is enough
                #expect(outcome(action, status, actor, note: "  Lý do  ") == .success(move.to))
            }
        }
        #expect(checked > 0)
    }

    @Test func movesWithoutReasonAcceptAnOptionalNote() {
        for move in Rules.moves where !Rules.needingNote.contains(move.action) {
            for status in move.from {
                for actor in move.actors {
                    for note: String? in [nil, "", "   ", "Ghi chú"] {
                        #expect(outcome(move.action, status, actor, note: note) == .success(move.to),
                                "\(move.action) from \(status) by \(actor)")
                    }
                }
            }
        }
    }
}

@Suite struct WorkflowActorTests {
    /// Provincial leaders read and never change; admin and complaint officer make no workflow move either.
    @Test(arguments: Rules.readOnlyRoles)
    func readOnlyRolesCanMakeNoMove(role: Role) {
        for status in RequestStatus.allCases {
            // act
            let available = Workflow.availableActions(from: status, for: .staff(role))
            // check
            #expect(available.isEmpty, "\(role) in \(status): \(available)")
            for action in WorkflowAction.allCases {
                let actual = outcome(action, status, .staff(role), note: Rules.validNote)
                if case .success(let to) = actual {
                    Issue.record("\(role) made \(action) from \(status) to \(to)")
                }
            }
        }
    }

    @Test(arguments: Rules.readOnlyRoles)
    func readOnlyRolesMayNotTriage(role: Role) {
        for status in RequestStatus.allCases {
            #expect(!Workflow.mayTriage(role, status: status), "\(role) in \(status)")
        }
    }

    @Test func availableActionsMatchTheRules() {
        for status in RequestStatus.allCases {
            for actor in Rules.actors {
                // act
                let available = Workflow.availableActions(from: status, for: actor)
                // check: the same set, each action once
                #expect(Set(available) == Rules.allowedActions(from: status, for: actor), "\(status) for \(actor)")
                #expect(Set(available).count == available.count, "duplicates in \(status) for \(actor)")
            }
        }
    }

    @Test func everyAvailableActionSucceeds() {
        for status in RequestStatus.allCases {
            for actor in Rules.actors {
                for action in Workflow.availableActions(from: status, for: actor) {
                    if case .failure(let error) = outcome(action, status, actor, note: Rules.validNote) {
                        Issue.record("offered \(action) from \(status) to \(actor) but it failed: \(error)")
                    }
                }
            }
        }
    }

    @Test func citizenMaySupplyInformationAndReopenOnly() {
        // setup
        var citizenActions = Set<WorkflowAction>()
        // act
        for status in RequestStatus.allCases {
            citizenActions.formUnion(Workflow.availableActions(from: status, for: .citizen))
        }
        // check
        #expect(citizenActions == [.supplyInformation, .reopen])
    }

    @Test func systemMayOnlyClose() {
        // setup
        var systemActions = Set<WorkflowAction>()
        // act
        for status in RequestStatus.allCases {
            systemActions.formUnion(Workflow.availableActions(from: status, for: .system))
        }
        // check
        #expect(systemActions == [.close])
    }

    /// Triage fields (field, urgency, commune, title) may be changed by operator and coordinator while the case
    /// waits for triage, i.e. in the statuses from which it can be forwarded: received, returned, reopened.
    @Test func mayTriage() {
        let triageStatuses: Set<RequestStatus> = [.received, .returned, .reopened]
        for role in Role.allCases {
            for status in RequestStatus.allCases {
                // setup
                let expected = (role == .operator || role == .coordinator) && triageStatuses.contains(status)
                // act
                let actual = Workflow.mayTriage(role, status: status)
                // check
                #expect(actual == expected, "\(role) in \(status)")
            }
        }
    }
}

@Suite struct WorkflowScenarioTests {
    /// A case's whole life, one move after another, through the domain function.
    @Test func lifeOfACase() throws {
        // setup
        let steps: [(WorkflowAction, PAKNDomain.Actor, RequestStatus)] = [
            (.forward, .staff(.operator), .forwarded),
            (.returnToCoordinator, .staff(.agencyOfficer), .returned),
            (.forward, .staff(.coordinator), .forwarded),
            (.accept, .staff(.agencyOfficer), .accepted),
            (.requestInformation, .staff(.agencyOfficer), .awaitingCitizen),
            (.supplyInformation, .citizen, .accepted),
            (.answer, .staff(.agencyOfficer), .answered),
            (.returnDraft, .staff(.agencyLeader), .accepted),
            (.answer, .staff(.agencyOfficer), .answered),
            (.approve, .staff(.agencyLeader), .approved),
            (.sendBackToAgency, .staff(.coordinator), .accepted),
            (.answer, .staff(.agencyLeader), .answered),
            (.approve, .staff(.agencyLeader), .approved),
            (.publish, .staff(.coordinator), .published),
            (.reopen, .citizen, .reopened),
            (.forward, .staff(.coordinator), .forwarded),
            (.accept, .staff(.agencyLeader), .accepted),
            (.answer, .staff(.agencyOfficer), .answered),
            (.approve, .staff(.agencyLeader), .approved),
            (.publish, .staff(.coordinator), .published),
            (.close, .system, .closed),
            (.reopen, .staff(.operator), .reopened),
        ]
        var status = RequestStatus.received
        for (action, actor, target) in steps {
            // act
            status = try Workflow.transition(action, from: status, by: actor, note: Rules.validNote)
            // check
            #expect(status == target, "\(action) by \(actor)")
        }
    }

    @Test func endStatusesOfTriageOnlyLeaveByAnExplicitUndo() {
        // rejected, redirected and duplicate cases come back only through the coordinator's `restore`;
        // khiếu nại / tố cáo only through the complaint officer's `returnToPAKN`; nobody else can move them.
        let undo: [RequestStatus: (WorkflowAction, PAKNDomain.Actor)] = [
            .rejected: (.restore, Rules.coordinator), .redirectedToEmergency: (.restore, Rules.coordinator),
            .duplicate: (.restore, Rules.coordinator), .referredToComplaintProcedure: (.returnToPAKN, .staff(.complaintOfficer)),
        ]
        for (status, (action, owner)) in undo {
            for actor in Rules.actors {
                let expected: [WorkflowAction] = actor == owner ? [action] : []
                #expect(Workflow.availableActions(from: status, for: actor) == expected, "\(status) for \(actor)")
            }
        }
    }
}

@Suite struct Open311StatusTests {
    @Test(arguments: RequestStatus.allCases)
    func mapping(status: RequestStatus) {
        // act
        let mapped = status.open311Status
        // check
        #expect(mapped == (Rules.open311Closed.contains(status) ? "closed" : "open"))
        #expect(status.isActive == !Rules.open311Closed.contains(status))
    }
}

@Suite struct WorkflowMessageTests {
    /// The message without the labels it quotes must still be Vietnamese (diacritics outside the labels),
    /// and must not leak the internal English names.
    private func checkVietnamese(_ message: String, removing labels: [String], rawNames: [String],
                                 _ comment: Comment) {
        var rest = message
        for label in labels { rest = rest.replacingOccurrences(of: label, with: "") }
        #expect(!VietnameseText.isWithoutDiacritics(rest), comment)
        for raw in rawNames { #expect(!message.contains(raw), comment) }
    }

    @Test func notAllowedFromStatusNamesActionAndStatus() {
        for action in WorkflowAction.allCases {
            for status in RequestStatus.allCases {
                // act
                let message = WorkflowError.notAllowedFromStatus(action: action, status: status).message
                // check
                #expect(message.contains(action.label), "\(action) \(status): \(message)")
                #expect(message.contains(status.label), "\(action) \(status): \(message)")
                checkVietnamese(message, removing: [action.label, status.label],
                                rawNames: [action.rawValue, status.rawValue], "\(message)")
            }
        }
    }

    @Test func notAllowedForActorNamesActionAndActor() {
        for action in WorkflowAction.allCases {
            for actor in Rules.actors {
                // act
                let message = WorkflowError.notAllowedForActor(action: action, actor: actor).message
                // check
                #expect(message.contains(action.label), "\(message)")
                #expect(message.contains(actor.label), "\(message)")
                checkVietnamese(message, removing: [action.label, actor.label], rawNames: [action.rawValue],
                                "\(message)")
            }
        }
    }

    @Test func noteRequiredNamesAction() {
        for action in WorkflowAction.allCases {
            // act
            let message = WorkflowError.noteRequired(action: action).message
            // check
            #expect(message.contains(action.label), "\(message)")
            checkVietnamese(message, removing: [action.label], rawNames: [action.rawValue], "\(message)")
        }
    }

    @Test func errorsFromTheDomainFunctionCarryTheLabels() {
        // setup: a forged move, e.g. publishing a case that was only just received
        // act
        let result = outcome(.publish, .received, .staff(.coordinator), note: nil)
        // check
        guard case .failure(let error) = result else {
            Issue.record("publishing a received case succeeded")
            return
        }
        #expect(error.message.contains(WorkflowAction.publish.label))
        #expect(error.message.contains(RequestStatus.received.label))
    }

    @Test func labelsAreVietnameseAndDistinct() {
        // action labels: one per action, Vietnamese
        let actionLabels = WorkflowAction.allCases.map(\.label)
        #expect(Set(actionLabels).count == actionLabels.count)
        for label in actionLabels { #expect(!label.isEmpty) }
        // status labels: one per status
        let statusLabels = RequestStatus.allCases.map(\.label)
        #expect(Set(statusLabels).count == statusLabels.count)
        for status in RequestStatus.allCases {
            #expect(!status.label.isEmpty)
            #expect(!status.label.contains(status.rawValue))
        }
        // actor labels: one per actor
        let actorLabels = Rules.actors.map(\.label)
        #expect(Set(actorLabels).count == actorLabels.count)
        for label in actorLabels { #expect(!VietnameseText.isWithoutDiacritics(label), "\(label)") }
    }
}
