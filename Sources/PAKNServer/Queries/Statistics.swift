import Fluent
import Foundation
import NIOConcurrencyHelpers
import PAKNDomain
import SQLKit
import Vapor

/// The leaders' and agencies' statistics for a period: counts by status, lead agency, field, channel, commune and
/// urgency (SQL `GROUP BY`), the agency's flow (received, accepted, returned, answered), and timeliness (on time,
/// late, overdue now, average and 90th-percentile working days to answer) by lead agency and by field.
///
/// Restricted cases (khiếu nại, tố cáo) are never counted. The counts are sums of the maintained daily counters
/// (`StatisticsCube`); nothing is loaded per case beyond the running clocks already past their due instant, and no
/// statement binds a list of ids, so the cost depends on the number of days and cells, not on the archive.
enum Statistics {
    /// Whose cases a report covers: the whole province, or the cases one agency leads (the only scope an agency's
    /// own staff get; `CaseAccess` gives them no other agency's cases either).
    enum Scope: Sendable, Equatable {
        case province
        case agency(UUID)

        var agencyID: UUID? {
            if case .agency(let id) = self { return id }
            return nil
        }

        /// Whose statistics `acting` may see, and which they ask for (`asked`: an agency id, from `co-quan`): an
        /// agency's leader and officers always get their own agency (asking for another is refused with 403); the
        /// province-wide roles get the province or the agency they choose. The complaint officer's cases are never
        /// counted, so statistics are not theirs (403).
        /// - Throws: `AppError.forbidden()` (403), or 400 `bad_request` for an `asked` that is not an id.
        static func of(_ acting: Acting, asked query: String?) throws -> Scope {
            guard let role = acting.role, role != .complaintOfficer else { throw AppError.forbidden() }
            let asked: UUID?
            if let query, !query.isEmpty {
                guard let id = UUID(uuidString: query) else { throw AppError(.badRequest, "bad_request", "Cơ quan không hợp lệ.") }
                asked = id
            } else {
                asked = nil
            }
            if role.isAgencyScoped {
                guard let own = acting.agencyID else { throw AppError.forbidden() }
                if let asked, asked != own { throw AppError.forbidden() }
                return .agency(own)
            }
            return asked.map { .agency($0) } ?? .province
        }
    }

    /// yyyy-MM-dd in Asia/Ho_Chi_Minh: the days of the pages' and the API's periods.
    nonisolated(unsafe) static let dayFormatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = VietnamTime.timeZone
        f.dateFormat = "yyyy-MM-dd"
        return f
    }()

    /// A period of whole days as the pages and the API take it: `from` and `to` as yyyy-MM-dd in Asia/Ho_Chi_Minh,
    /// `to` inclusive; by default the 90 days up to today. Returns the first instant, the instant after the last
    /// day, and the two days as text.
    /// - Throws: `AppError` 422 for a day that is not yyyy-MM-dd or a `from` after `to`.
    static func period(from fromText: String?, to toText: String?, now: Date = Date()) throws -> (Date, Date, String, String) {
        let day = dayFormatter
        let fromText = fromText ?? day.string(from: now.addingTimeInterval(-89 * 86_400))
        let toText = toText ?? day.string(from: now)
        guard let from = day.date(from: fromText), let to = day.date(from: toText), from <= to else {
            throw AppError.invalid("Khoảng thời gian không hợp lệ (định dạng yyyy-mm-dd, từ ngày không sau đến ngày).")
        }
        return (from, to.addingTimeInterval(86_400), fromText, toText)
    }

    /// One cell of a breakdown: the stored key (a raw value, code or id; "" when unset), its label, the count.
    struct Row: Codable, Sendable { let key: String; let label: String; let count: Int }

    /// Timeliness of the lead agencies' answers given in the period, and what is overdue now (issue 3 §6,
    /// issue 13).
    struct Performance: Content, Sendable {
        let key: String
        let label: String
        /// Answers given in the period.
        let answered: Int
        /// On time against the due instant in force (extensions included).
        let onTime: Int
        let late: Int
        /// On time against the original due instant.
        let onTimeOriginal: Int
        /// onTime / answered, 0…1; nil without answers.
        let onTimeRate: Double?
        /// Running clocks past their due instant now.
        let overdueNow: Int
        /// Mean working hours from forwarding to the answer, to 0.1 h; nil without answers.
        let averageHandlingHours: Double?
        /// Mean working days (of 8 working hours) from forwarding to the answer, to 0.1 day; nil without answers.
        let averageWorkingDays: Double?
        /// 90th percentile of the working days from forwarding to the answer, to 0.1 day, read from the fixed histogram
        /// (`AnswerTimeHistogram.quantile`: the longest answer of the bucket holding the nearest rank).
        let p90WorkingDays: Double?
    }

    /// What happened to the lead assignments forwarded in the period (for one agency, or all).
    struct Flow: Content, Sendable, Equatable {
        /// Forwarded (received by the agency) in the period.
        let received: Int
        /// Of those, accepted.
        let accepted: Int
        /// Of those, returned to the coordinator as not the agency's.
        let returned: Int
        /// Answers given in the period (whenever forwarded).
        let answered: Int
    }

    struct Report: Content, Sendable {
        let from: Date; let to: Date
        let scope: String
        let total: Int
        let byStatus: [Row]; let byAgency: [Row]; let byService: [Row]; let byChannel: [Row]
        let byCommune: [Row]; let byUrgency: [Row]
        let overdue: Int
        let flow: Flow
        let performanceByAgency: [Performance]
        let performanceByService: [Performance]
        let performanceByChannel: [Performance]
        let performanceByCommune: [Performance]
        let performanceByUrgency: [Performance]
    }

    /// Seconds in one working day: the standard 8 working hours (Bộ luật Lao động 2019, art. 105; domain.md §3.3).
    static let workingDay: TimeInterval = 8 * 3600

    /// The report for requests received, lead assignments forwarded and answers given on the days of Asia/Ho_Chi_Minh
    /// from the day of `from` to the day before `to` (the caller turns the pages' days into their first instants;
    /// an instant inside a day counts that whole day), within `scope`; "overdue" is as of `now`.
    ///
    /// The counts are sums over the maintained daily counters (`StatisticsCube`), refreshed first with up to four
    /// rounds of logged changes, so a report shows what was committed before it was asked for; only the overdue
    /// count reads the running clocks themselves.
    /// - Throws: a database error.
    static func report(from: Date, to: Date, scope: Scope = .province, on db: Database, now: Date = Date()) async throws -> Report {
        guard let sql = db as? any SQLDatabase else { throw AppError(.internalServerError, "internal_error", "SQL required") }
        try await StatisticsCube.refresh(on: db, rounds: 4)
        let days = Days(from: from, to: to, scope: scope)
        func grouped(_ column: String, agencyOnly: Bool = false) async throws -> [(String, Int)] {
            try await sql.raw("""
                SELECT \(ident: column) AS k, SUM(n) AS total FROM statistics_daily
                WHERE \(days.filter(.received)) \(unsafeRaw: agencyOnly ? "AND agency_id IS NOT NULL" : "")
                GROUP BY \(ident: column) ORDER BY total DESC
                """).all().map { row in
                    let key = column == "agency_id" ? try row.decode(column: "k", as: UUID.self).uuidString.lowercased()
                                                    : try row.decode(column: "k", as: String.self)
                    return (key, try row.decode(column: "total", as: Int.self))
                }
        }
        let byStatus = try await grouped("status").map { Row(key: $0.0, label: RequestStatus(rawValue: $0.0)?.label ?? $0.0, count: $0.1) }
        let agencies = Dictionary(uniqueKeysWithValues: try await ReferenceQueries.agencyNames(on: db).map { ($0.key.uuidString.lowercased(), $0.value) })
        let byAgency = try await grouped("agency_id", agencyOnly: true).map { Row(key: $0.0, label: agencies[$0.0] ?? $0.0, count: $0.1) }
        let services = try await ReferenceQueries.serviceNames(on: db)
        let byService = try await grouped("service_code").map { Row(key: $0.0, label: $0.0.isEmpty ? "Chưa phân loại" : services[$0.0] ?? $0.0, count: $0.1) }
        let byChannel = try await grouped("channel").map { Row(key: $0.0, label: PAKNDomain.Channel(rawValue: $0.0)?.label ?? $0.0, count: $0.1) }
        let communes = try await ReferenceQueries.communeNames(on: db)
        let byCommune = try await grouped("commune_code").map { Row(key: $0.0, label: $0.0.isEmpty ? "Chưa xác định" : communes[$0.0] ?? $0.0, count: $0.1) }
        let byUrgency = try await grouped("urgency").map { Row(key: $0.0, label: Urgency(rawValue: $0.0)?.vietnameseName ?? "Chưa xác định", count: $0.1) }
        let active = RequestStatus.allCases.filter(\.isActive)
        var overdueQuery = ServiceRequestRecord.query(on: db).filter(\.$restricted == false).filter(\.$status ~~ active).filter(\.$dueAt < now)
        if let agency = scope.agencyID { overdueQuery = overdueQuery.filter(\.$leadAgencyID == agency) }
        let overdue = try await overdueQuery.count()
        let flow = try await flow(days, on: sql)
        let performance = try await performance(days, agencies: agencies, services: services, communes: communes, on: db, now: now)
        return Report(from: from, to: to, scope: scope.agencyID.map { agencies[$0.uuidString.lowercased()] ?? $0.uuidString } ?? "Toàn tỉnh",
                      total: byStatus.reduce(0) { $0 + $1.count },
                      byStatus: byStatus, byAgency: byAgency, byService: byService, byChannel: byChannel,
                      byCommune: byCommune, byUrgency: byUrgency, overdue: overdue, flow: flow,
                      performanceByAgency: performance[.agency] ?? [], performanceByService: performance[.service] ?? [],
                      performanceByChannel: performance[.channel] ?? [], performanceByCommune: performance[.commune] ?? [],
                      performanceByUrgency: performance[.urgency] ?? [])
    }

    /// The days a report covers, as `statistics_daily` keys them (yyyy-MM-dd, Asia/Ho_Chi_Minh), and its scope.
    struct Days: Sendable {
        let first: String
        let last: String
        let scope: Scope

        /// The days from the one holding `from` to the one holding the last instant before `to`.
        init(from: Date, to: Date, scope: Scope) {
            first = SolarDay(from, in: VietnamTime.timeZone).isoString
            last = SolarDay(to.addingTimeInterval(-0.001), in: VietnamTime.timeZone).isoString
            self.scope = scope
        }

        /// The rows of `measure` on these days (and of the scope's agency: the lead agency of a received request,
        /// the agency of a lead assignment).
        func filter(_ measure: StatisticsCube.Measure) -> SQLQueryString {
            let agency: SQLQueryString = scope.agencyID.map { "AND agency_id = \(bind: $0)" } ?? ""
            return "measure = \(bind: measure.rawValue) AND day >= \(bind: first) AND day <= \(bind: last) \(agency)"
        }
    }

    /// Lead assignments forwarded on the days (received, accepted, returned) and lead answers given on them,
    /// non-restricted, from the daily counters.
    static func flow(_ days: Days, on sql: any SQLDatabase) async throws -> Flow {
        let forwarded = try await sql.raw("""
            SELECT SUM(n) AS total, SUM(accepted) AS accepted, SUM(returned) AS returned FROM statistics_daily WHERE \(days.filter(.forwarded))
            """).first()
        let answered = try await sql.raw("SELECT SUM(n) AS total FROM statistics_daily WHERE \(days.filter(.answered))").first()
        func count(_ row: (any SQLRow)?, _ column: String) throws -> Int {
            guard let row, try !row.decodeNil(column: column) else { return 0 }
            return try row.decode(column: column, as: Int.self)
        }
        return Flow(received: try count(forwarded, "total"), accepted: try count(forwarded, "accepted"),
                    returned: try count(forwarded, "returned"), answered: try count(answered, "total"))
    }

    /// The breakdowns of timeliness: by lead agency, field, channel, commune and urgency.
    enum Breakdown: CaseIterable, Sendable {
        case agency, service, channel, commune, urgency

        /// The column of `statistics_daily` that holds the key ("" for an unset one).
        var column: String {
            switch self {
            case .agency: "agency_id"
            case .service: "service_code"
            case .channel: "channel"
            case .commune: "commune_code"
            case .urgency: "urgency"
            }
        }

        /// The same key read from a case (and its lead assignment's agency), for the overdue count.
        func key(of record: ServiceRequestRecord, agency: UUID) -> String {
            switch self {
            case .agency: agency.uuidString.lowercased()
            case .service: record.serviceCode ?? ""
            case .channel: record.channel.rawValue
            case .commune: record.communeCode ?? ""
            case .urgency: record.urgency?.rawValue ?? ""
            }
        }
    }

    /// On-time rates, late and overdue counts and the time to answer, by lead agency, field, channel, commune and
    /// urgency.
    ///
    /// The answers of the days are added from the daily counters: one grouped sum and one sum per histogram bucket
    /// per breakdown, whatever the size of the archive; the 90th percentile is read from the summed histogram
    /// (`AnswerTimeHistogram.quantile`: never below the exact one, at most one bucket above). The overdue count
    /// reads only running lead clocks whose stored due instant has passed, and checks each with its clock (a paused
    /// clock is not overdue).
    static func performance(_ days: Days, agencies: [String: String], services: [String: String],
                            communes: [String: String], on db: Database, now: Date) async throws -> [Breakdown: [Performance]] {
        guard let sql = db as? any SQLDatabase else { throw AppError(.internalServerError, "internal_error", "SQL required") }
        let context = try await DeadlineStore.load(on: db)
        let onTime = DeadlineClock.Timeliness.onTime.rawValue, late = DeadlineClock.Timeliness.late.rawValue
        var tallies: [Breakdown: [String: Tally]] = [:]
        for breakdown in Breakdown.allCases {
            let column = breakdown.column
            func key(_ row: any SQLRow) throws -> String {
                breakdown == .agency ? try row.decode(column: "k", as: UUID.self).uuidString.lowercased() : try row.decode(column: "k", as: String.self)
            }
            func int(_ row: any SQLRow, _ column: String) throws -> Int { try row.decodeNil(column: column) ? 0 : row.decode(column: column, as: Int.self) }
            var group: [String: Tally] = [:]
            for row in try await sql.raw("""
                SELECT \(ident: column) AS k, SUM(n) AS total, SUM(timed) AS timed, SUM(seconds_sum) AS seconds,
                       SUM(CASE WHEN outcome = \(bind: onTime) THEN n ELSE 0 END) AS on_time,
                       SUM(CASE WHEN outcome = \(bind: late) THEN n ELSE 0 END) AS late,
                       SUM(on_time_original) AS on_time_original
                FROM statistics_daily WHERE \(days.filter(.answered)) GROUP BY \(ident: column)
                """).all() {
                var tally = Tally()
                tally.answered = try int(row, "total")
                tally.timed = try int(row, "timed")
                tally.totalSeconds = try row.decodeNil(column: "seconds") ? 0 : row.decode(column: "seconds", as: Double.self)
                tally.onTime = try int(row, "on_time"); tally.late = try int(row, "late"); tally.onTimeOriginal = try int(row, "on_time_original")
                group[try key(row)] = tally
            }
            var bins: [String: [AnswerTimeHistogram.Bin]] = [:]
            for row in try await sql.raw("""
                SELECT \(ident: column) AS k, bucket, SUM(n) AS total, MAX(seconds_max) AS longest
                FROM statistics_daily WHERE \(days.filter(.answered)) AND bucket >= 0 GROUP BY \(ident: column), bucket
                """).all() {
                bins[try key(row), default: []].append(.init(bucket: try row.decode(column: "bucket", as: Int.self), count: try int(row, "total"),
                                                               longest: try row.decode(column: "longest", as: Double.self)))
            }
            for (k, list) in bins { group[k, default: Tally()].p90Seconds = AnswerTimeHistogram.quantile(0.9, of: list) }
            tallies[breakdown] = group
        }
        // Overdue now: running lead clocks whose due instant has passed, of cases still open.
        var running = Assignment.query(on: db).join(ServiceRequestRecord.self, on: \Assignment.$requestID == \ServiceRequestRecord.$id)
            .filter(\Assignment.$role == .lead).filter(\Assignment.$active == true).filter(\Assignment.$answeredAt == nil)
            .filter(\Assignment.$dueAt < now)
            .filter(ServiceRequestRecord.self, \.$restricted == false)
            .filter(ServiceRequestRecord.self, \.$status ~~ RequestStatus.allCases.filter(\.isActive))
        if let agency = days.scope.agencyID { running = running.filter(\Assignment.$agencyID == agency) }
        for a in try await running.all() {
            guard let clock = a.currentClock, clock.isOverdue(at: now, in: context.calendar(for: a.agencyID)),
                  let record = try? a.joined(ServiceRequestRecord.self) else { continue }
            for breakdown in Breakdown.allCases {
                tallies[breakdown, default: [:]][breakdown.key(of: record, agency: a.agencyID), default: Tally()].overdue += 1
            }
        }
        func label(_ breakdown: Breakdown, _ key: String) -> String {
            switch breakdown {
            case .agency: agencies[key] ?? key
            case .service: key.isEmpty ? "Chưa phân loại" : services[key] ?? key
            case .channel: PAKNDomain.Channel(rawValue: key)?.label ?? key
            case .commune: key.isEmpty ? "Chưa xác định" : communes[key] ?? key
            case .urgency: Urgency(rawValue: key)?.vietnameseName ?? "Chưa xác định"
            }
        }
        var result: [Breakdown: [Performance]] = [:]
        for breakdown in Breakdown.allCases {
            result[breakdown] = (tallies[breakdown] ?? [:]).map { key, t in t.performance(key: key, label: label(breakdown, key)) }
                .sorted { ($0.answered + $0.overdueNow, $0.label) > ($1.answered + $1.overdueNow, $1.label) }
        }
        return result
    }

    /// Running totals of one agency or field.
    struct Tally: Sendable {
        var answered = 0, onTime = 0, late = 0, onTimeOriginal = 0, overdue = 0
        /// Answers with a stored working time (all of them, unless a row was edited by hand): the mean divides by it.
        var timed = 0
        /// Working seconds from forwarding to the answer, added over the answers.
        var totalSeconds: Double = 0
        /// The 90th percentile of those working seconds, read from their histogram.
        var p90Seconds: Double?

        func performance(key: String, label: String) -> Performance {
            func tenth(_ value: Double) -> Double { (value * 10).rounded() / 10 }
            return Performance(key: key, label: label, answered: answered, onTime: onTime, late: late, onTimeOriginal: onTimeOriginal,
                               onTimeRate: answered > 0 ? Double(onTime) / Double(answered) : nil, overdueNow: overdue,
                               averageHandlingHours: timed > 0 ? tenth(totalSeconds / Double(timed) / 3600) : nil,
                               averageWorkingDays: timed > 0 ? tenth(totalSeconds / Double(timed) / Statistics.workingDay) : nil,
                               p90WorkingDays: timed > 0 ? p90Seconds.map { tenth($0 / Statistics.workingDay) } : nil)
        }
    }

    /// The `p`-quantile (0 < p ≤ 1) of `values` by the nearest-rank method: the smallest value with at least
    /// p × n values at or below it; nil for no values.
    static func percentile(_ p: Double, of values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
