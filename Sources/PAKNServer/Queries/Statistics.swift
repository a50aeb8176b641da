import Fluent
import Foundation
import PAKNDomain
import SQLKit
import Vapor

/// Dashboard counts for a period, by status, lead agency, field and channel (SQL GROUP BY).
/// Restricted (khiếu nại, tố cáo) cases are never counted.
enum Statistics {
    struct Row: Codable, Sendable { let key: String; let label: String; let count: Int }
    /// Timeliness of the lead agencies' answers given in the period, and what is overdue now (issue 3 §6).
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
        /// Mean working hours from forwarding to the answer; nil without answers.
        let averageHandlingHours: Double?
    }

    struct Report: Content, Sendable {
        let from: Date; let to: Date; let total: Int
        let byStatus: [Row]; let byAgency: [Row]; let byService: [Row]; let byChannel: [Row]
        let overdue: Int
        let performanceByAgency: [Performance]
        let performanceByService: [Performance]
    }

    static func report(from: Date, to: Date, on db: Database, now: Date = Date()) async throws -> Report {
        guard let sql = db as? any SQLDatabase else { throw AppError(.internalServerError, "internal_error", "SQL required") }
        func grouped(_ column: String) async throws -> [(String, Int)] {
            try await sql.raw("""
                SELECT \(ident: column) AS k, COUNT(*) AS n FROM service_requests
                WHERE restricted = \(bind: false) AND received_at >= \(bind: from) AND received_at < \(bind: to)
                GROUP BY \(ident: column) ORDER BY n DESC
                """).all().map { row in
                    (try row.decodeNil(column: "k") ? "" : row.decode(column: "k", as: String.self), try row.decode(column: "n", as: Int.self))
                }
        }
        let byStatus = try await grouped("status").map { Row(key: $0.0, label: RequestStatus(rawValue: $0.0)?.label ?? $0.0, count: $0.1) }
        let agencies = Dictionary(try await Agency.query(on: db).all().map { ($0.id!.uuidString.lowercased(), $0.name) }, uniquingKeysWith: { a, _ in a })
        let agencyRows = try await sql.raw("""
            SELECT lead_agency_id AS k, COUNT(*) AS n FROM service_requests
            WHERE restricted = \(bind: false) AND received_at >= \(bind: from) AND received_at < \(bind: to) AND lead_agency_id IS NOT NULL
            GROUP BY lead_agency_id ORDER BY n DESC
            """).all()
        let byAgency = try agencyRows.map { row -> Row in
            let id = try row.decode(column: "k", as: UUID.self).uuidString.lowercased()
            return Row(key: id, label: agencies[id] ?? id, count: try row.decode(column: "n", as: Int.self))
        }
        let services = Dictionary(try await Service.query(on: db).all().map { ($0.id ?? "", $0.name) }, uniquingKeysWith: { a, _ in a })
        let byService = try await grouped("service_code").map { Row(key: $0.0, label: $0.0.isEmpty ? "Chưa phân loại" : services[$0.0] ?? $0.0, count: $0.1) }
        let byChannel = try await grouped("channel").map { Row(key: $0.0, label: PAKNDomain.Channel(rawValue: $0.0)?.label ?? $0.0, count: $0.1) }
        let active = RequestStatus.allCases.filter(\.isActive)
        let overdue = try await ServiceRequestRecord.query(on: db).filter(\.$restricted == false)
            .filter(\.$status ~~ active).filter(\.$dueAt < now).count()
        let (perAgency, perService) = try await performance(from: from, to: to, agencies: agencies, services: services, on: db, now: now)
        return Report(from: from, to: to, total: byStatus.reduce(0) { $0 + $1.count },
                      byStatus: byStatus, byAgency: byAgency, byService: byService, byChannel: byChannel, overdue: overdue,
                      performanceByAgency: perAgency, performanceByService: perService)
    }

    /// On-time rates, late and overdue counts and average handling time, by lead agency and by field.
    static func performance(from: Date, to: Date, agencies: [String: String], services: [String: String], on db: Database, now: Date)
        async throws -> (byAgency: [Performance], byService: [Performance]) {
        let answered = try await Assignment.query(on: db).filter(\.$role == .lead)
            .filter(\.$answeredAt >= from).filter(\.$answeredAt < to).all()
        let running = try await Assignment.query(on: db).filter(\.$role == .lead).filter(\.$active == true).filter(\.$answeredAt == nil).all()
        let ids = Array(Set((answered + running).map(\.requestID)))
        let records = ids.isEmpty ? [:] : Dictionary(try await ServiceRequestRecord.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0) },
                                                     uniquingKeysWith: { a, _ in a })
        let context = try await DeadlineStore.load(on: db)
        struct Tally { var answered = 0, onTime = 0, late = 0, onTimeOriginal = 0, overdue = 0, hours = 0.0 }
        var byAgency: [String: Tally] = [:], byService: [String: Tally] = [:]
        func add(_ agency: String, _ service: String, _ change: (inout Tally) -> Void) {
            change(&byAgency[agency, default: Tally()])
            change(&byService[service, default: Tally()])
        }
        for a in answered {
            guard let record = records[a.requestID], !record.restricted, let answeredAt = a.answeredAt else { continue }
            let hours = context.calendar(for: a.agencyID).workingSeconds(from: a.forwardedAt, to: answeredAt) / 3600
            add(a.agencyID.uuidString.lowercased(), record.serviceCode ?? "") { t in
                t.answered += 1; t.hours += hours
                if a.outcome == .onTime { t.onTime += 1 } else if a.outcome == .late { t.late += 1 }
                if a.outcomeOriginal == .onTime { t.onTimeOriginal += 1 }
            }
        }
        for a in running {
            guard let record = records[a.requestID], !record.restricted, record.status.isActive,
                  let clock = a.currentClock, clock.isOverdue(at: now, in: context.calendar(for: a.agencyID)) else { continue }
            add(a.agencyID.uuidString.lowercased(), record.serviceCode ?? "") { $0.overdue += 1 }
        }
        func rows(_ tallies: [String: Tally], _ label: (String) -> String) -> [Performance] {
            tallies.map { key, t in
                Performance(key: key, label: label(key), answered: t.answered, onTime: t.onTime, late: t.late, onTimeOriginal: t.onTimeOriginal,
                            onTimeRate: t.answered > 0 ? Double(t.onTime) / Double(t.answered) : nil, overdueNow: t.overdue,
                            averageHandlingHours: t.answered > 0 ? (t.hours / Double(t.answered) * 10).rounded() / 10 : nil)
            }.sorted { ($0.answered + $0.overdueNow, $0.label) > ($1.answered + $1.overdueNow, $1.label) }
        }
        return (rows(byAgency) { agencies[$0] ?? $0 }, rows(byService) { $0.isEmpty ? "Chưa phân loại" : services[$0] ?? $0 })
    }
}
