import Fluent
import Foundation
import PAKNDomain
import SQLKit
import Vapor

/// The public statistics page's figures (`/thong-ke`, issue 13): only published, non-restricted requests (never a
/// complaint or denunciation, never a person), over the last 12 calendar months in Asia/Ho_Chi_Minh.
///
/// By field and by commune, a count under ``smallCell`` is shown as "< 5", so that a handful of requests from one
/// place cannot single anyone out, and a lone "< 5" takes the table's smallest other cell with it (``suppressed``);
/// the mean rating needs ``minimumRatings``. Computed with SQL counts and groupings (no case is loaded), and kept for
/// ``PublicStatisticsCache/lifetime`` by the page, so it is refreshed at least hourly.
enum PublicStatistics {
    /// Counts below this are shown as "< 5" in the by-field and by-commune tables.
    static let smallCell = 5

    /// A count as the public sees it: exact, "fewer than five", or hidden so that a hidden one cannot be worked
    /// out by subtraction from the table's total (complementary suppression).
    enum Count: Equatable, Sendable, Codable {
        case exact(Int)
        case fewerThanFive
        case hidden

        init(_ n: Int) { self = n < PublicStatistics.smallCell ? .fewerThanFive : .exact(n) }

        /// "12", "< 5", "(ẩn)".
        var text: String {
            switch self {
            case .exact(let n): "\(n)"
            case .fewerThanFive: "< 5"
            case .hidden: "(ẩn)"
            }
        }
    }

    /// The monthly totals count the same requests as the by-field and by-commune tables, so a table with one cell
    /// under 5 would give it away (total minus the others). The smallest exact cell is then hidden too; with two
    /// or more small cells, only their sum can be worked out.
    static func suppressed(_ cells: [Cell]) -> [Cell] {
        guard cells.filter({ $0.count == .fewerThanFive }).count == 1 else { return cells }
        let exact = cells.enumerated().compactMap { index, cell -> (Int, Int)? in
            if case .exact(let n) = cell.count { return (index, n) }
            return nil
        }
        guard let smallest = exact.min(by: { $0.1 < $1.1 }) else { return cells }
        var out = cells
        out[smallest.0] = Cell(label: cells[smallest.0].label, count: .hidden)
        return out
    }

    /// Ratings are shown only when at least this many were given (one rating would be one person's score).
    static let minimumRatings = 5

    struct Month: Sendable, Codable, Equatable {
        /// "MM/yyyy".
        let label: String
        /// Published requests received in the month.
        let received: Int
        /// Answers published in the month.
        let answered: Int
    }

    struct Cell: Sendable, Codable, Equatable { let label: String; let count: Count }

    struct AgencyTimeliness: Sendable, Codable, Equatable {
        let label: String
        /// Published answers whose lead assignment was answered in the period.
        let answered: Int
        let onTime: Int
        /// onTime / answered, 0…1.
        var onTimeRate: Double { answered > 0 ? Double(onTime) / Double(answered) : 0 }
    }

    struct Report: Sendable, Codable {
        let from: Date
        let to: Date
        let months: [Month]
        let byService: [Cell]
        let byCommune: [Cell]
        let byAgency: [AgencyTimeliness]
        /// Mean stars (1…5) of the ratings of published requests received in the period, with how many.
        let averageRating: Double?
        let ratings: Int
        let computedAt: Date
    }

    static let timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

    /// "MM/yyyy" of the month holding `date` in Asia/Ho_Chi_Minh (the statistics' month labels).
    static func monthLabel(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month], from: date)
        return String(format: "%02d/%04d", parts.month!, parts.year!)
    }

    /// The first instant of the month `offset` months from the month of `date` (Asia/Ho_Chi_Minh).
    static func monthStart(of date: Date, offset: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.date(from: calendar.dateComponents([.year, .month], from: date))!
        return calendar.date(byAdding: .month, value: offset, to: start)!
    }

    /// The figures for the 12 calendar months ending with the month of `now`.
    /// - Throws: a database error.
    static func report(on db: Database, now: Date = Date()) async throws -> Report {
        guard let sql = db as? any SQLDatabase else { throw AppError(.internalServerError, "internal_error", "SQL required") }
        let from = monthStart(of: now, offset: -11), to = monthStart(of: now, offset: 1)
        let published: SQLQueryString = "restricted = \(bind: false) AND published_at IS NOT NULL"
        func count(_ condition: SQLQueryString) async throws -> Int {
            try await sql.raw("SELECT COUNT(*) AS n FROM service_requests WHERE \(published) AND \(condition)").first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
        var months: [Month] = []
        for offset in -11...0 {
            let start = monthStart(of: now, offset: offset), end = monthStart(of: now, offset: offset + 1)
            months.append(Month(label: monthLabel(start),
                                received: try await count("received_at >= \(bind: start) AND received_at < \(bind: end)"),
                                answered: try await count("published_at >= \(bind: start) AND published_at < \(bind: end)")))
        }
        func grouped(_ column: String, labels: [String: String], unset: String) async throws -> [Cell] {
            try await sql.raw("""
                SELECT \(ident: column) AS k, COUNT(*) AS n FROM service_requests
                WHERE \(published) AND received_at >= \(bind: from) AND received_at < \(bind: to)
                GROUP BY \(ident: column) ORDER BY n DESC
                """).all().map { row in
                    let key = try row.decodeNil(column: "k") ? "" : row.decode(column: "k", as: String.self)
                    return Cell(label: key.isEmpty ? unset : labels[key] ?? key, count: Count(try row.decode(column: "n", as: Int.self)))
                }
        }
        let services = try await ReferenceQueries.serviceNames(on: db)
        let communes = try await ReferenceQueries.communeNames(on: db)
        let agencies = try await ReferenceQueries.agencyNames(on: db)
        let timeliness = try await sql.raw("""
            SELECT a.agency_id AS agency, COUNT(*) AS n,
                   SUM(CASE WHEN a.outcome = \(bind: DeadlineClock.Timeliness.onTime.rawValue) THEN 1 ELSE 0 END) AS on_time
            FROM assignments a JOIN service_requests r ON r.id = a.request_id
            WHERE a.role = \(bind: AssignmentRole.lead.rawValue) AND r.restricted = \(bind: false) AND r.published_at IS NOT NULL
              AND a.answered_at >= \(bind: from) AND a.answered_at < \(bind: to)
            GROUP BY a.agency_id
            """).all().map { row in
                AgencyTimeliness(label: agencies[try row.decode(column: "agency", as: UUID.self)] ?? "",
                                 answered: try row.decode(column: "n", as: Int.self),
                                 onTime: try row.decodeNil(column: "on_time") ? 0 : row.decode(column: "on_time", as: Int.self))
            }.sorted { ($0.onTimeRate, $0.answered, $1.label) > ($1.onTimeRate, $1.answered, $0.label) }
        let rating = try await sql.raw("""
            SELECT COUNT(*) AS n, AVG(CAST(g.stars AS REAL)) AS mean FROM ratings g JOIN service_requests r ON r.id = g.request_id
            WHERE r.restricted = \(bind: false) AND r.published_at IS NOT NULL AND r.received_at >= \(bind: from) AND r.received_at < \(bind: to)
            """).first()
        let ratings = try rating?.decode(column: "n", as: Int.self) ?? 0
        let mean = try rating.flatMap { try $0.decodeNil(column: "mean") ? nil : $0.decode(column: "mean", as: Double.self) }
        return Report(from: from, to: to, months: months,
                      byService: suppressed(try await grouped("service_code", labels: services, unset: "Chưa phân loại")),
                      byCommune: suppressed(try await grouped("commune_code", labels: communes, unset: "Chưa xác định")),
                      byAgency: timeliness,
                      averageRating: ratings >= minimumRatings ? mean.map { ($0 * 10).rounded() / 10 } : nil,
                      ratings: ratings, computedAt: now)
    }
}

/// The last public statistics computed, per application, reused for ``lifetime`` seconds; and the count of the
/// public list, reused for a minute.
actor PublicStatisticsCache {
    /// Seconds a computed report is shown before it is computed again (1 hour: "refreshed at least daily").
    static let lifetime: TimeInterval = 3600

    private var last: PublicStatistics.Report?
    private var published: (at: Date, count: Int)?

    /// How many answers are published (``PublicQueries/publishedCount(on:)``), reused for a minute: every visitor's
    /// list shows the same number, and counting on every view cost more than the page itself.
    func publishedCount(on db: Database, now: Date = Date()) async throws -> Int {
        if let published, now.timeIntervalSince(published.at) < 60, now >= published.at { return published.count }
        let count = try await PublicQueries.publishedCount(on: db)
        published = (now, count)
        return count
    }

    /// The cached report while it is younger than ``lifetime``, else a new one.
    func report(on db: Database, now: Date = Date()) async throws -> PublicStatistics.Report {
        if let last, now.timeIntervalSince(last.computedAt) < Self.lifetime, now >= last.computedAt { return last }
        let fresh = try await PublicStatistics.report(on: db, now: now)
        last = fresh
        return fresh
    }
}

extension Application {
    private struct PublicStatisticsCacheKey: StorageKey { typealias Value = PublicStatisticsCache }

    /// This application's ``PublicStatisticsCache``.
    var publicStatisticsCache: PublicStatisticsCache {
        if let cache = storage[PublicStatisticsCacheKey.self] { return cache }
        let cache = PublicStatisticsCache()
        storage[PublicStatisticsCacheKey.self] = cache
        return cache
    }
}
