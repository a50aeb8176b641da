import Fluent
import Foundation
import PAKNDomain
import SQLKit

extension Statistics {
    /// One month of the leaders' trend (issue 13): cases received, and the lead agencies' answers given on time
    /// and late, in one calendar month of Asia/Ho_Chi_Minh.
    struct TrendMonth: Sendable, Equatable {
        /// "MM/yyyy".
        let label: String
        /// Cases received in the month (of the scope: led by the agency, or all), restricted ones never.
        let received: Int
        /// Lead answers given in the month on time against the due instant in force.
        let onTime: Int
        /// Lead answers given in the month after it.
        let late: Int
    }

    /// The `months` calendar months ending with the month of `now`, oldest first: two grouped sums over the daily
    /// counters (`StatisticsCube`, refreshed first), whatever the size of the archive.
    /// - Throws: a database error.
    static func trend(months: Int = 12, scope: Scope = .province, on db: Database, now: Date = Date()) async throws -> [TrendMonth] {
        guard let sql = db as? any SQLDatabase else { throw AppError(.internalServerError, "internal_error", "SQL required") }
        try await StatisticsCube.refresh(on: db, rounds: 4)
        let starts = ((1 - months)...1).map { PublicStatistics.monthStart(of: now, offset: $0) }
        let days = Days(from: starts.first!, to: starts.last!, scope: scope)
        // "yyyy-MM" of each month, the first seven characters of its days' keys.
        func month(_ row: any SQLRow) throws -> String { try row.decode(column: "m", as: String.self) }
        func int(_ row: any SQLRow, _ column: String) throws -> Int { try row.decodeNil(column: column) ? 0 : row.decode(column: column, as: Int.self) }
        var received: [String: Int] = [:], onTime: [String: Int] = [:], late: [String: Int] = [:]
        for row in try await sql.raw("""
            SELECT SUBSTR(day, 1, 7) AS m, SUM(n) AS total FROM statistics_daily WHERE \(days.filter(.received)) GROUP BY SUBSTR(day, 1, 7)
            """).all() {
            received[try month(row)] = try int(row, "total")
        }
        for row in try await sql.raw("""
            SELECT SUBSTR(day, 1, 7) AS m,
                   SUM(CASE WHEN outcome = \(bind: DeadlineClock.Timeliness.onTime.rawValue) THEN n ELSE 0 END) AS on_time,
                   SUM(CASE WHEN outcome = \(bind: DeadlineClock.Timeliness.late.rawValue) THEN n ELSE 0 END) AS late
            FROM statistics_daily WHERE \(days.filter(.answered)) GROUP BY SUBSTR(day, 1, 7)
            """).all() {
            onTime[try month(row)] = try int(row, "on_time")
            late[try month(row)] = try int(row, "late")
        }
        return starts.dropLast().map { start in
            let key = String(SolarDay(start, in: VietnamTime.timeZone).isoString.prefix(7))
            return TrendMonth(label: PublicStatistics.monthLabel(start), received: received[key] ?? 0, onTime: onTime[key] ?? 0, late: late[key] ?? 0)
        }
    }
}

extension Statistics {
    /// A case overdue now, for the printable report's list (no title or person: a report is printed and passed on).
    struct OverdueCase: Sendable, Equatable {
        let trackingCode: String
        let agency: String
        let service: String
        let commune: String
        /// The due instant in force.
        let due: Date
    }

    /// The open cases of the scope whose lead agency's running clock is past its due instant now (each checked
    /// with its clock and the agency's calendar, as the statistics count them), longest overdue first, at most
    /// `limit`; and how many there are in all (up to `scanLimit` candidates read, bounded at any archive size).
    /// - Throws: a database error.
    static func overdueCases(scope: Scope = .province, limit: Int = 100, scanLimit: Int = 10_000, on db: Database,
                             now: Date = Date()) async throws -> (cases: [OverdueCase], total: Int) {
        let context = try await DeadlineStore.load(on: db)
        var query = Assignment.query(on: db).join(ServiceRequestRecord.self, on: \Assignment.$requestID == \ServiceRequestRecord.$id)
            .filter(\Assignment.$role == .lead).filter(\Assignment.$active == true).filter(\Assignment.$answeredAt == nil)
            .filter(\Assignment.$dueAt < now)
            .filter(ServiceRequestRecord.self, \.$restricted == false)
            .filter(ServiceRequestRecord.self, \.$status ~~ RequestStatus.allCases.filter(\.isActive))
        if let agency = scope.agencyID { query = query.filter(\Assignment.$agencyID == agency) }
        let agencies = try await ReferenceQueries.agencyNames(on: db)
        let services = try await ReferenceQueries.serviceNames(on: db)
        let communes = try await ReferenceQueries.communeNames(on: db)
        var found: [OverdueCase] = []
        var total = 0
        for a in try await query.sort(\Assignment.$dueAt).limit(scanLimit).all() {
            guard let clock = a.currentClock, clock.isOverdue(at: now, in: context.calendar(for: a.agencyID)),
                  let record = try? a.joined(ServiceRequestRecord.self) else { continue }
            total += 1
            guard found.count < limit else { continue }
            found.append(OverdueCase(trackingCode: TrackingCode(digits: record.trackingCode)?.formatted ?? record.trackingCode,
                                     agency: agencies[a.agencyID] ?? "", service: record.serviceCode.flatMap { services[$0] } ?? "Chưa phân loại",
                                     commune: record.communeCode.flatMap { communes[$0] } ?? "",
                                     due: clock.due(in: context.calendar(for: a.agencyID)) ?? a.dueAt ?? now))
        }
        return (found, total)
    }
}

extension Statistics {
    /// Agencies ranked for the leaders (issue 13): by on-time rate, highest first; then fewer overdue now; then more
    /// answers. An agency without an answer in the period comes after those with one, by its overdue count.
    static func ranked(_ rows: [Performance]) -> [Performance] {
        rows.sorted { a, b in
            switch (a.onTimeRate, b.onTimeRate) {
            case let (x?, y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default:
                if a.overdueNow != b.overdueNow { return a.overdueNow < b.overdueNow }
                if a.answered != b.answered { return a.answered > b.answered }
                return a.label < b.label
            }
        }
    }
}
