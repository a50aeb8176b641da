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

    /// What a national-sync job carries: the request and the change (event) that queued it.
    struct NationalSyncPayload: Codable {
        let requestID: UUID
        let eventID: UUID
    }

    /// The idempotency key of the national-sync job of `eventID` on `requestID`: `national:<request id>:<event id>`.
    /// The request's id in it lets the delivery find the earlier jobs of the same request (they go first).
    static func nationalSyncKey(requestID: UUID, eventID: UUID) -> String {
        "national:\(requestID.uuidString):\(eventID.uuidString)"
    }

    /// Queues the POST of `record`'s `pakn-sync/1` record to the national portal for the change `event`, in the
    /// caller's transaction (issue 15 item 8; `NationalPortalDelivery`). Nothing is queued when
    /// `PAKN_NATIONAL_SYNC_URL` is unset or the request is restricted (khiếu nại, tố cáo are never reported).
    static func enqueueNationalSync(for record: ServiceRequestRecord, event: EventRecord, config: AppConfiguration,
                                    on db: Database, now: Date) async throws {
        guard config.nationalSyncURL != nil, !record.restricted else { return }
        let requestID = try record.requireID(), eventID = try event.requireID()
        try await JobQueue.enqueue(kind: .nationalSync, payload: NationalSyncPayload(requestID: requestID, eventID: eventID),
                                   idempotencyKey: nationalSyncKey(requestID: requestID, eventID: eventID), runAt: now, on: db)
    }
}
