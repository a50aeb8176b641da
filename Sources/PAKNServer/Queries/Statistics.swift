import Fluent
import Foundation
import PAKNDomain
import SQLKit
import Vapor

/// Dashboard counts for a period, by status, lead agency, field and channel (SQL GROUP BY).
/// Restricted (khiếu nại, tố cáo) cases are never counted.
enum Statistics {
    struct Row: Codable, Sendable { let key: String; let label: String; let count: Int }
    struct Report: Content, Sendable {
        let from: Date; let to: Date; let total: Int
        let byStatus: [Row]; let byAgency: [Row]; let byService: [Row]; let byChannel: [Row]
        let overdue: Int
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
        let active = RequestStatus.allCases.filter(\.isActive).map(\.rawValue)
        let overdue = try await ServiceRequestRecord.query(on: db).filter(\.$restricted == false)
            .filter(\.$status ~~ active).filter(\.$dueAt < now).count()
        return Report(from: from, to: to, total: byStatus.reduce(0) { $0 + $1.count },
                      byStatus: byStatus, byAgency: byAgency, byService: byService, byChannel: byChannel, overdue: overdue)
    }
}
