import Foundation

/// A province or commune as a dataset of current units lists it, or as the database holds it while in force.
public struct AdministrativeUnitEntry: Hashable, Sendable {
    /// A province (tỉnh, thành phố) or a commune-level unit (xã, phường, đặc khu); the raw value is what
    /// `pakn units import` prints.
    public enum Level: String, Sendable, Hashable, Codable { case province, commune }
    public let level: Level
    /// The unit's code (provinces 2 digits, communes 5; QĐ 19/2025/QĐ-TTg and later lists).
    public let code: String
    /// The province a commune belongs to; nil for a province.
    public let provinceCode: String?
    /// "Quy Nhơn", "Gia Lai" (NFC).
    public let name: String
    /// "Phường Quy Nhơn", "Tỉnh Gia Lai" (NFC).
    public let fullName: String
    /// For a commune, the dataset's AdministrativeUnitId (3 phường, 4 xã, 5 đặc khu); nil for a province.
    public let unitType: Int?

    public init(level: Level, code: String, provinceCode: String?, name: String, fullName: String, unitType: Int? = nil) {
        self.level = level; self.code = code; self.provinceCode = provinceCode
        self.name = VietnameseText.nfc(name); self.fullName = VietnameseText.nfc(fullName); self.unitType = unitType
    }
}

/// What a dataset of current units changes against the units in force (`pakn units import`): units added, units
/// that stop existing, and units renamed (same code, another name, full name, unit type or province).
///
/// Units are compared by level and code only: a code is the unit's identity in every official list; a unit that is
/// removed and a new one created under another code are a removal and an addition, never a rename.
public struct AdministrativeUnitChanges: Equatable, Sendable {
    /// A unit whose code stays but whose name, full name, unit type or province changed.
    public struct Rename: Equatable, Sendable {
        /// As the database holds it now.
        public let before: AdministrativeUnitEntry
        /// As the dataset lists it.
        public let after: AdministrativeUnitEntry
    }

    /// In the dataset, not among the units in force (new, or a retired code that comes back). Provinces first,
    /// then by code.
    public let added: [AdministrativeUnitEntry]
    /// In force, not in the dataset: they get a last day (`valid_to`), they are never deleted. Provinces first.
    public let removed: [AdministrativeUnitEntry]
    public let renamed: [Rename]

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && renamed.isEmpty }

    /// Compares `current` (the units in force) with `incoming` (a whole dataset). Duplicated codes in `incoming`
    /// keep their first entry.
    public init(current: [AdministrativeUnitEntry], incoming: [AdministrativeUnitEntry]) {
        struct ID: Hashable { let level: AdministrativeUnitEntry.Level; let code: String }
        func index(_ list: [AdministrativeUnitEntry]) -> [ID: AdministrativeUnitEntry] {
            Dictionary(list.map { (ID(level: $0.level, code: $0.code), $0) }, uniquingKeysWith: { first, _ in first })
        }
        let now = index(current), next = index(incoming)
        func ordered(_ list: [AdministrativeUnitEntry]) -> [AdministrativeUnitEntry] {
            list.sorted { ($0.level == .province ? 0 : 1, $0.code) < ($1.level == .province ? 0 : 1, $1.code) }
        }
        added = ordered(next.filter { now[$0.key] == nil }.map(\.value))
        removed = ordered(now.filter { next[$0.key] == nil }.map(\.value))
        renamed = next.compactMap { id, after in
            guard let before = now[id], before != after else { return nil }
            return Rename(before: before, after: after)
        }.sorted { ($0.before.level == .province ? 0 : 1, $0.before.code) < ($1.before.level == .province ? 0 : 1, $1.before.code) }
    }

    /// The last day of a removed unit: the day before the dataset takes effect.
    public static func lastDay(validFrom: SolarDay) -> SolarDay { validFrom.adding(days: -1) }
}
