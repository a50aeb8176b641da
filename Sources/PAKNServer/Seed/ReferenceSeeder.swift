import Fluent
import Foundation
import PAKNDomain
import SQLKit
import Vapor

/// Seeds reference data from files shipped in the repository: the 34 provinces and 3,321 communes of
/// `vn-admin-units-2025` (thanglequoc/vietnamese-provinces-database, MIT, see its LICENSE) and the fields.
/// The current units are in force from 2025-07-01 (`valid_from`); then the units before the reform
/// (`FormerUnitSeeder`). Each part is seeded only when its table is empty, so admins' edits survive restarts.
enum ReferenceSeeder {
    struct ProvinceJSON: Decodable {
        let Code: String; let Name: String; let FullName: String; let Wards: [WardJSON]
    }
    struct WardJSON: Decodable {
        let Code: String; let Name: String; let FullName: String; let ProvinceCode: String; let AdministrativeUnitId: Int
    }

    static func resource(_ path: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: "Resources/seed/\(path)", withExtension: nil) else {
            throw AppError(.internalServerError, "missing_resource", "Missing resource \(path)")
        }
        return url
    }

    static func seed(on db: Database, logger: Logger) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        if try await Province.query(on: db).count() == 0 {
            let data = try Data(contentsOf: resource("vn-admin-units-2025/vn_units_2026-07-25.json"))
            let provinces = try JSONDecoder().decode([ProvinceJSON].self, from: data)
            try await db.writeTransaction { tx in
                let tsql = tx as! any SQLDatabase
                var insert = tsql.insert(into: "provinces").columns("code", "name", "full_name", "valid_from")
                for province in provinces {
                    let row: [any SQLExpression] = [SQLBind(province.Code), SQLBind(VietnameseText.nfc(province.Name)), SQLBind(VietnameseText.nfc(province.FullName)),
                                                    SQLBind(FormerUnitSeeder.reformDay)]
                    insert = insert.values(row)
                }
                try await insert.run()
                let wards = provinces.flatMap(\.Wards)
                for chunk in stride(from: 0, to: wards.count, by: 500).map({ wards[$0..<min($0 + 500, wards.count)] }) {
                    var insert = tsql.insert(into: "communes").columns("code", "province_code", "name", "full_name", "unit_type", "search_name", "valid_from")
                    for w in chunk {
                        let row: [any SQLExpression] = [
                            SQLBind(w.Code), SQLBind(w.ProvinceCode), SQLBind(VietnameseText.nfc(w.Name)),
                            SQLBind(VietnameseText.nfc(w.FullName)), SQLBind(w.AdministrativeUnitId), SQLBind(VietnameseText.fold(w.FullName)),
                            SQLBind(FormerUnitSeeder.reformDay)]
                        insert = insert.values(row)
                    }
                    try await insert.run()
                }
            }
            logger.info("seeded \(provinces.count) provinces and \(provinces.reduce(0) { $0 + $1.Wards.count }) communes")
        }
        if try await Service.query(on: db).count() == 0 {
            _ = sql
            for (position, entry) in ServiceCatalogue.entries.enumerated() {
                try await Service(code: entry.code, name: entry.name, group: entry.group,
                                  defaultUrgency: entry.urgency, position: position).create(on: db)
            }
        }
        try await FormerUnitSeeder.seedIfEmpty(on: db, logger: logger)
    }
}
