import Fluent
import Foundation
import PAKNDomain
import FluentSQL
import SQLKit
import Vapor

/// The staff queue: the cases a staff member may see (scoped in the query), filtered, urgent and newest first.
enum QueueQuery {
    struct Filter: Content, Sendable {
        /// A `RequestStatus` raw value, "active" (default: everything someone still has to act on) or "all".
        var status: String?
        var channel: String?
        var serviceCode: String?
        var communeCode: String?
        var urgency: String?
        /// Free text: folded, matched against title, description and code.
        var q: String?
        /// The lead agency (`/api/v1/staff/requests?agency_id=`).
        var agencyID: UUID?
        /// Received at or after this instant.
        var receivedFrom: Date?
        /// Received before this instant.
        var receivedTo: Date?
        /// "1": only the cases the viewer's agency named the viewer on ("Việc của tôi"); for agency staff.
        var mine: String?

        /// Whether ``mine`` asks for the viewer's own cases.
        var onlyMine: Bool { ["1", "on", "true"].contains(mine ?? "") }
    }

    static let perPage = 50

    /// What the queue page shows: the cases (titles masked for whoever may not see the requester), whether there
    /// are cases before and after them, how many match (counted up to `Keyset.countCap` + 1), the deadline of
    /// each, and the filter's choices.
    struct Page: Sendable {
        let items: [ServiceRequestRecord]
        let previous: Keyset.Cursor?
        let next: Keyset.Cursor?
        let count: Int
        let deadlines: [UUID: DeadlineSummary]
        let choices: ReferenceQueries.Choices
    }

    /// The queue's order: urgent cases first (rank 0), then newest first. Migration 0012 indexes the same
    /// expression (`idx_requests_queue_order`).
    static let urgencyRank: SQLQueryString = "CASE WHEN \"service_requests\".\"urgency\" = 'khan' THEN 0 ELSE 1 END"

    /// That order as a keyset rank.
    static let keysetRank = KeysetRank(sql: urgencyRank, values: [0, 1], of: { $0.urgency == .urgent ? 0 : 1 })

    /// The queue page at `position` for `acting`, by keyset (the same cost on every page), then masking and
    /// deadlines. Throws `AppError` 400 for a filter value that is not one of the lists'.
    static func page(_ filter: Filter, position: Keyset.Position, acting: Acting, province: String, on db: Database) async throws -> Page {
        let query = try filtered(filter, acting: acting, on: db)
        let slice = try await query.keysetPage(position, size: perPage, rank: keysetRank, time: "received_at", logger: db.logger)
        try await Publication.maskHiddenTitles(slice.rows, for: acting.role, on: db)
        return Page(items: slice.rows, previous: slice.previous, next: slice.next, count: try await query.cappedCount(),
                    deadlines: try await DeadlineSummary.forRequests(slice.rows.compactMap(\.id), on: db),
                    choices: try await ReferenceQueries.choices(province: province, allServices: true, on: db))
    }

    /// The page `paging` of the cases `acting` may see that match `filter`, and how many match: exact up to
    /// ``Keyset/countCap``, cap + 1 above it (the staff API and the download, whose contracts number their pages).
    static func run(_ filter: Filter, paging: Paging, acting: Acting, on db: Database) async throws -> (items: [ServiceRequestRecord], total: Int) {
        let query = try filtered(filter, acting: acting, on: db)
        let total = try await query.cappedCount()
        let items = try await query
            .sort(.sql(embed: urgencyRank))
            .sort(\.$receivedAt, .descending)
            .offset(paging.offset).limit(paging.size)
            .allReadable(logger: db.logger)
        return (items, total)
    }

    /// The cases `acting` may see that match `filter`, unordered. Throws `AppError` 400 for an unknown status,
    /// channel or urgency.
    static func filtered(_ filter: Filter, acting: Acting, on db: Database) throws -> QueryBuilder<ServiceRequestRecord> {
        var query = CaseAccess.visibleCases(to: acting, on: db)
        switch filter.status ?? "active" {
        case "all", "": break
        case "active": query = query.filter(\.$status ~~ RequestStatus.allCases.filter(\.isActive))
        case let raw:
            guard let status = RequestStatus(rawValue: raw) else { throw AppError(.badRequest, "bad_request", "Trạng thái không hợp lệ.") }
            query = query.filter(\.$status == status)
        }
        if let v = filter.channel, !v.isEmpty {
            guard let channel = PAKNDomain.Channel(rawValue: v) else { throw AppError(.badRequest, "bad_request", "Kênh không hợp lệ.") }
            query = query.filter(\.$channel == channel)
        }
        if let v = filter.serviceCode, !v.isEmpty { query = query.filter(\.$serviceCode == v) }
        if let v = filter.communeCode, !v.isEmpty { query = query.filter(\.$communeCode == v) }
        if let v = filter.urgency, !v.isEmpty {
            guard let urgency = Urgency(rawValue: v) else { throw AppError(.badRequest, "bad_request", "Mức độ không hợp lệ.") }
            query = query.filter(\.$urgency == urgency)
        }
        if let v = filter.agencyID { query = query.filter(\.$leadAgencyID == v) }
        // The agency scope joined the viewer's agency's active assignment: keep those naming the viewer.
        if filter.onlyMine, acting.role?.isAgencyScoped == true, let me = acting.userID {
            query = query.filter(Assignment.self, \.$officerID == me)
        }
        if let v = filter.receivedFrom { query = query.filter(\.$receivedAt >= v) }
        if let v = filter.receivedTo { query = query.filter(\.$receivedAt < v) }
        if let code = TrackingCode(parsing: filter.q ?? "") {
            query = query.filter(\.$trackingCode == code.digits)
        } else {
            query = query.matching(filter.q, column: .staff)
        }
        return query
    }
}
