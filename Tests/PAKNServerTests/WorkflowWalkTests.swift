import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor
import VaporTesting

/// No case is ever stranded (issue 11 item 2). Seeded random walks over `Workflow.transitions` through
/// `CaseWorkflow.perform`, with the real deadline clocks, the 2026 calendar and extensions: every move the table
/// allows from a reachable status, made by an actor the table allows, either succeeds or is refused by a
/// documented guard, and afterwards the case can still be taken to `closed`.
///
/// `PAKN_WORKFLOW_WALKS` sets the number of walks per database (default 150; try 5000 by hand) and
/// `PAKN_WORKFLOW_WALK_SEED` the seed (default 2026); a failure names the seed, the walk and its moves.
@Suite("Workflow walks")
struct WorkflowWalkTests {

    static var walks: Int { ProcessInfo.processInfo.environment["PAKN_WORKFLOW_WALKS"].flatMap(Int.init) ?? 150 }
    static var seed: UInt64 { ProcessInfo.processInfo.environment["PAKN_WORKFLOW_WALK_SEED"].flatMap(UInt64.init) ?? 2026 }

    /// Who makes a move: the lead agency's officer and leader act for the agency roles.
    static func acting(_ actor: Actor, agency: UUID?) -> Acting {
        switch actor {
        case .staff(let role) where role.isAgencyScoped: Acting(userID: nil, actor: actor, agencyID: agency, label: role.label)
        default: Acting(userID: nil, actor: actor, agencyID: nil, label: actor.label)
        }
    }

    /// The input a move needs (a reason, a lead agency, the original's code).
    static func input(for action: WorkflowAction, agencies: [UUID], original: String, using rng: inout SplitMix64) -> ActionInput {
        var input = ActionInput(note: action.requiresNote ? "Lý do cho \(action.label)." : nil)
        switch action {
        case .reject: input.rejectionReason = RejectionReason.allCases.randomElement(using: &rng)
        case .redirectToEmergency: input.emergencyService = EmergencyService.allCases.randomElement(using: &rng)
        case .markDuplicate: input.duplicateOf = original
        case .forward:
            let lead = agencies.randomElement(using: &rng)!
            input.leadAgencyID = lead
            if Bool.random(using: &rng) { input.coHandlerIDs = agencies.filter { $0 != lead } }
        default: break
        }
        return input
    }

    /// The refusals the workflow documents for a move the table allows: the citizen's re-open window
    /// (`PAKN_REOPEN_DAYS`), and the extension rules of `DeadlineClock.requestExtension`.
    static func isDocumentedGuard(_ error: AppError, action: String, acting: Acting) -> Bool {
        switch action {
        case WorkflowAction.reopen.rawValue: acting.actor == .citizen && error.status == .conflict && error.message.contains("không thể phản ánh lại")
        case "extensionRequested":
            error.status == .conflict && [Extensions.message(for: .afterDue), Extensions.message(for: .pendingExtension),
                                          Extensions.message(for: .notLater)].contains(error.message)
        default: false
        }
    }

    @Test("seeded random walks: every allowed move succeeds or meets a documented guard, and every case can still close",
          arguments: TestDatabase.available)
    func randomWalks(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, other) = try await WorkflowFlowTests.staff(on: app)
            let agencies = [agency.id!, other.id!]
            let original = try await DeadlineWorkflowTests.fixture(app, received: "2026-01-05T08:00:00+07:00").record.trackingCode
            var rng = SplitMix64(seed: Self.seed)
            // Every Monday 08:00 of 2026 from 5 January, a start for a walk.
            let firstMonday = DeadlineWorkflowTests.at("2026-01-05T08:00:00+07:00")
            var moves = 0, refusals = 0, closed = 0
            for walk in 0..<Self.walks {
                var now = firstMonday.addingTimeInterval(Double(Int.random(in: 0..<45, using: &rng)) * 7 * 86_400)
                let id = try await Self.newCase(app, at: now)
                var history: [String] = []
                func fail(_ what: String) -> Comment { Comment(rawValue: "seed \(Self.seed), walk \(walk): \(history.joined(separator: " → ")) → \(what)") }
                let steps = Int.random(in: 3...24, using: &rng)
                for _ in 0..<steps {
                    // Mostly hours apart, now and then weeks (past a due instant, past the re-open window).
                    now = now.addingTimeInterval(Int.random(in: 0..<20, using: &rng) == 0
                        ? Double(Int.random(in: 10...40, using: &rng)) * 86_400
                        : Double(Int.random(in: 0...(36 * 3600), using: &rng)))
                    let record = try #require(try await ServiceRequestRecord.find(id, on: app.db))
                    let status = record.status
                    let lead = record.leadAgencyID ?? agency.id!
                    // One time in six, an agency in `accepted` asks for an extension and the coordinator decides.
                    if status == .accepted, Int.random(in: 0..<6, using: &rng) == 0 {
                        let officer = Self.acting(.staff(.agencyOfficer), agency: lead)
                        let proposed = now.addingTimeInterval(Double(Int.random(in: -5...20, using: &rng)) * 86_400)
                        do {
                            try await Extensions.request(requestID: id, reason: "Cần khảo sát", proposedDue: proposed, by: officer, on: app.db, now: now)
                            history.append("extensionRequested")
                            now = now.addingTimeInterval(3600)
                            try await Extensions.decide(requestID: id, approve: Bool.random(using: &rng), reason: "Không đủ căn cứ",
                                                        by: Self.acting(.staff(.coordinator), agency: nil), on: app.db, now: now)
                            history.append("extensionDecided")
                            moves += 2
                        } catch let error as AppError {
                            guard Self.isDocumentedGuard(error, action: "extensionRequested", acting: officer) else {
                                Issue.record(fail("extension: \(error.status.code) \(error.message)")); break
                            }
                            refusals += 1
                        }
                        continue
                    }
                    let allowed = Workflow.transitions.filter { $0.from.contains(status) }
                    guard let move = allowed.randomElement(using: &rng) else { break }
                    let actor = move.actors.sorted { $0.label < $1.label }.randomElement(using: &rng)!
                    let acting = Self.acting(actor, agency: lead)
                    let input = Self.input(for: move.action, agencies: agencies, original: original, using: &rng)
                    do {
                        let after = try await CaseWorkflow.perform(move.action, requestID: id, by: acting, input: input,
                                                                   config: app.paknConfiguration, on: app.db, now: now)
                        history.append("\(move.action.rawValue)(\(actor.label))")
                        #expect(after.status == move.to, fail("status \(after.status.rawValue), expected \(move.to.rawValue)"))
                        moves += 1
                    } catch let error as AppError {
                        guard Self.isDocumentedGuard(error, action: move.action.rawValue, acting: acting) else {
                            Issue.record(fail("\(move.action.rawValue) by \(actor.label) from \(status.rawValue): \(error.status.code) \(error.message)"))
                            break
                        }
                        refusals += 1
                    }
                }
                // Whatever happened, the case can still be taken to `closed`.
                for _ in 0..<12 {
                    let record = try #require(try await ServiceRequestRecord.find(id, on: app.db))
                    let status = record.status
                    if status == .closed { closed += 1; break }
                    guard let move = Self.nextMoveToClosed(from: status) else {
                        Issue.record(fail("no way from \(status.rawValue) to closed")); break
                    }
                    now = now.addingTimeInterval(3600)
                    // Staff close it (a citizen's re-open is not needed to close).
                    let actor = move.actors.contains(.staff(.coordinator)) ? Actor.staff(.coordinator)
                        : move.actors.first { if case .staff = $0 { true } else { false } } ?? move.actors.first!
                    do {
                        _ = try await CaseWorkflow.perform(move.action, requestID: id, by: Self.acting(actor, agency: record.leadAgencyID ?? agency.id!),
                                                           input: Self.input(for: move.action, agencies: [agency.id!], original: original, using: &rng),
                                                           config: app.paknConfiguration, on: app.db, now: now)
                        history.append("\(move.action.rawValue)*")
                    } catch {
                        Issue.record(fail("closing: \(move.action.rawValue) from \(status.rawValue): \(error)")); break
                    }
                }
            }
            #expect(closed == Self.walks, "every walk's case reached closed")
            print("workflow walks: \(Self.walks) walks, \(moves) moves made, \(refusals) refused by a documented guard, seed \(Self.seed)")
        }
    }

    /// The first move of a shortest path from `status` to `.closed` (breadth-first over the table).
    static func nextMoveToClosed(from status: RequestStatus) -> Transition? {
        var firstMove: [RequestStatus: Transition] = [:]
        var queue = [status], seen: Set<RequestStatus> = [status]
        while !queue.isEmpty {
            let current = queue.removeFirst()
            if current == .closed { return firstMove[current] }
            for move in Workflow.transitions where move.from.contains(current) && !seen.contains(move.to) {
                seen.insert(move.to)
                firstMove[move.to] = firstMove[current] ?? move
                queue.append(move.to)
            }
        }
        return nil
    }

    /// A new road-incident case received at `date`, by the web form's path; its id.
    static func newCase(_ app: Application, at date: Date) async throws -> UUID {
        let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
        let submission = Submission(kind: "phan_anh", title: "Ổ gà trên đường", content: "Mặt đường có ổ gà lớn, xe máy dễ ngã.",
                                    serviceCode: "su_co_duong", communeCode: commune, address: "", fullName: "Trần Văn An",
                                    phone: "0905123456", consent: true)
        guard case .success(let record) = try await IntakeService.submit(submission, files: [], channel: .web, acting: .citizen,
                                                                         config: app.paknConfiguration, on: app.db, now: date) else {
            throw AppError.invalid("walk fixture")
        }
        return try record.requireID()
    }

    @Test("an agency cannot publish its draft by marking the note public; nothing of it reaches the public timeline",
          arguments: TestDatabase.available)
    func agencyNoteStaysInternal(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, _) = try await WorkflowFlowTests.staff(on: app)
            let id = try await Self.newCase(app, at: Date())
            let coordinator = Self.acting(.staff(.coordinator), agency: nil), officer = Self.acting(.staff(.agencyOfficer), agency: agency.id)
            try await CaseWorkflow.perform(.forward, requestID: id, by: coordinator, input: ActionInput(leadAgencyID: agency.id),
                                           config: app.paknConfiguration, on: app.db)
            try await CaseWorkflow.perform(.accept, requestID: id, by: officer, input: ActionInput(), config: app.paknConfiguration, on: app.db)
            let draft = "Dự thảo: sẽ vá ổ gà trong tuần, liên hệ anh Tuấn 0905 999 888."
            try await CaseWorkflow.perform(.answer, requestID: id, by: officer, input: ActionInput(note: draft, notePublic: true),
                                           config: app.paknConfiguration, on: app.db)
            let answerEvent = try #require(try await EventRecord.query(on: app.db).filter(\.$requestID == id)
                .filter(\.$action == .workflow(.answer)).first())
            #expect(!answerEvent.isPublic)
            let record = try #require(try await ServiceRequestRecord.find(id, on: app.db))
            let page = try await Browser(app).get("/tra-cuu?ma=\(record.trackingCode)")
            #expect(!page.body.string.contains("Dự thảo") && !page.body.string.contains("0905 999 888"))
        }
    }

    /// The reported defect, through `/api/v1/staff`: forward, accept, answer, returnDraft, answer again, approve,
    /// sendBackToAgency, answer, approve, publish — every step 200, and the on-time outcome is the final answer's.
    @Test("a returned draft and a sent-back answer can be answered again and published", arguments: TestDatabase.available)
    func returnedDraftThroughTheAPI(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, _) = try await WorkflowFlowTests.staff(on: app)
            let record = try await WorkflowFlowTests.submit(app, content: "Cống thoát nước bị tắc trước chợ, nước tràn ra đường.")
            let id = record.id!.uuidString
            func token(_ email: String) async throws -> String {
                var headers = HTTPHeaders(); headers.contentType = .json
                let body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: ["email": email, "password": TestApp.demoPassword]))
                let response = try await app.testing().sendRequest(.POST, "/api/v1/auth/token", headers: headers, body: body)
                return try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])["token"] as! String
            }
            let coordinator = try await token("co@t.vn"), officer = try await token("of@t.vn"), leader = try await token("le@t.vn")
            func act(_ action: String, _ who: String, _ body: [String: Any] = [:]) async throws -> HTTPStatus {
                var headers = HTTPHeaders(); headers.contentType = .json
                headers.bearerAuthorization = BearerAuthorization(token: who)
                let response = try await app.testing().sendRequest(.POST, "/api/v1/staff/requests/\(id)/actions/\(action)", headers: headers,
                                                                   body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)))
                #expect(response.status == .ok, "\(action): \(response.status) \(response.body.string)")
                return response.status
            }
            _ = try await act("forward", coordinator, ["lead_agency_id": agency.id!.uuidString])
            _ = try await act("accept", officer)
            _ = try await act("answer", officer, ["note": "Dự thảo lần 1."])
            _ = try await act("returnDraft", leader, ["note": "Bổ sung thời gian nạo vét."])
            var lead = try #require(try await Assignment.query(on: app.db).filter(\.$requestID == record.id!).filter(\.$role == .lead).filter(\.$active == true).first())
            #expect(lead.status == .accepted)
            #expect(lead.outcome == nil)
            #expect(lead.resolution?.isStopped == false)
            #expect(lead.dueAt != nil)
            _ = try await act("answer", officer, ["note": "Dự thảo lần 2: nạo vét trong tuần."])
            _ = try await act("approve", leader)
            _ = try await act("sendBackToAgency", coordinator, ["note": "Ghi rõ ngày hoàn thành."])
            _ = try await act("answer", officer, ["note": "Dự thảo lần 3: hoàn thành ngày 20."])
            _ = try await act("approve", leader)
            _ = try await act("publish", coordinator)
            let published = try #require(try await ServiceRequestRecord.find(record.id!, on: app.db))
            #expect(published.status == .published)
            lead = try #require(try await Assignment.query(on: app.db).filter(\.$requestID == record.id!).filter(\.$role == .lead).filter(\.$active == true).first())
            // Answered within minutes of acceptance: on time, decided by the final answer.
            #expect(lead.outcome == .onTime)
            #expect(lead.answer == "Dự thảo lần 3: hoàn thành ngày 20.")
        }
    }
}
