import Fluent
import Foundation
import PAKNDomain
import SQLKit
import Vapor

/// The one place where a case changes status. It checks the move against `Workflow.transitions`, checks the
/// actor's agency scope, applies the move's effects, writes the event and queues the citizen's notification —
/// all in one database transaction, guarded so that two concurrent moves cannot both succeed.
public enum CaseWorkflow {
    /// Performs `action` on the case `requestID`. Once the transaction is committed, and only then, the change is told
    /// to the case pages open on every node (``LiveCase``, through `liveEvents`'s relay: PostgreSQL `NOTIFY` or the
    /// local hub); `liveEvents` nil (the seeder, a move inside a caller's own transaction) tells no one.
    /// - Throws: `AppError` 404 when the case is not visible to the actor, 409 when the move is not allowed
    ///   from the current status (also when another user moved the case first), 403 for a forbidden actor,
    ///   422 when the move's data is missing or invalid.
    @discardableResult
    public static func perform(
        _ action: WorkflowAction, requestID: UUID, by acting: Acting, input: ActionInput,
        config: AppConfiguration, on db: Database, liveEvents: Application? = nil, now: Date = Date()
    ) async throws -> ServiceRequestRecord {
        let moved = try await db.writeTransaction { tx in
            guard let record = try await ServiceRequestRecord.findReadable(requestID, on: tx, logger: tx.logger) else { throw AppError.notFound() }
            try await CaseAccess.requireVisible(record, to: acting, on: tx)
            let from = record.status
            let note = input.note.map(VietnameseText.sanitizedText).flatMap { $0.isEmpty ? nil : $0 }
            if let note, Intake.containsMarkup(note) { throw AppError.invalid("Nội dung không được chứa mã HTML hoặc script.") }
            let to: RequestStatus
            do throws(WorkflowError) {
                to = try Workflow.transition(action, from: from, by: acting.actor, note: note)
            } catch {
                switch error {
                case .notAllowedFromStatus: throw AppError(.conflict, error.code, error.message)
                case .notAllowedForActor: throw AppError(.forbidden, error.code, error.message)
                case .noteRequired: throw AppError(.unprocessableEntity, error.code, error.message)
                }
            }
            try await guardStatus(record, from: from, to: to, on: tx)
            try await applyEffects(action, to: record, acting: acting, input: input, note: note, config: config, on: tx, now: now)
            record.status = to
            try await record.save(on: tx)
            // The move shows on the public timeline by its own rule; its note only once a coordinator approved it
            // (`NoteVisibility`): a note another author wants public waits for the coordinator (issue 11 item 5).
            let isPublic = action.isPublicByDefault
            let event = try await EventLog.write(
                request: record, action: .workflow(action), from: from, to: to, note: note,
                // Only the note of a public move can be proposed: an internal move stays off the timeline.
                isPublic: isPublic, noteVisibility: .onWrite(by: acting.role, wantsPublic: isPublic && (input.notePublic ?? false)),
                acting: acting, on: tx, now: now)
            if isPublic {
                try await Outbox.enqueueNotification(for: record, event: event, on: tx, now: now)
                try await Outbox.enqueueNationalSync(for: record, event: event, config: config, on: tx, now: now)
            }
            if let article = input.articleID, action == .answer || action == .answerDirectly {
                try await KnowledgeBase.recordUse(article, in: try record.requireID(), as: action == .answerDirectly ? .answer : .quote,
                                                  by: acting, on: tx)
            }
            return record
        }
        if let liveEvents { await LiveCase.publish(moved, change: action.label, app: liveEvents, on: db) }
        return moved
    }

    /// Claims the status change atomically: the UPDATE only matches while the case is still in `from`.
    private static func guardStatus(_ record: ServiceRequestRecord, from: RequestStatus, to: RequestStatus, on db: Database) async throws {
        guard let sql = db as? any SQLDatabase, let id = record.id else { return }
        let rows = try await sql.update(ServiceRequestRecord.schema)
            .set("status", to: to.rawValue)
            .where("id", .equal, id)
            .where("status", .equal, from.rawValue)
            .returning("id")
            .all()
        if rows.isEmpty {
            throw AppError.conflict("Phản ánh vừa được người khác cập nhật. Vui lòng tải lại trang.")
        }
    }

    private static func applyEffects(
        _ action: WorkflowAction, to record: ServiceRequestRecord, acting: Acting, input: ActionInput,
        note: String?, config: AppConfiguration, on db: Database, now: Date
    ) async throws {
        let requestID = try record.requireID()
        switch action {
        case .reject:
            guard let reason = input.rejectionReason else { throw AppError.invalid("Vui lòng chọn lý do từ chối.") }
            record.rejectionReason = reason
            record.closedAt = now
        case .redirectToEmergency:
            guard let service = input.emergencyService else { throw AppError.invalid("Vui lòng chọn số khẩn cấp 113, 114 hoặc 115.") }
            record.emergencyService = service
            record.closedAt = now
        case .referToComplaintProcedure:
            record.restricted = true
            record.closedAt = now
            try await Assignment.query(on: db).filter(\.$requestID == requestID).set(\.$active, to: false).update()
            record.leadAgencyID = nil
        case .markDuplicate:
            try await mergeIntoOriginal(record, originalCode: input.duplicateOf, acting: acting, on: db, now: now)
            record.closedAt = now
        case .forward:
            try await forward(record, input: input, config: config, on: db, now: now)
        case .accept:
            let lead = try await leadAssignment(of: requestID, for: acting, on: db)
            let context = try await DeadlineStore.load(on: db)
            lead.status = .accepted; lead.acceptedAt = now
            try clockMove { var clock = lead.acceptance; try clock?.stop(at: now, reason: .completed); lead.acceptance = clock }
            let policy = context.policy(serviceCode: record.serviceCode, urgency: record.urgency)
            lead.resolution = DeadlineClock(stage: .resolution, startedAt: now, limit: policy.resolutionLimit)
            lead.refreshDueDates(in: context.calendar(for: lead.agencyID))
            try await lead.save(on: db)
            record.dueAt = lead.dueAt
        case .returnToCoordinator:
            let lead = try await leadAssignment(of: requestID, for: acting, on: db)
            lead.status = .returned; lead.active = false
            // The agency's clock stops here; a re-forward starts a new assignment with a new clock.
            try clockMove {
                if var clock = lead.resolution { try clock.stop(at: now, reason: .returnedToCoordinator); lead.resolution = clock }
                else if var clock = lead.acceptance { try clock.stop(at: now, reason: .returnedToCoordinator); lead.acceptance = clock }
            }
            try await lead.save(on: db)
            try await Assignment.query(on: db).filter(\.$requestID == requestID).filter(\.$active == true)
                .set(\.$active, to: false).set(\.$status, to: .closed).update()
            record.leadAgencyID = nil
            record.dueAt = nil
        case .answer:
            let lead = try await leadAssignment(of: requestID, for: acting, on: db)
            lead.status = .answered; lead.answeredAt = now; lead.answer = note
            let calendar = try await DeadlineStore.load(on: db).calendar(for: lead.agencyID)
            try clockMove { var clock = lead.resolution; try clock?.stop(at: now, reason: .completed); lead.resolution = clock }
            lead.outcome = lead.resolution?.outcome(in: calendar)
            lead.outcomeOriginal = lead.resolution?.outcomeAgainstOriginalDue(in: calendar)
            lead.answerWorkingSeconds = calendar.workingSeconds(from: lead.forwardedAt, to: now)
            try await lead.save(on: db)
            record.answer = note
            for file in input.attachments {
                let attachment = Attachment()
                attachment.id = file.id; attachment.requestID = requestID; attachment.purpose = .answer
                attachment.filename = file.filename; attachment.contentType = file.contentType
                attachment.byteCount = file.byteCount; attachment.sha256 = file.sha256; attachment.isPublic = true
                try await attachment.create(on: db)
            }
        case .approve:
            _ = try await leadAssignment(of: requestID, for: acting, on: db)
        case .returnDraft:
            // The leader is part of the agency: its clock runs on as if the draft had not been given.
            try await takeBackAnswer(of: record, for: acting, on: db) { clock in try clock.withdrawCompletion() }
            try await noticeDraftReturned(record, by: "Lãnh đạo đơn vị", note: note, on: db, now: now)
        case .sendBackToAgency:
            // The coordinator's holding time is not the agency's: its clock resumes now.
            try await takeBackAnswer(of: record, for: acting, on: db) { clock in
                try clock.resumeAfterCompletion(at: now, reason: "Điều phối viên trả lại cơ quan xử lý")
            }
            try await noticeDraftReturned(record, by: "Điều phối viên", note: note, on: db, now: now)
        case .requestInformation:
            let lead = try await leadAssignment(of: requestID, for: acting, on: db)
            // The resolution clock pauses while the agency waits for the citizen (issue 3 §3).
            try clockMove { var clock = lead.resolution; try clock?.pause(at: now, reason: note ?? ""); lead.resolution = clock }
            lead.dueAt = nil
            try await lead.save(on: db)
            record.dueAt = nil
        case .supplyInformation:
            if acting.role?.isAgencyScoped == true { _ = try await leadAssignment(of: requestID, for: acting, on: db) }
            if let lead = try await Assignment.query(on: db).filter(\.$requestID == requestID).filter(\.$active == true).filter(\.$role == .lead).first() {
                try clockMove { var clock = lead.resolution; try clock?.resume(at: now); lead.resolution = clock }
                lead.refreshDueDates(in: try await DeadlineStore.load(on: db).calendar(for: lead.agencyID))
                try await lead.save(on: db)
                record.dueAt = lead.dueAt
            }
        case .publish:
            try await Publication.publish(record, on: db, now: now)
        case .answerDirectly:
            record.answer = note
            try await Publication.publish(record, on: db, now: now)
        case .reopen:
            if acting.actor == .citizen, let published = record.publishedAt,
               now.timeIntervalSince(published) > Double(config.reopenWindowDays) * 86_400 {
                throw AppError.conflict("Đã quá \(config.reopenWindowDays) ngày kể từ khi công khai trả lời, không thể phản ánh lại.")
            }
            record.closedAt = nil
        case .close:
            record.closedAt = now
        case .restore:
            record.closedAt = nil
            record.rejectionReason = nil
            record.emergencyService = nil
            record.duplicateOfID = nil
        case .returnToPAKN:
            record.restricted = false
            record.closedAt = nil
        }
    }

    /// Re-opens the lead agency's answered assignment: `reopen` takes back the stop of its resolution clock, the
    /// outcome is cleared (the final approved answer decides it), and the due dates run again.
    private static func takeBackAnswer(
        of record: ServiceRequestRecord, for acting: Acting, on db: Database,
        _ reopen: (inout DeadlineClock) throws -> Void
    ) async throws {
        let lead = try await leadAssignment(of: try record.requireID(), for: acting, on: db)
        try clockMove {
            guard var clock = lead.resolution else { return }
            try reopen(&clock)
            lead.resolution = clock
        }
        lead.status = .accepted
        lead.answeredAt = nil
        lead.outcome = nil
        lead.outcomeOriginal = nil
        lead.answerWorkingSeconds = nil
        lead.refreshDueDates(in: try await DeadlineStore.load(on: db).calendar(for: lead.agencyID))
        try await lead.save(on: db)
        record.dueAt = lead.dueAt
    }

    /// Tells the lead agency's officers that their draft answer came back (issue 14): one notice per return. The
    /// note stays on the case page; the notice names the case and who returned it only.
    private static func noticeDraftReturned(_ record: ServiceRequestRecord, by who: String, note: String?, on db: Database, now: Date) async throws {
        guard let agency = record.leadAgencyID else { return }
        let code = TrackingCode(digits: record.trackingCode)?.formatted ?? record.trackingCode
        try await StaffNotices.notify(kind: .draftReturned, key: "returned:\(try record.requireID().uuidString):\(now.timeIntervalSince1970)",
                                      request: record, role: .agencyOfficer, agencyID: agency,
                                      text: "\(who) trả lại dự thảo trả lời phản ánh \(code) để sửa.", on: db, now: now)
    }

    /// Runs a clock mutation; an impossible one (out of order, already stopped) is a 409.
    private static func clockMove(_ body: () throws -> Void) throws {
        do { try body() } catch let error as DeadlineClockError {
            throw AppError.conflict("Không cập nhật được hạn xử lý (\(error)).")
        }
    }

    private static func leadAssignment(of requestID: UUID, for acting: Acting, on db: Database) async throws -> Assignment {
        var query = Assignment.query(on: db).filter(\.$requestID == requestID).filter(\.$active == true).filter(\.$role == .lead)
        if acting.role?.isAgencyScoped == true {
            guard let agency = acting.agencyID else { throw AppError.forbidden() }
            query = query.filter(\.$agencyID == agency)
        }
        guard let lead = try await query.first() else {
            throw AppError.forbidden("Chỉ cơ quan chủ trì xử lý mới thực hiện được thao tác này.")
        }
        return lead
    }

    private static func forward(_ record: ServiceRequestRecord, input: ActionInput, config: AppConfiguration, on db: Database, now: Date) async throws {
        let requestID = try record.requireID()
        guard let leadID = input.leadAgencyID,
              let lead = try await Agency.find(leadID, on: db), lead.active else {
            throw AppError.invalid("Vui lòng chọn cơ quan chủ trì xử lý.")
        }
        let coIDs = Array(Set(input.coHandlerIDs).subtracting([leadID]))
        let coAgencies = try await Agency.query(on: db).filter(\.$id ~~ coIDs).filter(\.$active == true).all()
        guard coAgencies.count == coIDs.count else { throw AppError.invalid("Cơ quan phối hợp không hợp lệ.") }
        // A re-forward closes the previous round; its assignments stay in the history.
        try await Assignment.query(on: db).filter(\.$requestID == requestID).filter(\.$active == true)
            .set(\.$active, to: false).set(\.$status, to: .closed).update()
        let context = try await DeadlineStore.load(on: db)
        let policy = context.policy(serviceCode: record.serviceCode, urgency: record.urgency)
        var leadAssignment: Assignment?
        for (agencyID, role) in [(leadID, AssignmentRole.lead)] + coIDs.map({ ($0, AssignmentRole.coHandler) }) {
            let assignment = Assignment()
            assignment.requestID = requestID; assignment.agencyID = agencyID; assignment.role = role
            assignment.status = .pending; assignment.forwardedAt = now; assignment.active = true
            // Acceptance runs from forwarding (issue 3 §3).
            assignment.acceptance = DeadlineClock(stage: .acceptance, startedAt: now, limit: policy.acceptanceLimit)
            assignment.refreshDueDates(in: context.calendar(for: agencyID))
            try await assignment.save(on: db)
            if role == .lead { leadAssignment = assignment }
            // The agency's staff hear of it (in the app, and by e-mail or SMS as each chose; issue 14).
            let code = TrackingCode(digits: record.trackingCode)?.formatted ?? record.trackingCode
            let text = "Phản ánh \(code) được chuyển đến đơn vị (\(role.label.lowercased()))"
                + (assignment.dueAt.map { ", hạn \(VietnamTime.dateTimeText($0))" } ?? "") + "."
            for addressee in StaffNoticeKind.newAssignment.addressees {
                try await StaffNotices.notify(kind: .newAssignment, key: "assignment:\(try assignment.requireID().uuidString):\(addressee.rawValue)",
                                              request: record, role: addressee, agencyID: agencyID, text: text, on: db, now: now)
            }
        }
        record.leadAgencyID = leadID
        record.dueAt = leadAssignment.flatMap { DueDates.expectedAnswer(lead: $0, record: record, context: context) }
    }

    private static func mergeIntoOriginal(_ record: ServiceRequestRecord, originalCode: String?, acting: Acting, on db: Database, now: Date) async throws {
        guard let code = originalCode.flatMap(TrackingCode.init(parsing:)) else {
            throw AppError.invalid("Mã phản ánh gốc không hợp lệ.")
        }
        guard var original = try await ServiceRequestRecord.query(on: db).filter(\.$trackingCode == code.digits).first(),
              !original.restricted else {
            throw AppError.invalid("Không tìm thấy phản ánh gốc \(code.formatted).")
        }
        // Follow a chain of duplicates to its root so contacts always join the live case.
        var hops = 0
        while let parent = original.duplicateOfID, hops < 10, let next = try await ServiceRequestRecord.find(parent, on: db) {
            original = next; hops += 1
        }
        let originalID = try original.requireID()
        let requestID = try record.requireID()
        guard originalID != requestID else { throw AppError.invalid("Không thể đánh dấu phản ánh trùng với chính nó.") }
        record.duplicateOfID = originalID
        let existing = Set(try await RequestContact.query(on: db).filter(\.$requestID == originalID).all().map(\.contactID))
        for link in try await RequestContact.query(on: db).filter(\.$requestID == requestID).all() where !existing.contains(link.contactID) {
            try await RequestContact(requestID: originalID, contactID: link.contactID, isPrimary: false, sourceRequestID: requestID).save(on: db)
        }
        _ = try await EventLog.write(
            request: original, action: .merged, from: nil, to: nil,
            note: "Gộp phản ánh trùng \(TrackingCode(digits: record.trackingCode)?.formatted ?? record.trackingCode).",
            isPublic: false, acting: acting, on: db, now: now)
    }
}
