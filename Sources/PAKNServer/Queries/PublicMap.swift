import Fluent
import Foundation
import SQLKit

/// The public map's figures (`/ban-do`, issue 13): published, non-restricted requests of the last 12 months by
/// commune, each commune placed at the centroid of its requests' own coordinates (no openly licensed boundary or
/// centroid data of the 2025 communes ships with the project; see the README).
///
/// A commune is placed only from ``PublicStatistics/smallCell`` located requests up: the centroid of one or two
/// requests would be their location. The centroid is rounded to 0.01° (about 1 km). No request's own coordinates
/// leave the server.
enum PublicMap {
    struct Commune: Sendable, Equatable {
        let label: String
        /// Published requests of the commune in the period (all, located or not).
        let count: Int
        /// The centroid of its located requests, rounded to 0.01°; nil below the threshold.
        let latitude: Double?
        let longitude: Double?
    }

    /// The communes for the 12 calendar months ending with the month of `now`, most requests first.
    static func communes(on db: Database, now: Date = Date()) async throws -> [Commune] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let from = PublicStatistics.monthStart(of: now, offset: -11), to = PublicStatistics.monthStart(of: now, offset: 1)
        let names = try await ReferenceQueries.communeNames(on: db)
        let rows = try await sql.raw("""
            SELECT commune_code AS k, COUNT(*) AS n,
                   SUM(CASE WHEN latitude IS NOT NULL AND longitude IS NOT NULL THEN 1 ELSE 0 END) AS located,
                   AVG(latitude) AS lat, AVG(longitude) AS lon
            FROM service_requests
            WHERE restricted = \(bind: false) AND published_at IS NOT NULL AND received_at >= \(bind: from) AND received_at < \(bind: to)
              AND commune_code IS NOT NULL
            GROUP BY commune_code ORDER BY n DESC
            """).all()
        func rounded(_ value: Double?) -> Double? { value.map { ($0 * 100).rounded() / 100 } }
        return try rows.map { row in
            let located = try row.decodeNil(column: "located") ? 0 : row.decode(column: "located", as: Int.self)
            let placed = located >= PublicStatistics.smallCell
            let code = try row.decode(column: "k", as: String.self)
            return Commune(label: names[code] ?? code, count: try row.decode(column: "n", as: Int.self),
                           latitude: placed ? rounded(try row.decode(column: "lat", as: Double?.self)) : nil,
                           longitude: placed ? rounded(try row.decode(column: "lon", as: Double?.self)) : nil)
        }
    }
}
