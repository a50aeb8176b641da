import Fluent
import Foundation
import NIOConcurrencyHelpers
import PAKNDomain

/// The units before the 2025 reform and the current communes they went into (issue 15 item 7), for every entry
/// point: the operator's hint on the case page, `pakn units map`, and the import of an old archive (issue 15
/// item 11), which calls ``currentCommuneCode(oldProvinceCode:oldCommuneCode:on:)`` or ``currentCommune(address:province:on:)``.
///
/// The mapping is read from `former_units` once per process and kept (10,602 rows; the table holds the shipped
/// file and nothing writes it after seeding).
enum AdministrativeUnits {
    private static let cache = NIOLockedValueBox<FormerUnitMapping?>(nil)

    /// The mapping, from `former_units` (read once, then kept). Rows whose stored note the code does not know are
    /// left out and logged (fail closed).
    static func mapping(on db: Database) async throws -> FormerUnitMapping {
        if let cached = cache.withLockedValue({ $0 }) { return cached }
        var rows: [FormerUnitRow] = []
        for record in try await FormerUnitRecord.query(on: db).sort(\.$id).all() {
            if let row = record.row { rows.append(row) } else {
                db.logger.error("unreadable former_units row", metadata: ["id": "\(record.id ?? 0)", "column": "note", "value": "\(record.note)"])
            }
        }
        let mapping = FormerUnitMapping(rows: rows)
        // An empty table (not seeded yet) is not kept: the next call reads again.
        if !rows.isEmpty { cache.withLockedValue { $0 = mapping } }
        return mapping
    }

    /// A current commune as the database names it now.
    struct CurrentCommune: Sendable, Equatable, Encodable {
        let code: String
        let provinceCode: String
        /// The database's full name ("Phường Quy Nhơn"); the mapping file's when the row is missing.
        let name: String
        /// The default target of a divided former commune (always true for a whole one).
        let isDefault: Bool
        /// The unit is no longer in force (its `valid_to`, ISO day), or nil.
        let validTo: String?

        enum CodingKeys: String, CodingKey {
            case code, name, provinceCode = "province_code", isDefault = "default", validTo = "valid_to"
        }
    }

    /// A former unit read from a text or given by its old codes, and the current commune(s) it went into.
    struct Mapped: Sendable {
        let former: FormerUnit
        /// Default target first.
        let current: [CurrentCommune]
        let isSplit: Bool
        /// Nil when the unit was given by its codes.
        let confidence: FormerUnitMapping.Confidence?
        let matchedText: String?

        /// The code to store when one must be chosen: the only current commune, or a divided commune's default.
        var currentCode: String { current[0].code }
    }

    /// Reads a former commune out of an address ("Phường Thị Nại, TP Quy Nhơn") with
    /// `FormerUnitMapping.resolve(address:inProvince:)` (its rules: typed names, districts and provinces to
    /// disambiguate, nil when ambiguous), within the **current** province `province` (nil: the whole country).
    /// The current communes carry the database's names.
    static func currentCommune(address: String, province: String?, on db: Database) async throws -> Mapped? {
        guard let resolution = try await mapping(on: db).resolve(address: address, inProvince: province) else { return nil }
        return try await mapped(resolution.former, resolution.targets, confidence: resolution.confidence,
                                matchedText: resolution.matchedText, on: db)
    }

    /// The current commune(s) of a former unit given by its **old** province code and **old** commune code (old
    /// island districts: their old district code), e.g. ("52", "21583") → Phường Quy Nhơn; nil when the mapping
    /// has no such old unit. Never pass current codes.
    static func currentCommune(oldProvinceCode: String, oldUnitCode: String, on db: Database) async throws -> Mapped? {
        let map = try await mapping(on: db)
        guard let former = map.formerUnit(oldProvinceCode: oldProvinceCode, oldUnitCode: oldUnitCode) else { return nil }
        return try await mapped(former, map.currentCommunes(oldProvinceCode: oldProvinceCode, oldUnitCode: oldUnitCode),
                                confidence: nil, matchedText: nil, on: db)
    }

    /// The one current commune code an old record of an old commune is counted under (the archive import, issue 15
    /// item 11): the only target, or a divided commune's default (`split;default`); nil for an unknown old unit.
    static func currentCommuneCode(oldProvinceCode: String, oldCommuneCode: String, on db: Database) async throws -> String? {
        try await currentCommune(oldProvinceCode: oldProvinceCode, oldUnitCode: oldCommuneCode, on: db)?.currentCode
    }

    private static func mapped(_ former: FormerUnit, _ targets: [CurrentCommuneTarget], confidence: FormerUnitMapping.Confidence?,
                               matchedText: String?, on db: Database) async throws -> Mapped? {
        guard !targets.isEmpty else { return nil }
        let rows = try await Commune.query(on: db).filter(\.$id ~~ targets.map(\.code)).all()
        let byCode = Dictionary(rows.compactMap { c in c.id.map { ($0, c) } }, uniquingKeysWith: { a, _ in a })
        let current = targets.enumerated().map { index, target in
            CurrentCommune(code: target.code, provinceCode: byCode[target.code]?.provinceCode ?? target.provinceCode,
                           name: byCode[target.code]?.fullName ?? target.name, isDefault: index == 0, validTo: byCode[target.code]?.validTo)
        }
        return Mapped(former: former, current: current, isSplit: targets.count > 1, confidence: confidence, matchedText: matchedText)
    }

    /// What the operator's triage shows when a case's address names a former commune: advice, never applied by
    /// itself (the operator chooses the commune).
    struct Hint: Sendable {
        let mapped: Mapped
        /// "Phường Thị Nại (TP Quy Nhơn, tỉnh Bình Định)".
        var formerLabel: String {
            let f = mapped.former
            let district = f.communeCode == nil ? "" : Self.lowercasedType(f.districtName) + ", "
            return "\(f.name) (\(district)\(Self.lowercasedType(f.provinceName)))"
        }
        /// "Phường Quy Nhơn", or for a divided commune "Xã Canh Vinh (mặc định theo nguồn dữ liệu) hoặc Xã Vân Canh".
        var currentLabel: String {
            guard mapped.isSplit else { return mapped.current[0].name }
            return mapped.current[0].name + " (mặc định theo nguồn dữ liệu) hoặc "
                + mapped.current.dropFirst().map(\.name).joined(separator: ", ")
        }
        /// The whole sentence: "Địa chỉ theo đơn vị cũ: Phường Thị Nại (TP Quy Nhơn, tỉnh Bình Định) → nay là Phường Quy Nhơn".
        var text: String {
            "Địa chỉ theo đơn vị cũ: \(formerLabel) → nay \(mapped.isSplit ? "thuộc" : "là") \(currentLabel)"
        }

        /// "Thành phố Quy Nhơn" → "TP Quy Nhơn", "Tỉnh Bình Định" → "tỉnh Bình Định", "Huyện Tây Sơn" → "huyện Tây Sơn".
        static func lowercasedType(_ name: String) -> String {
            if name.hasPrefix("Thành phố ") { return "TP " + name.dropFirst("Thành phố ".count) }
            for word in ["Tỉnh ", "Huyện ", "Quận ", "Thị xã "] where name.hasPrefix(word) { return word.lowercased() + name.dropFirst(word.count) }
            return name
        }
    }

    /// The hint for a case whose address names a former commune of the deployment's province (`province`, a current
    /// code) with its unit-type word or its district (`Confidence.typedName` or better); nil otherwise, and nil when
    /// the former commune went whole into a commune of the same name (Xã Ia O → Xã Ia O: nothing to tell).
    static func hint(address: String, province: String, on db: Database) async throws -> Hint? {
        guard let mapped = try await currentCommune(address: address, province: province, on: db),
              let confidence = mapped.confidence, confidence >= .typedName else { return nil }
        if !mapped.isSplit, VietnameseText.fold(mapped.former.name) == VietnameseText.fold(mapped.current[0].name) { return nil }
        return Hint(mapped: mapped)
    }
}
