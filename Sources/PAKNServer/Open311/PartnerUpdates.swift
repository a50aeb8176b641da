import Fluent
import Foundation
import PAKNDomain
import Vapor

/// The mySociety "Open311 FMS" extension (open311-adapter `Role::mySociety`): `servicerequestupdates`.
///
/// - `GET`: the public history of our cases in a period, so a partner (FixMyStreet, a portal) can follow what our
///   agencies did. One `request_update` per public event of an unrestricted case.
/// - `POST`: a partner's back office pushes a status change or an answer. De-duplicated per partner on
///   `update_id`: a repeat returns the first result and changes nothing.
enum PartnerUpdates {
    /// Without dates, `GET` covers the last 24 hours (FixMyStreet asks for the last 2 hours by default).
    static let defaultWindow: TimeInterval = 24 * 3600

    /// `GET servicerequestupdates`: `service_request_updates/request_update{update_id, service_request_id, status,
    /// updated_datetime, description, media_url}`, oldest first, at most 1000.
    /// `update_id` is our event id; `status` the lowercase extended status of the case after the event
    /// (`RequestStatus.partnerUpdateStatus`); `description` only reviewed text: the public answer on the
    /// event that published it, empty otherwise (staff notes are never shown; issue 11 item 3).
    /// - Throws: `Open311Error` 400 for malformed dates, an end before the start or a range over 90 days.
    static func list(_ p: Open311Parameters, on db: Database, now: Date = Date()) async throws -> Open311Document {
        var errors: [String] = []
        let start = p["start_date"].map { ($0, W3CDateTime.parse($0)) }
        let end = p["end_date"].map { ($0, W3CDateTime.parse($0)) }
        if let (raw, date) = start, date == nil { errors.append("start_date: '\(raw)' is not a W3C datetime") }
        if let (raw, date) = end, date == nil { errors.append("end_date: '\(raw)' is not a W3C datetime") }
        let to = end?.1 ?? now
        let from = start?.1 ?? to.addingTimeInterval(-defaultWindow)
        if to < from { errors.append("end_date: before start_date") }
        else if to.timeIntervalSince(from) > Open311Requests.maximumSpan { errors.append("end_date: the range may not span more than 90 days") }
        if !errors.isEmpty { throw Open311Error(.badRequest, errors) }

        let events = try await EventRecord.query(on: db)
            .join(ServiceRequestRecord.self, on: \EventRecord.$requestID == \ServiceRequestRecord.$id)
            .filter(ServiceRequestRecord.self, \.$restricted == false)
            .filter(\.$isPublic == true)
            .filter(\.$occurredAt >= from).filter(\.$occurredAt <= to)
            .sort(\.$occurredAt).limit(1000).all()
        var records: [UUID: ServiceRequestRecord] = [:]
        var items: [Open311Node] = []
        for event in events {
            let record = try event.joined(ServiceRequestRecord.self)
            records[event.requestID] = record
            let status = event.toStatus ?? record.status
            items.append(.object([
                ("update_id", .text(event.id?.uuidString.lowercased())),
                ("service_request_id", .text(record.trackingCode)),
                ("status", .text(status.partnerUpdateStatus)),
                ("updated_datetime", .datetime(event.occurredAt)),
                // Only reviewed text: the answer checked at publication, on the event that published it.
                ("description", .text(event.action == .workflow(.publish) || event.action == .workflow(.answerDirectly) ? record.publicAnswer ?? "" : "")),
                ("media_url", .text(nil)),
            ]))
        }
        return Open311Document(root: "service_request_updates", body: .list(item: "request_update", items))
    }

    /// `POST servicerequestupdates`: applies one partner update.
    ///
    /// With a key bound to an agency, the update makes the moves of `PartnerUpdateStatus.agencyMoves(from:)` through
    /// `CaseWorkflow.perform`, as that agency's officer, with the description as the note (so "FIXED" submits the
    /// description as the draft answer, which the agency leader approves and the coordinator publishes). When no
    /// move applies (or the key has no agency), the update is kept as an internal note for the coordinator.
    /// Everything (the stored update, the moves, their events) is written in one transaction; once it is committed,
    /// and only then, each move is told to the case pages open on every node through `liveEvents` (``LiveCase``), as
    /// a move made on the pages or through /api/v1 is.
    ///
    /// - Returns: `service_request_updates/request_update{update_id}` with our id of the stored update, and the
    ///   case's tracking code for the use log.
    /// - Throws: `Open311Error` 400 (missing or malformed parameter, unknown status, HTML in the description),
    ///   404 (unknown case, a restricted one, or one the key's agency does not handle).
    static func apply(_ p: Open311Parameters, key: PartnerAPIKey, config: AppConfiguration, on db: Database,
                      liveEvents: Application? = nil, now: Date = Date()) async throws -> (document: Open311Document, trackingCode: String) {
        var errors: [String] = []
        for name in ["service_request_id", "update_id", "status", "updated_datetime", "description"] where p[name] == nil {
            errors.append("\(name): required / bắt buộc")
        }
        let status = p["status"].flatMap(PartnerUpdateStatus.init(wire:))
        if let raw = p["status"], status == nil { errors.append("status: '\(raw)' is not a status of the servicerequestupdates extension") }
        let updatedAt = p["updated_datetime"].flatMap(W3CDateTime.parse)
        if let raw = p["updated_datetime"], updatedAt == nil { errors.append("updated_datetime: '\(raw)' is not a W3C datetime") }
        let description = VietnameseText.sanitizedText(p["description"] ?? "")
        if description.count > 5000 || Intake.containsMarkup(description) { errors.append("description: at most 5000 characters, no HTML") }
        let updateID = p["update_id"] ?? ""
        if updateID.count > 200 { errors.append("update_id: at most 200 characters") }
        let code = p["service_request_id"].flatMap(TrackingCode.init(parsing:))
        if let raw = p["service_request_id"], code == nil { errors.append("service_request_id: '\(raw)' is not a service request id (10 digits)") }
        if !errors.isEmpty { throw Open311Error(.badRequest, errors) }
        guard let code, let status, let updatedAt else { throw Open311Error.badRequest("malformed update") }

        if let earlier = try await PartnerUpdate.query(on: db).filter(\.$partner == key.partner).filter(\.$updateID == updateID).first() {
            return (response(earlier), try await ServiceRequestRecord.find(earlier.requestID, on: db)?.trackingCode ?? code.digits)
        }
        let acting = PartnerKeys.acting(key)
        guard let record = try await PublicQueries.byCode(code, on: db) else {
            throw Open311Error.notFound("service_request_id: unknown service request '\(code.digits)'")
        }
        if key.agencyID != nil {
            guard (try? await CaseAccess.requireVisible(record, to: acting, on: db)) != nil else {
                throw Open311Error.notFound("service_request_id: unknown service request '\(code.digits)' for this key's agency")
            }
        }
        let requestID = try record.requireID()
        do {
            let (stored, moves) = try await db.writeTransaction { tx -> (PartnerUpdate, [(WorkflowAction, ServiceRequestRecord)]) in
                let update = PartnerUpdate()
                update.partner = key.partner; update.updateID = updateID; update.keyID = try key.requireID()
                update.requestID = requestID; update.status = status; update.updatedAt = updatedAt
                update.description = description; update.receivedAt = now; update.applied = "note"
                try await update.create(on: tx)
                // Moves only for the lead agency's key, and only those the workflow allows for its officer:
                // both checked before anything is written, so a refused move never leaves half a change.
                var applied: [WorkflowAction] = []
                var moves: [(WorkflowAction, ServiceRequestRecord)] = []
                if let agency = key.agencyID, record.leadAgencyID == agency {
                    var current = record.status
                    var planned: [WorkflowAction] = []
                    for action in status.agencyMoves(from: current) {
                        guard let next = try? Workflow.transition(action, from: current, by: acting.actor, note: description) else { planned = []; break }
                        planned.append(action); current = next
                    }
                    for action in planned {
                        // Inside this transaction: published below, after the commit.
                        let moved = try await CaseWorkflow.perform(action, requestID: requestID, by: acting, input: ActionInput(note: description),
                                                                   config: config, on: tx, now: now)
                        applied.append(action)
                        moves.append((action, moved))
                    }
                }
                if applied.isEmpty {
                    try await EventLog.write(request: record, action: .partnerUpdate, from: nil, to: nil,
                                             note: "[\(status.rawValue)] \(description)", isPublic: false, acting: acting, on: tx, now: now)
                } else {
                    update.applied = applied.map(\.rawValue).joined(separator: ",")
                    try await update.save(on: tx)
                }
                return (update, moves)
            }
            if let liveEvents {
                for (action, moved) in moves { await LiveCase.publish(moved, change: action.label, app: liveEvents, on: db) }
            }
            return (response(stored), record.trackingCode)
        } catch let error as AppError where error.status == .unprocessableEntity {
            throw Open311Error.badRequest("description: \(error.message)")
        } catch let error as Open311Error {
            throw error
        } catch {
            // Two deliveries of one update at once: the unique (partner, update_id) index let one through.
            if let earlier = try await PartnerUpdate.query(on: db).filter(\.$partner == key.partner).filter(\.$updateID == updateID).first() {
                return (response(earlier), record.trackingCode)
            }
            throw error
        }
    }

    static func response(_ update: PartnerUpdate) -> Open311Document {
        Open311Document(root: "service_request_updates", body: .list(item: "request_update", [
            .object([("update_id", .text(update.id?.uuidString.lowercased()))]),
        ]))
    }
}
