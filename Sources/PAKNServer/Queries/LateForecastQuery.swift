import Fluent
import FluentSQL
import Foundation
import NIOConcurrencyHelpers
import PAKNDomain
import SQLKit

/// The running lead assignments due within the coming week that will probably be late (`LatenessForecast`), from
/// the last year's answers of the same agencies; for the leaders' forecast page (issue 13).
enum LateForecastQuery {
    struct Item: Sendable {
        let record: ServiceRequestRecord
        let agency: String
        let field: String
        let due: Date
        /// Working seconds left before the due instant.
        let remaining: TimeInterval
        let prediction: LatenessForecast.Prediction

        /// "thường mất 12 ngày làm việc cho lĩnh vực này; còn 3" (working days of 8 hours, one decimal).
        var reason: String {
            let basis: String
            switch prediction.basis {
            case .agencyAndField: basis = "cho lĩnh vực này"
            case .agency: basis = "ở cơ quan này"
            case .all: basis = "trên toàn tỉnh"
            }
            if prediction.samples == 0 {
                return "đã lâu hơn mọi phản ánh đã trả lời \(basis) (lâu nhất \(Self.days(prediction.typical)) ngày làm việc); còn \(Self.days(remaining))"
            }
            return "thường mất \(Self.days(prediction.typical)) ngày làm việc \(basis); còn \(Self.days(remaining))"
        }

        static func days(_ seconds: TimeInterval) -> String {
            VietnameseText.decimal(seconds / Statistics.workingDay)
        }
    }

    /// How far back answers are taken as history (seconds: a year).
    static let historyWindow: TimeInterval = 365 * 86_400
    /// Which due instants count as "this week" (seconds from now).
    static let horizon: TimeInterval = 7 * 86_400

    /// The likely-late assignments of `scope` as of `now`, most likely first, and how many were looked at.
    /// - Throws: a database error.
    static func run(scope: Statistics.Scope, on db: Database, now: Date = Date()) async throws -> (items: [Item], considered: Int) {
        guard let sql = db as? any SQLDatabase else { return ([], 0) }
        let context = try await DeadlineStore.load(on: db)
        // The history, one streamed row per answer: the whole province's, whoever looks (the same assignment gets
        // the same forecast for its agency and for the province; "trên toàn tỉnh" means what it says).
        let history = NIOLockedValueBox<[(LatenessForecast.Key, TimeInterval)]>([])
        // The time to answer stored at the answer (`AnswerTimes`); counted here only for a row without it.
        try await sql.raw("""
            SELECT a.agency_id AS agency, r.service_code AS service, a.forwarded_at AS forwarded, a.answered_at AS answered,
                   a.answer_working_seconds AS seconds
            FROM assignments a JOIN service_requests r ON r.id = a.request_id
            WHERE a.role = \(bind: AssignmentRole.lead.rawValue) AND r.restricted = \(bind: false)
              AND a.answered_at >= \(bind: now.addingTimeInterval(-historyWindow)) AND a.answered_at < \(bind: now)
            """).run { row in
                guard let agency = try? row.decode(column: "agency", as: UUID.self),
                      let forwarded = try? row.decode(column: "forwarded", as: Date.self),
                      let answered = try? row.decode(column: "answered", as: Date.self) else { return }
                let service = (try? row.decode(column: "service", as: String?.self)) ?? nil
                let stored = (try? row.decode(column: "seconds", as: Double?.self)) ?? nil
                let seconds = stored ?? context.calendar(for: agency).workingSeconds(from: forwarded, to: answered)
                history.withLockedValue { $0.append((LatenessForecast.Key(agency: agency.uuidString, field: service ?? ""), seconds)) }
            }
        let forecast = LatenessForecast(history: history.withLockedValue { $0 })
        var running = Assignment.query(on: db).join(ServiceRequestRecord.self, on: \Assignment.$requestID == \ServiceRequestRecord.$id)
            .filter(\Assignment.$role == .lead).filter(\Assignment.$active == true).filter(\Assignment.$answeredAt == nil)
            .filter(\Assignment.$dueAt > now).filter(\Assignment.$dueAt <= now.addingTimeInterval(horizon))
            .filter(ServiceRequestRecord.self, \.$restricted == false)
            .filter(ServiceRequestRecord.self, \.$status ~~ RequestStatus.allCases.filter(\.isActive))
        if let agency = scope.agencyID { running = running.filter(\Assignment.$agencyID == agency) }
        let agencies = try await ReferenceQueries.agencyNames(on: db)
        let services = try await ReferenceQueries.serviceNames(on: db)
        var items: [Item] = [], considered = 0
        for a in try await running.all() {
            guard let clock = a.currentClock, !clock.isPaused, !clock.isStopped, let due = a.dueAt,
                  let record = try? a.joined(ServiceRequestRecord.self) else { continue }
            considered += 1
            let calendar = context.calendar(for: a.agencyID)
            let key = LatenessForecast.Key(agency: a.agencyID.uuidString, field: record.serviceCode ?? "")
            let remaining = clock.workingSecondsLeft(at: now, in: calendar)
            guard let prediction = forecast.predict(key, elapsed: calendar.workingSeconds(from: a.forwardedAt, to: now), remaining: remaining),
                  prediction.likelyLate else { continue }
            items.append(Item(record: record, agency: agencies[a.agencyID] ?? "", field: record.serviceCode.flatMap { services[$0] } ?? "Chưa phân loại",
                              due: due, remaining: remaining, prediction: prediction))
        }
        return (items.sorted { ($0.prediction.chanceLate, $1.due) > ($1.prediction.chanceLate, $0.due) }, considered)
    }

    /// Backtest on the stored archive (`LatenessForecast.backtest`): every Monday 00:00 (Asia/Ho_Chi_Minh) of the
    /// last `weeks` weeks, the forecast from the answers given before it, scored against what then happened to the
    /// lead assignments due in the following week. Non-restricted cases only; an assignment's due instant is the one
    /// stored last (extensions included).
    static func backtest(weeks: Int, on db: Database, now: Date = Date()) async throws -> LatenessForecast.Score {
        guard let sql = db as? any SQLDatabase else { throw AppError(.internalServerError, "internal_error", "SQL required") }
        let context = try await DeadlineStore.load(on: db)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = ReportingPeriod.timeZone
        calendar.firstWeekday = 2
        let thisMonday = calendar.dateInterval(of: .weekOfYear, for: now)?.start ?? now
        let mondays = Array((1...max(weeks, 1)).compactMap { calendar.date(byAdding: .weekOfYear, value: -$0, to: thisMonday) }.reversed())
        let first = mondays.first ?? thisMonday
        // Only what the backtest reads, one streamed row each: answers within the history window of the first
        // Monday, and assignments due after it (the ones scored). Returned assignments ("not ours") have no outcome.
        let past = NIOLockedValueBox<[LatenessForecast.PastAssignment]>([])
        try await sql.raw("""
            SELECT a.agency_id AS agency, r.service_code AS service, a.forwarded_at AS forwarded, a.due_at AS due,
                   a.answered_at AS answered, a.answer_working_seconds AS seconds, a.active AS active
            FROM assignments a JOIN service_requests r ON r.id = a.request_id
            WHERE a.role = \(bind: AssignmentRole.lead.rawValue) AND a.due_at IS NOT NULL
              AND a.status <> \(bind: AssignmentStatus.returned.rawValue) AND r.restricted = \(bind: false)
              AND (a.answered_at >= \(bind: first.addingTimeInterval(-historyWindow)) OR a.due_at > \(bind: first))
            """).run { row in
                guard let agency = try? row.decode(column: "agency", as: UUID.self),
                      let forwarded = try? row.decode(column: "forwarded", as: Date.self),
                      let due = try? row.decode(column: "due", as: Date.self) else { return }
                let answered = (try? row.decode(column: "answered", as: Date?.self)) ?? nil
                let active = (try? row.decode(column: "active", as: Bool.self)) ?? false
                // Closed by a later round without an answer: no outcome.
                guard answered != nil || active else { return }
                let service = (try? row.decode(column: "service", as: String?.self)) ?? nil
                past.withLockedValue {
                    $0.append(LatenessForecast.PastAssignment(key: LatenessForecast.Key(agency: agency.uuidString, field: service ?? ""),
                                                              forwarded: forwarded, due: due, answered: answered,
                                                              answerSeconds: (try? row.decode(column: "seconds", as: Double?.self)) ?? nil))
                }
            }
        return LatenessForecast.backtest(past.withLockedValue { $0 }, at: mondays, now: now, window: historyWindow) { key, from, to in
            context.calendar(for: UUID(uuidString: key.agency) ?? UUID()).workingSeconds(from: from, to: to)
        }
    }
}
