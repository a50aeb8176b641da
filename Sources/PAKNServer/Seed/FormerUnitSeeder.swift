import Fluent
import Foundation
import PAKNDomain
import SQLKit
import Vapor

/// Loads `former_units` from `Resources/admin-units-history/mapping-2025.csv` (the units before the 2025 reform and
/// the current communes they went into; PyPI `vietnamadminunits` 1.0.4, MIT, licence beside the file), when the table
/// is empty: on a new database right after the current units, on an existing one at its next start after migration
/// 0016. One write transaction, 500 rows per INSERT; the time it took inside the transaction is logged.
enum FormerUnitSeeder {
    /// The day the current units took effect, ISO, Asia/Ho_Chi_Minh (QĐ 19/2025/QĐ-TTg): their `valid_from`.
    static let reformDay = FormerUnit.reformDay.isoString
    /// The last day of the former units, ISO, Asia/Ho_Chi_Minh: their `valid_to`.
    static let lastFormerDay = FormerUnit.validTo.isoString

    /// The shipped mapping's rows (10,602).
    /// - Throws: when the file is missing or malformed (``FormerUnitRow/ParseError``).
    static func shippedRows() throws -> [FormerUnitRow] {
        guard let url = Bundle.module.url(forResource: "Resources/admin-units-history/mapping-2025.csv", withExtension: nil) else {
            throw AppError(.internalServerError, "missing_resource", "Missing resource admin-units-history/mapping-2025.csv")
        }
        return try FormerUnitRow.parse(csv: String(contentsOf: url, encoding: .utf8))
    }

    /// Seeds the table when it is empty; returns the number of rows written (0 when it was not empty).
    @discardableResult
    static func seedIfEmpty(on db: Database, logger: Logger) async throws -> Int {
        guard try await FormerUnitRecord.query(on: db).count() == 0 else { return 0 }
        let rows = try shippedRows()
        // Timed inside the transaction: on SQLite, waiting for the process's write lock is not the seeding's time.
        let elapsed = try await db.writeTransaction { tx -> Duration in
            let started = ContinuousClock.now
            guard let sql = tx as? any SQLDatabase else { return .zero }
            for start in stride(from: 0, to: rows.count, by: 500) {
                var insert = sql.insert(into: FormerUnitRecord.schema).columns(
                    "old_province_code", "old_province_name", "old_district_code", "old_district_name", "old_commune_code",
                    "old_commune_name", "new_province_code", "new_commune_code", "new_commune_name", "note", "valid_to")
                for row in rows[start..<min(start + 500, rows.count)] {
                    let f = row.former, t = row.target
                    let values: [any SQLExpression] = [
                        SQLBind(f.provinceCode), SQLBind(f.provinceName), SQLBind(f.districtCode), SQLBind(f.districtName),
                        SQLBind(f.communeCode), SQLBind(f.communeName), SQLBind(t.provinceCode), SQLBind(t.code), SQLBind(t.name),
                        SQLBind(t.share.rawValue), SQLBind(lastFormerDay)]
                    insert = insert.values(values)
                }
                try await insert.run()
            }
            return ContinuousClock.now - started
        }
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        logger.info("seeded \(rows.count) former administrative units (before 2025-07-01) in \(milliseconds) ms")
        return rows.count
    }
}
