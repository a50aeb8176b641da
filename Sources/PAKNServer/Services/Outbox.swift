import Fluent
import Foundation
import PAKNDomain

/// Notifications to the citizen are rows in the job table, written in the same transaction as the state change,
/// as a template id plus parameters; the worker delivers them on the channel of origin or its fallback
/// (`NotificationDelivery`).
enum Outbox {
    struct NotificationPayload: Codable {
        let requestID: UUID
        /// Template id: the workflow action or "received".
        let template: CaseEvent
        let status: RequestStatus
        let eventID: UUID
        /// Only this channel (the SMS sent when the notice's mail bounced); nil: the channel plan's order.
        var only: PAKNDomain.Channel? = nil
    }

    static func enqueueNotification(for record: ServiceRequestRecord, event: EventRecord, on db: Database, now: Date) async throws {
        let eventID = try event.requireID()
        let payload = NotificationPayload(requestID: try record.requireID(), template: event.action, status: record.status, eventID: eventID)
        try await JobQueue.enqueue(kind: .notify, payload: payload, idempotencyKey: "notify:\(eventID.uuidString)", runAt: now, on: db)
    }
}
