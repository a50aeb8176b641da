import Fluent
import Foundation
import PAKNDomain

/// Writes history entries. Every state change and every view of a requester's contact details is recorded.
enum EventLog {
    @discardableResult
    static func write(
        request: ServiceRequestRecord, action: CaseEvent, from: RequestStatus?, to: RequestStatus?, note: String?,
        isPublic: Bool, acting: Acting, on db: Database, now: Date = Date()
    ) async throws -> EventRecord {
        let event = EventRecord()
        event.requestID = try request.requireID()
        event.occurredAt = now
        event.actorUserID = acting.userID
        event.actorLabel = acting.label
        event.action = action
        event.fromStatus = from
        event.toStatus = to
        event.note = note
        event.isPublic = isPublic
        try await event.save(on: db)
        return event
    }
}
