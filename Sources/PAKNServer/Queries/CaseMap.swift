import Fluent
import FluentSQL
import Foundation
import PAKNDomain
import SQLKit

/// The back-office map's figures (`/quan-tri/ban-do`, issue 13): the cases of the queue's filter that the staff
/// member may see (the same scoping as the queue, in the query), counted by commune and by where they stand
/// against their deadline.
///
/// One grouped query over the filtered cases (by commune and state) and one query of the open cases whose stored
/// due instant has passed, each checked with its own clock (a paused clock is not overdue), as the statistics'
/// overdue count does. Nothing of the archive is loaded into memory but those overdue candidates.
enum CaseMap {
    /// Where a case stands, the map's colours.
    enum State: String, CaseIterable, Sendable {
        /// Still to be answered by its lead agency, deadline not passed (or no deadline yet: not forwarded).
        case inProgress = "in_progress"
        /// Still to be answered, and its running deadline has passed.
        case overdue
        /// Answered by the lead agency by its deadline (`assignments.outcome = on_time`).
        case answeredOnTime = "answered_on_time"
        /// Answered after its deadline.
        case answeredLate = "answered_late"
        /// Ended without an agency's answer: redirected (113/114/115, complaint procedure), merged, rejected.
        case other

        /// The label of the legend and the table's column.
        var label: String {
            switch self {
            case .inProgress: "Đang xử lý, trong hạn"
            case .overdue: "Quá hạn"
            case .answeredOnTime: "Đã trả lời đúng hạn"
            case .answeredLate: "Đã trả lời trễ hạn"
            case .other: "Kết thúc khác (chuyển, trùng, từ chối)"
            }
        }

        /// Its colour on the map (fill), readable beside its neighbours for the colour-blind (blue, red, green,
        /// orange, grey differ in lightness too).
        var colour: String {
            switch self {
            case .inProgress: "#2563eb"
            case .overdue: "#b91c1c"
            case .answeredOnTime: "#15803d"
            case .answeredLate: "#d97706"
            case .other: "#9ca3af"
            }
        }
    }

    /// One commune's cases.
    struct Commune: Sendable, Equatable {
        /// The commune code (`communes.id`); empty for cases without a commune.
        let code: String
        let label: String
        /// Cases by state; states without cases are absent.
        var counts: [State: Int]
        /// The centroid of its located cases (decimal degrees, WGS 84), rounded to 0.001° (about 100 m); nil
        /// when none of them is located.
        var latitude: Double?
        var longitude: Double?

        var total: Int { counts.values.reduce(0, +) }
        func count(_ state: State) -> Int { counts[state] ?? 0 }
    }

    /// The communes of the cases `acting` may see that match `filter`, most cases first. Throws `AppError` 400
    /// for a filter value that is not one of the lists' (as the queue does).
    static func communes(_ filter: QueueQuery.Filter, acting: Acting, on db: Database, now: Date = Date()) async throws -> [Commune] {
        guard let sql = db as? any SQLDatabase else { throw AppError(.internalServerError, "internal_error", "SQL required") }
        let cases = try QueueQuery.filtered(filter, acting: acting, on: db).idSubquery()
        let names = try await ReferenceQueries.communeNames(on: db)
        let active = RequestStatus.allCases.filter(\.isActive).map(\.rawValue)
        let onTime = DeadlineClock.Timeliness.onTime.rawValue, late = DeadlineClock.Timeliness.late.rawValue
        let lead = AssignmentRole.lead.rawValue
        let state: SQLQueryString = """
            CASE WHEN a.outcome = \(bind: onTime) THEN \(bind: State.answeredOnTime.rawValue)
                 WHEN a.outcome = \(bind: late) THEN \(bind: State.answeredLate.rawValue)
                 WHEN r.status IN (\(binds: active)) THEN \(bind: State.inProgress.rawValue)
                 ELSE \(bind: State.other.rawValue) END
            """
        let located: SQLQueryString = "r.latitude IS NOT NULL AND r.longitude IS NOT NULL"
        var communes: [String: Commune] = [:]
        var sums: [String: (n: Int, lat: Double, lon: Double)] = [:]
        // The state is computed in an inner select and grouped outside it: PostgreSQL does not see an expression
        // with bound values in GROUP BY as the same expression in the select list.
        for row in try await sql.raw("""
            SELECT k, s, COUNT(*) AS n, SUM(located) AS located, SUM(lat) AS lat, SUM(lon) AS lon FROM (
                SELECT COALESCE(r.commune_code, '') AS k, \(state) AS s,
                       CASE WHEN \(located) THEN 1 ELSE 0 END AS located,
                       CASE WHEN \(located) THEN r.latitude END AS lat, CASE WHEN \(located) THEN r.longitude END AS lon
                FROM service_requests r
                LEFT JOIN assignments a ON a.request_id = r.id AND a.role = \(bind: lead) AND a.active = \(bind: true)
                WHERE r.id IN (\(cases))) AS cases
            GROUP BY k, s
            """).all() {
            let code = try row.decode(column: "k", as: String.self)
            guard let state = State(rawValue: try row.decode(column: "s", as: String.self)) else { continue }
            communes[code, default: Commune(code: code, label: code.isEmpty ? "Chưa rõ xã, phường" : names[code] ?? code, counts: [:])]
                .counts[state, default: 0] += try row.decode(column: "n", as: Int.self)
            let n = try row.decodeNil(column: "located") ? 0 : try row.decode(column: "located", as: Int.self)
            if n > 0 {
                let lat = try row.decode(column: "lat", as: Double.self), lon = try row.decode(column: "lon", as: Double.self)
                let sum = sums[code] ?? (0, 0, 0)
                sums[code] = (sum.n + n, sum.lat + lat, sum.lon + lon)
            }
        }
        func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
        for (code, sum) in sums where sum.n > 0 {
            communes[code]?.latitude = rounded(sum.lat / Double(sum.n))
            communes[code]?.longitude = rounded(sum.lon / Double(sum.n))
        }
        // Overdue: open cases whose lead has not answered and whose stored due instant has passed, each checked
        // with its clock and its agency's calendar.
        let context = try await DeadlineStore.load(on: db)
        let candidates = try await Assignment.query(on: db)
            .join(ServiceRequestRecord.self, on: \Assignment.$requestID == \ServiceRequestRecord.$id)
            .filter(\Assignment.$role == .lead).filter(\Assignment.$active == true).filter(\Assignment.$answeredAt == nil)
            .filter(\Assignment.$outcome == nil).filter(\Assignment.$dueAt < now)
            .filter(ServiceRequestRecord.self, \.$status ~~ RequestStatus.allCases.filter(\.isActive))
            .filter(.sql(embed: "\(ident: ServiceRequestRecord.schema).\(ident: "id") IN (\(cases))"))
            .all()
        for a in candidates {
            guard let clock = a.currentClock, clock.isOverdue(at: now, in: context.calendar(for: a.agencyID)),
                  let record = try? a.joined(ServiceRequestRecord.self) else { continue }
            let code = record.communeCode ?? ""
            guard communes[code]?.count(.inProgress) ?? 0 > 0 else { continue }
            communes[code]?.counts[.inProgress]! -= 1
            if communes[code]?.count(.inProgress) == 0 { communes[code]?.counts[.inProgress] = nil }
            communes[code]?.counts[.overdue, default: 0] += 1
        }
        return communes.values.sorted { ($0.total, $1.label) > ($1.total, $0.label) }
    }
}
