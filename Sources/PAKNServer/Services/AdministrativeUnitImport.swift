import Fluent
import Foundation
import PAKNDomain
import SQLKit

/// `pakn units import`: compares a dataset of current units with the units in force in the database and, when
/// asked, writes the difference (issue 15 item 7).
///
/// The dataset has the shape of `Resources/seed/vn-admin-units-2025/vn_units_2026-07-25.json`
/// (thanglequoc/vietnamese-provinces-database): an array of provinces `{Code, Name, FullName, Wards: [{Code, Name,
/// FullName, ProvinceCode, AdministrativeUnitId}]}`; other keys are ignored. It takes effect on `validFrom` (an ISO
/// day, Asia/Ho_Chi_Minh):
/// - added units are inserted with `valid_from` = that day (a retired code that comes back is in force again from
///   that day);
/// - removed units (in force, absent from the dataset) get `valid_to` = the day before; they are never deleted, so
///   requests, agencies and routing rules that name them keep working;
/// - renamed units (same code; another name, full name, unit type or province) are updated in place; statistics,
///   which group by code, do not change.
enum AdministrativeUnitImport {
    /// The dataset's units as the domain compares them.
    /// - Throws: `AppError.invalid` (Vietnamese) when the file is not such a dataset or holds no province.
    static func entries(dataset data: Data) throws -> [AdministrativeUnitEntry] {
        let provinces: [ReferenceSeeder.ProvinceJSON]
        do {
            provinces = try JSONDecoder().decode([ReferenceSeeder.ProvinceJSON].self, from: data)
        } catch {
            throw AppError.invalid("Tệp không đúng định dạng danh mục đơn vị hành chính (mảng tỉnh có Code, Name, FullName, Wards): \(error)")
        }
        guard !provinces.isEmpty else { throw AppError.invalid("Tệp không có tỉnh nào.") }
        return provinces.flatMap { p in
            [AdministrativeUnitEntry(level: .province, code: p.Code, provinceCode: nil, name: p.Name, fullName: p.FullName)]
                + p.Wards.map { w in
                    AdministrativeUnitEntry(level: .commune, code: w.Code, provinceCode: w.ProvinceCode, name: w.Name,
                                            fullName: w.FullName, unitType: w.AdministrativeUnitId)
                }
        }
    }

    /// The units in force now (`valid_to` null), provinces and communes.
    static func current(on db: Database) async throws -> [AdministrativeUnitEntry] {
        let provinces = try await Province.query(on: db).filter(\.$validTo == nil).all().map {
            AdministrativeUnitEntry(level: .province, code: $0.id ?? "", provinceCode: nil, name: $0.name, fullName: $0.fullName)
        }
        let communes = try await Commune.query(on: db).filter(\.$validTo == nil).all().map {
            AdministrativeUnitEntry(level: .commune, code: $0.id ?? "", provinceCode: $0.provinceCode, name: $0.name,
                                    fullName: $0.fullName, unitType: $0.unitType)
        }
        return provinces + communes
    }

    /// What the dataset changes against the units in force; writes nothing.
    static func plan(dataset data: Data, on db: Database) async throws -> AdministrativeUnitChanges {
        AdministrativeUnitChanges(current: try await current(on: db), incoming: try entries(dataset: data))
    }

    /// Writes `changes` in one write transaction, the dataset taking effect on `validFrom` (Asia/Ho_Chi_Minh).
    /// Added provinces are written before the communes that need them; a province is retired after its communes.
    static func apply(_ changes: AdministrativeUnitChanges, validFrom: SolarDay, on db: Database) async throws {
        let from = validFrom.isoString
        let lastDay = AdministrativeUnitChanges.lastDay(validFrom: validFrom).isoString
        try await db.writeTransaction { tx in
            for unit in changes.added where unit.level == .province {
                let province = try await Province.find(unit.code, on: tx) ?? Province(code: unit.code, name: unit.name, fullName: unit.fullName)
                province.name = unit.name; province.fullName = unit.fullName
                province.validFrom = from; province.validTo = nil
                try await province.save(on: tx)
            }
            for rename in changes.renamed where rename.after.level == .province {
                guard let province = try await Province.find(rename.after.code, on: tx) else { continue }
                province.name = rename.after.name; province.fullName = rename.after.fullName
                try await province.save(on: tx)
            }
            for unit in changes.added + changes.renamed.map(\.after) where unit.level == .commune {
                let existing = try await Commune.find(unit.code, on: tx)
                let commune = existing ?? Commune()
                if existing == nil { commune.id = unit.code }
                commune.provinceCode = unit.provinceCode ?? ""
                commune.name = unit.name; commune.fullName = unit.fullName
                commune.unitType = unit.unitType ?? 0
                commune.searchName = VietnameseText.fold(unit.fullName)
                if existing == nil || changes.added.contains(unit) { commune.validFrom = from; commune.validTo = nil }
                try await commune.save(on: tx)
            }
            let removedCommunes = changes.removed.filter { $0.level == .commune }.map(\.code)
            if !removedCommunes.isEmpty {
                try await Commune.query(on: tx).filter(\.$id ~~ removedCommunes).set(\.$validTo, to: lastDay).update()
            }
            let removedProvinces = changes.removed.filter { $0.level == .province }.map(\.code)
            if !removedProvinces.isEmpty {
                try await Province.query(on: tx).filter(\.$id ~~ removedProvinces).set(\.$validTo, to: lastDay).update()
            }
        }
    }

    /// The lines `pakn units import` prints, one per change, tab-separated:
    /// `added	commune	CODE	PROVINCE	FULL NAME	valid_from=YYYY-MM-DD`,
    /// `removed	commune	CODE	PROVINCE	FULL NAME	valid_to=YYYY-MM-DD`,
    /// `renamed	commune	CODE	PROVINCE	OLD FULL NAME	NEW FULL NAME` (a province's PROVINCE column is its own code;
    /// a unit moved to another province shows `OLD→NEW` there).
    static func lines(_ changes: AdministrativeUnitChanges, validFrom: SolarDay) -> [String] {
        let lastDay = AdministrativeUnitChanges.lastDay(validFrom: validFrom).isoString
        func province(_ unit: AdministrativeUnitEntry) -> String { unit.provinceCode ?? unit.code }
        let rows: [[String]] = changes.added.map { ["added", $0.level.rawValue, $0.code, province($0), $0.fullName, "valid_from=\(validFrom.isoString)"] }
            + changes.removed.map { ["removed", $0.level.rawValue, $0.code, province($0), $0.fullName, "valid_to=\(lastDay)"] }
            + changes.renamed.map { r in
                let moved = province(r.before) == province(r.after) ? province(r.after) : "\(province(r.before))→\(province(r.after))"
                return ["renamed", r.after.level.rawValue, r.after.code, moved, r.before.fullName, r.after.fullName]
            }
        return rows.map { $0.joined(separator: "\t") }
    }
}
