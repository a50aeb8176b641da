import Fluent
import Foundation
import PAKNDomain
import SQLKit

/// The reads behind the national-portal sync (issue 15 item 8; docs/national-portal-sync.md): which requests changed
/// in a window, page by page, and their `pakn-sync/1` records. Restricted requests (khiếu nại, tố cáo) are never
/// read here; the texts are the masked public copies only, and no contact detail is read at all, except through
/// `Publication.maskings` to mask an approved public note as the look-up masks it.
enum NationalSyncQuery {
    /// Rows per page of ``changed(since:until:after:limit:on:)``.
    static let pageSize = 200

    /// Events that are not changes: a view of the requester's contact details changes nothing in the record.
    static let notChanges: [CaseEvent] = [.contactViewed]

    /// Up to `limit` ids of non-restricted requests with at least one event (other than ``notChanges``) at an instant
    /// `since ≤ t < until`, in the order of their reception, then their id; after the request `after` when given
    /// (keyset: each page seeks from the stored values of the last row shown, so a late page costs what the first
    /// does, and a row is never repeated or skipped when rows keep being added).
    static func changed(since: Date, until: Date, after: UUID?, limit: Int = pageSize, on db: Database) async throws -> [UUID] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let skip: [any Encodable & Sendable] = notChanges.map(\.rawValue)
        // After a row: the stored values of that row, compared in the database (a reception instant read and bound
        // again may lose a microsecond on PostgreSQL, which would repeat or skip rows).
        let keyset: SQLQueryString = after.map { id in
            """
             AND (r.received_at > (SELECT c.received_at FROM service_requests c WHERE c.id = \(bind: id))
             OR (r.received_at = (SELECT c.received_at FROM service_requests c WHERE c.id = \(bind: id)) AND r.id > \(bind: id)))
            """
        } ?? ""
        let query: SQLQueryString = """
            SELECT r.id FROM service_requests r
            WHERE r.restricted = \(bind: false) AND r.received_at < \(bind: until)
            AND EXISTS (SELECT 1 FROM events e WHERE e.request_id = r.id AND e.occurred_at >= \(bind: since)
                        AND e.occurred_at < \(bind: until) AND e.action NOT IN (\(binds: skip)))\(keyset)
            ORDER BY r.received_at, r.id LIMIT \(literal: limit)
            """
        return try await sql.raw(query).all().map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// The `pakn-sync/1` records of the non-restricted requests among `ids`, in the order of `ids` (a restricted or
    /// missing one, or one the code cannot read, is left out). A fixed number of queries for the whole list.
    static func records(for ids: [UUID], on db: Database) async throws -> [NationalSyncRecord] {
        guard !ids.isEmpty else { return [] }
        let requests = try await ServiceRequestRecord.query(on: db).filter(\.$id ~~ ids).filter(\.$restricted == false)
            .allReadable(logger: db.logger)
        guard !requests.isEmpty else { return [] }
        let found = requests.compactMap(\.id)
        let events = try await EventRecord.query(on: db).filter(\.$requestID ~~ found)
            .sort(\.$occurredAt).sort(\.$id).allReadable(logger: db.logger)
        let eventsByRequest = Dictionary(grouping: events, by: \.requestID)
        let communeCodes = Set(requests.compactMap(\.communeCode))
        let communes = communeCodes.isEmpty ? [:] : Dictionary(
            try await Commune.query(on: db).filter(\.$id ~~ Array(communeCodes)).all().map { ($0.id ?? "", $0.fullName) },
            uniquingKeysWith: { a, _ in a })
        let serviceCodes = Set(requests.compactMap(\.serviceCode))
        let services = serviceCodes.isEmpty ? [:] : Dictionary(
            try await Service.query(on: db).filter(\.$id ~~ Array(serviceCodes)).all().map { ($0.id ?? "", $0.name) },
            uniquingKeysWith: { a, _ in a })
        let agencyIDs = Set(requests.compactMap(\.leadAgencyID))
        let agencies = agencyIDs.isEmpty ? [:] : Dictionary(
            try await Agency.query(on: db).filter(\.$id ~~ Array(agencyIDs)).all().map { ($0.id!, $0.name) },
            uniquingKeysWith: { a, _ in a })
        let ratings = Dictionary(try await Rating.query(on: db).filter(\.$requestID ~~ found).all().map { ($0.requestID, $0) },
                                 uniquingKeysWith: { a, _ in a })
        let links = Dictionary(try await NationalPortalLink.query(on: db).filter(\.$requestID ~~ found).all().map { ($0.requestID, $0.portalID) },
                               uniquingKeysWith: { a, _ in a })
        // Approved notes are masked as the look-up masks them (`PublicQueries.publicTimeline`): the contacts' masking.
        let noted = requests.filter { request in
            (eventsByRequest[request.id!] ?? []).contains { $0.toStatus != nil && $0.noteVisibility == .approved && $0.note != nil }
        }
        let maskings = try await Publication.maskings(for: noted, on: db)

        let byID = Dictionary(requests.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { id -> NationalSyncRecord? in
            guard let request = byID[id] else { return nil }
            let history = eventsByRequest[id] ?? []
            let changes = history.compactMap { event -> NationalSyncRecord.StatusChange? in
                guard let to = event.toStatus, NationalSyncRecord.exportable(from: event.fromStatus, to: to) else { return nil }
                let note = event.noteVisibility == .approved ? event.note.map { maskings[id]?.mask($0).text ?? Masking(knownNames: [], knownValues: []).mask($0).text } : nil
                return .init(at: W3CDateTime.format(event.occurredAt), from: event.fromStatus?.rawValue, to: to.rawValue,
                             action: event.action.rawValue, label: event.action.label, note: note)
            }
            let updated = history.filter { !notChanges.contains($0.action) }.map(\.occurredAt).max() ?? request.receivedAt
            let answer: NationalSyncRecord.Answer? = request.publishedAt.flatMap { at in
                request.publicAnswer.flatMap { $0.isEmpty ? nil : NationalSyncRecord.Answer(text: $0, publishedAt: W3CDateTime.format(at)) }
            }
            return NationalSyncRecord(
                trackingCode: request.trackingCode, kind: request.kind, channel: request.channel,
                receivedAt: request.receivedAt, updatedAt: updated,
                field: request.serviceCode.map { .init(serviceCode: $0, name: services[$0] ?? $0) },
                commune: request.communeCode.map { .init(code: $0, name: communes[$0] ?? $0) },
                leadAgency: request.leadAgencyID.map { .init(id: $0.uuidString.lowercased(), name: agencies[$0] ?? "") },
                status: request.status, dueAt: request.dueAt, statusChanges: changes, answer: answer,
                rating: ratings[id].map { .init(stars: $0.stars, ratedAt: $0.createdAt.map(W3CDateTime.format)) },
                nationalPortalID: links[id])
        }
    }
}
