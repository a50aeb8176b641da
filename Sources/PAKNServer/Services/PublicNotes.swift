import Fluent
import Foundation
import PAKNDomain

/// The coordinator's review of notes their authors want public (issue 11 item 5): approved notes are shown on the
/// public timeline, masked as answers are, labelled with their author's unit; the others stay internal.
struct PublicNotes {
    let db: Database

    /// The notes of a case waiting for review, oldest first.
    func proposed(for requestID: UUID) async throws -> [EventRecord] {
        try await EventRecord.query(on: db).filter(\.$requestID == requestID)
            .filter(\.$noteVisibility == .proposed).sort(\.$occurredAt).all()
    }

    /// Approves (`approve` true) or keeps internal the proposed note `eventID` of case `requestID`. Only a coordinator
    /// decides. Throws `AppError` 403 for anyone else, 404 when there is no such proposed note.
    func decide(eventID: UUID, of requestID: UUID, approve: Bool, acting: Acting) async throws {
        guard acting.role == .coordinator else { throw AppError.forbidden("Chỉ điều phối viên duyệt công khai ghi chú.") }
        guard let event = try await EventRecord.query(on: db).filter(\.$id == eventID).filter(\.$requestID == requestID)
            .filter(\.$noteVisibility == .proposed).first() else { throw AppError.notFound("Không có ghi chú chờ duyệt này.") }
        event.noteVisibility = approve ? .approved : .internal
        // An approved note needs its event on the timeline.
        if approve { event.isPublic = true }
        try await event.update(on: db)
    }
}

extension PublicQueries {
    /// The unit of a note written before notes carried their unit: the agency for agency staff, else the centre.
    static func unit(of event: EventRecord) -> String {
        event.actorLabel.contains("(Cán bộ xử lý)") || event.actorLabel.contains("(Lãnh đạo đơn vị)") ? "Cơ quan xử lý" : "Trung tâm 1022"
    }

    /// One entry of the public timeline: the move's Vietnamese label and date, and an approved note, masked, with
    /// the unit it is labelled with.
    struct TimelineEntry: Sendable {
        let at: Date
        let action: CaseEvent
        let label: String
        let note: String?
        let noteAuthor: String?
    }

    /// The public timeline of a case: public events; notes only when approved (`NoteVisibility`), masked by `masking`.
    /// `forRequester` (the look-up after the second factor): also what an agency asked the requester to supply, which
    /// is addressed to them.
    static func publicTimeline(of record: ServiceRequestRecord, masking: Masking, forRequester: Bool = false,
                               on db: Database) async throws -> [TimelineEntry] {
        try await publicEvents(of: record, on: db).map { event in
            let addressedToRequester = forRequester && event.action == .workflow(.requestInformation)
            let shown = event.noteVisibility == .approved || addressedToRequester ? event.note.map { masking.mask($0).text } : nil
            return TimelineEntry(at: event.occurredAt, action: event.action, label: event.action.label, note: shown,
                                 noteAuthor: shown == nil ? nil : (event.noteAuthor ?? unit(of: event)))
        }
    }
}
