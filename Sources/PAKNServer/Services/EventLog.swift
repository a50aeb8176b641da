import Fluent
import Foundation
import PAKNDomain

/// Writes history entries. Every state change and every view of a requester's contact details is recorded.
enum EventLog {
    @discardableResult
    static func write(
        request: ServiceRequestRecord, action: CaseEvent, from: RequestStatus?, to: RequestStatus?, note: String?,
        isPublic: Bool, noteVisibility: NoteVisibility = .internal, acting: Acting, on db: Database, now: Date = Date()
    ) async throws -> EventRecord {
        let event = EventRecord(requestID: try request.requireID(), occurredAt: now, actorUserID: acting.userID, actorLabel: acting.label,
                                action: action, from: from, to: to, note: note, isPublic: isPublic, noteVisibility: noteVisibility)
        if event.noteVisibility != .internal { event.noteAuthor = try await unit(of: acting, on: db) }
        try await event.save(on: db)
        return event
    }

    /// The unit a public note is labelled with: the author's agency, or the 1022 centre for its own staff.
    static func unit(of acting: Acting, on db: Database) async throws -> String {
        if let id = acting.agencyID, let agency = try await Agency.find(id, on: db) { return agency.name }
        return "Trung tâm 1022"
    }
}
