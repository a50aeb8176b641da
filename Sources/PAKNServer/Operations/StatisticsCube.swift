import Fluent
import Foundation
import PAKNDomain
import SQLKit

/// The maintained statistics (issue 12 item 4): counters per day of Asia/Ho_Chi_Minh that the leaders' reports add
/// up, so that a year's figures cost a sum over a narrow table, not a pass over the archive.
///
/// `statistics_daily` holds, per day and per cell of lead agency × field × channel × commune × urgency:
/// - `received`: requests received that day, by their current status;
/// - `forwarded`: lead assignments forwarded that day, with how many were accepted and how many returned;
/// - `answered`: lead answers given that day, by outcome (on time / late against the due instant in force), with
///   on time against the original due instant, the number with a stored time, the sum and the longest of their
///   working seconds, and their `AnswerTimeHistogram` bucket (a key of the cell, so that buckets add up).
/// Restricted cases (khiếu nại, tố cáo) are never counted.
///
/// How they stay right: triggers log the instants of every change to a counted column (`statistics_changes`, in the
/// changing transaction; migration 0014); `refresh` recounts the days those instants fall on from the base tables
/// and forgets the changes it read. The job worker refreshes on every pass and the reports refresh before they
/// read, so a report shows every change committed before it was asked for. `rebuild` recounts every day.
enum StatisticsCube {
    /// The measures of `statistics_daily.measure`.
    enum Measure: String, Sendable {
        case received, forwarded, answered
    }

    /// Changes read per round of `refresh`.
    static let changesPerRound = 5_000

    /// Recounts the days of logged changes, `changesPerRound` at a time, at most `rounds` rounds (the reports pass
    /// a bound so that a page never waits for a backlog; the worker drains it); returns the days recounted.
    /// - Throws: a database error (what was recounted stays; the changes not yet forgotten are recounted again).
    @discardableResult
    static func refresh(on db: Database, rounds: Int = .max) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        var recounted = 0
        for _ in 0..<rounds {
            let rows = try await sql.raw("SELECT id, at FROM statistics_changes ORDER BY id LIMIT \(unsafeRaw: String(changesPerRound))").all()
            if rows.isEmpty { break }
            var ids: [Int] = [], days = Set<SolarDay>()
            for row in rows {
                ids.append(try row.decode(column: "id", as: Int.self))
                days.insert(SolarDay(try row.decode(column: "at", as: Date.self), in: VietnamTime.timeZone))
            }
            for day in days.sorted() { try await recount(day, on: db) }
            recounted += days.count
            // Only the ids read: a change committed meanwhile, whose day may have been counted before it, stays.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = ids[start..<min(start + 500, ids.count)]
                try await db.writeTransaction { tx in
                    try await (tx as! any SQLDatabase).delete(from: "statistics_changes").where("id", .in, Array(chunk)).run()
                }
            }
            if rows.count < changesPerRound { break }
        }
        return recounted
    }

    /// Counts `day` again from the base tables, in one transaction (on PostgreSQL under an advisory lock, so that two
    /// refreshes never count one day twice).
    /// - Throws: a database error.
    static func recount(_ day: SolarDay, on db: Database) async throws {
        let start = day.startDate(in: VietnamTime.timeZone), end = day.adding(days: 1).startDate(in: VietnamTime.timeZone)
        let text = day.isoString
        try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            if sql.dialect.name == "postgresql" { try await sql.raw("SELECT pg_advisory_xact_lock(10220014)").run() }
            try await sql.delete(from: "statistics_daily").where("day", .equal, text).run()
            let cell: SQLQueryString = "COALESCE(r.service_code, ''), r.channel, COALESCE(r.commune_code, ''), COALESCE(r.urgency, '')"
            let columns: SQLQueryString = """
                INSERT INTO statistics_daily (day, measure, agency_id, service_code, channel, commune_code, urgency, status, outcome, bucket,
                                              n, accepted, returned, on_time_original, timed, seconds_sum, seconds_max)
                """
            try await sql.raw("""
                \(columns)
                SELECT \(bind: text), \(bind: Measure.received.rawValue), r.lead_agency_id, \(cell), r.status, '', -1, COUNT(*), 0, 0, 0, 0, 0, NULL
                FROM service_requests r
                WHERE r.restricted = \(bind: false) AND r.received_at >= \(bind: start) AND r.received_at < \(bind: end)
                GROUP BY r.lead_agency_id, \(cell), r.status
                """).run()
            try await sql.raw("""
                \(columns)
                SELECT \(bind: text), \(bind: Measure.forwarded.rawValue), a.agency_id, \(cell), '', '', -1, COUNT(*),
                       SUM(CASE WHEN a.accepted_at IS NOT NULL THEN 1 ELSE 0 END),
                       SUM(CASE WHEN a.status = \(bind: AssignmentStatus.returned.rawValue) THEN 1 ELSE 0 END), 0, 0, 0, NULL
                FROM assignments a JOIN service_requests r ON r.id = a.request_id
                WHERE a.role = \(bind: AssignmentRole.lead.rawValue) AND r.restricted = \(bind: false)
                  AND a.forwarded_at >= \(bind: start) AND a.forwarded_at < \(bind: end)
                GROUP BY a.agency_id, \(cell)
                """).run()
            try await sql.raw("""
                \(columns)
                SELECT \(bind: text), \(bind: Measure.answered.rawValue), a.agency_id, \(cell), '', COALESCE(a.outcome, ''), \(bucketSQL), COUNT(*), 0, 0,
                       SUM(CASE WHEN a.outcome_original = \(bind: DeadlineClock.Timeliness.onTime.rawValue) THEN 1 ELSE 0 END),
                       COUNT(a.answer_working_seconds), COALESCE(SUM(a.answer_working_seconds), 0), MAX(a.answer_working_seconds)
                FROM assignments a JOIN service_requests r ON r.id = a.request_id
                WHERE a.role = \(bind: AssignmentRole.lead.rawValue) AND r.restricted = \(bind: false)
                  AND a.answered_at >= \(bind: start) AND a.answered_at < \(bind: end)
                GROUP BY a.agency_id, \(cell), COALESCE(a.outcome, ''), \(bucketSQL)
                """).run()
        }
    }

    /// `AnswerTimeHistogram.bucket(forSeconds:)` of `a.answer_working_seconds` in SQL, -1 without a stored time:
    /// a ladder of comparisons with the edges written as literals (PostgreSQL matches a GROUP BY expression to the
    /// selected one only when they are the same text, and two bound parameters are never the same).
    static let bucketSQL: SQLQueryString = {
        var text = "CASE WHEN a.answer_working_seconds IS NULL THEN -1"
        for (bucket, edge) in AnswerTimeHistogram.upperEdges.enumerated() {
            text += " WHEN a.answer_working_seconds <= \(Int(edge)) THEN \(bucket)"
        }
        text += " ELSE \(AnswerTimeHistogram.upperEdges.count) END"
        return SQLQueryString(text)
    }()

    /// Counts every day again, from the first day any case or lead assignment was received, forwarded or answered to
    /// the last (or today, if later), and forgets the changes logged before it started; returns the days counted.
    /// `pakn stats rebuild` and migration 0014 run it. A report read meanwhile may miss days not yet recounted.
    /// - Throws: a database error.
    @discardableResult
    static func rebuild(on db: Database, now: Date = Date(), progress: (Int, Int) -> Void = { _, _ in }) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let last = try await sql.raw("SELECT MAX(id) AS m FROM statistics_changes").first()
        let lastChange = try last.flatMap { try $0.decodeNil(column: "m") ? nil : $0.decode(column: "m", as: Int.self) }
        var earliest: Date?, latest = now
        for (table, column) in [("service_requests", "received_at"), ("assignments", "forwarded_at"), ("assignments", "answered_at")] {
            guard let row = try await sql.raw("SELECT MIN(\(ident: column)) AS lo, MAX(\(ident: column)) AS hi FROM \(ident: table)").first(),
                  try !row.decodeNil(column: "lo") else { continue }
            let lo = try row.decode(column: "lo", as: Date.self), hi = try row.decode(column: "hi", as: Date.self)
            earliest = min(earliest ?? lo, lo)
            latest = max(latest, hi)
        }
        try await db.writeTransaction { tx in try await (tx as! any SQLDatabase).delete(from: "statistics_daily").run() }
        var counted = 0
        if let earliest {
            let first = SolarDay(earliest, in: VietnamTime.timeZone), final = SolarDay(latest, in: VietnamTime.timeZone)
            let total = first.days(to: final) + 1
            var day = first
            while day <= final {
                try await recount(day, on: db)
                counted += 1
                if counted % 100 == 0 { progress(counted, total) }
                day = day.adding(days: 1)
            }
        }
        if let lastChange {
            try await db.writeTransaction { tx in
                try await (tx as! any SQLDatabase).delete(from: "statistics_changes").where("id", .lessThanOrEqual, lastChange).run()
            }
        }
        return counted
    }

    /// Keeps today's snapshot of open cases (`statistics_open_daily`): the first call of a day of Asia/Ho_Chi_Minh
    /// counts the open, non-restricted cases by lead agency × field × channel × commune × urgency × status and
    /// whether their stored due instant had passed; later calls that day do nothing. Returns whether it counted.
    /// - Throws: a database error.
    @discardableResult
    static func snapshotOpenCases(on db: Database, now: Date = Date()) async throws -> Bool {
        let day = SolarDay(now, in: VietnamTime.timeZone).isoString
        return try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            if sql.dialect.name == "postgresql" { try await sql.raw("SELECT pg_advisory_xact_lock(10220015)").run() }
            let taken = try await sql.raw("SELECT COUNT(*) AS n FROM statistics_open_daily WHERE day = \(bind: day)").first()?.decode(column: "n", as: Int.self) ?? 0
            guard taken == 0 else { return false }
            let open = RequestStatus.allCases.filter(\.isActive).map(\.rawValue)
            let overdue: SQLQueryString = "CASE WHEN due_at IS NOT NULL AND due_at < \(bind: now) THEN 1 ELSE 0 END"
            try await sql.raw("""
                INSERT INTO statistics_open_daily (day, agency_id, service_code, channel, commune_code, urgency, status, overdue, n)
                SELECT \(bind: day), lead_agency_id, COALESCE(service_code, ''), channel, COALESCE(commune_code, ''), COALESCE(urgency, ''),
                       status, late = 1, COUNT(*)
                FROM (SELECT lead_agency_id, service_code, channel, commune_code, urgency, status, \(overdue) AS late
                      FROM service_requests WHERE restricted = \(bind: false) AND status IN (\(binds: open))) AS o
                GROUP BY lead_agency_id, COALESCE(service_code, ''), channel, COALESCE(commune_code, ''), COALESCE(urgency, ''), status, late
                """).run()
            return true
        }
    }
}
