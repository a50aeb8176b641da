import Foundation

/// A commune-level unit (xã, phường, thị trấn) as it stood just before Vietnam's 2025 reform took effect on
/// 2025-07-01, with its district and province of that time; or, for the five island districts that had no commune
/// level (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo), the district itself (`communeCode` and `communeName` nil).
///
/// Codes are the General Statistics Office's (GSO) codes of the **old** list: province 2 digits, district 3, commune
/// 5, leading zeros kept. Old and new codes share one code space (old province `52` is Bình Định, the new `52` is the
/// merged Gia Lai; most new commune codes are also old commune codes), so a `FormerUnit`'s codes are only ever
/// compared with other former units' codes, never with a current commune's. Names are NFC, as the source writes them.
/// Source: `Resources/admin-units-history/mapping-2025.csv` (PyPI `vietnamadminunits` 1.0.4, MIT).
public struct FormerUnit: Hashable, Sendable, Codable {
    /// Identifies a former unit: its old province and its old commune code (or its old district code when it had no
    /// communes). Old commune codes are unique within an old province.
    public struct Key: Hashable, Sendable {
        public let provinceCode: String
        /// The old commune code, or the old district code of an island district without communes.
        public let unitCode: String
        public init(provinceCode: String, unitCode: String) {
            self.provinceCode = provinceCode; self.unitCode = unitCode
        }
    }

    public let provinceCode: String
    /// "Tỉnh Bình Định", "Thành phố Hồ Chí Minh".
    public let provinceName: String
    public let districtCode: String
    /// "Thành phố Quy Nhơn", "Huyện Tây Sơn", "Thị xã An Khê", "Quận 1".
    public let districtName: String
    /// Nil for an island district without communes.
    public let communeCode: String?
    /// "Phường Thị Nại", "Thị trấn Phú Phong", "Xã Ia Kênh"; nil for an island district without communes.
    public let communeName: String?

    public init(provinceCode: String, provinceName: String, districtCode: String, districtName: String,
                communeCode: String?, communeName: String?) {
        self.provinceCode = provinceCode; self.provinceName = provinceName
        self.districtCode = districtCode; self.districtName = districtName
        self.communeCode = communeCode; self.communeName = communeName
    }

    public var key: Key { Key(provinceCode: provinceCode, unitCode: communeCode ?? districtCode) }

    /// The unit's own name: the commune's, or the district's for an island district without communes.
    public var name: String { communeName ?? districtName }

    /// The last day the former units were in force (Asia/Ho_Chi_Minh): the reform took effect on 2025-07-01.
    public static let validTo = SolarDay(year: 2025, month: 6, day: 30)!
    /// The first day of the current units (Asia/Ho_Chi_Minh), QĐ 19/2025/QĐ-TTg.
    public static let reformDay = SolarDay(year: 2025, month: 7, day: 1)!
}

/// How a former unit went into a current commune: one row of the mapping.
public enum FormerUnitShare: String, Hashable, Sendable, Codable, CaseIterable {
    /// The whole former commune went into this current commune.
    case whole = ""
    /// The former commune was divided; this current commune is the one the source picks when nothing finer (a street)
    /// is known. Exactly one per divided former commune.
    case splitDefault = "split;default"
    /// The former commune was divided; this current commune received another part of it.
    case split = "split"
    /// An island district without communes became this special zone (đặc khu).
    case districtWithoutCommunes = "district-without-communes"

    /// Whether the former unit was divided among several current communes.
    public var isSplit: Bool { self == .splitDefault || self == .split }
}

/// A current commune a former unit went into (wholly or in part), as the mapping names it.
public struct CurrentCommuneTarget: Hashable, Sendable, Codable {
    /// The current commune's code (QĐ 19/2025/QĐ-TTg list, as seeded in `communes`).
    public let code: String
    /// The current province's code ("52" = Gia Lai).
    public let provinceCode: String
    /// The current full name as the mapping's source dataset has it ("Phường Quy Nhơn"); the database's name may be
    /// newer (a rename imported later).
    public let name: String
    public let share: FormerUnitShare

    public init(code: String, provinceCode: String, name: String, share: FormerUnitShare) {
        self.code = code; self.provinceCode = provinceCode; self.name = name; self.share = share
    }
}

/// One row of `mapping-2025.csv`: a former unit and one current commune it went into.
public struct FormerUnitRow: Hashable, Sendable {
    public let former: FormerUnit
    public let target: CurrentCommuneTarget

    public init(former: FormerUnit, target: CurrentCommuneTarget) {
        self.former = former; self.target = target
    }

    /// A malformed line of the mapping file: its 1-based line number and why.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "mapping-2025.csv dòng \(line): \(reason)" }
        public init(line: Int, reason: String) { self.line = line; self.reason = reason }
    }

    /// The header `mapping-2025.csv` starts with.
    public static let header = "old_province_code,old_province_name,old_district_code,old_district_name,old_commune_code,old_commune_name,new_province_code,new_commune_code,new_commune_name,note"

    /// Reads the mapping file's text: the header above, then one row per line (`\n` or `\r\n`), RFC 4180 quoting
    /// accepted, blank lines skipped. Names are normalised to NFC.
    /// - Throws: ``ParseError`` for a wrong header, a row without 10 fields, an empty code or name where one is needed,
    ///   or an unknown `note`.
    public static func parse(csv text: String) throws -> [FormerUnitRow] {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces) == header else {
            throw ParseError(line: 1, reason: "dòng tiêu đề không đúng")
        }
        lines.removeFirst()
        var rows: [FormerUnitRow] = []
        rows.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let number = index + 2
            let fields = splitCSVLine(String(line)).map(VietnameseText.nfc)
            guard fields.count == 10 else { throw ParseError(line: number, reason: "cần 10 cột, có \(fields.count)") }
            guard let share = FormerUnitShare(rawValue: fields[9]) else {
                throw ParseError(line: number, reason: "ghi chú không rõ: \(fields[9])")
            }
            let hasCommune = share != .districtWithoutCommunes
            for i in [0, 1, 2, 3, 6, 7, 8] + (hasCommune ? [4, 5] : []) where fields[i].isEmpty {
                throw ParseError(line: number, reason: "cột \(i + 1) trống")
            }
            let former = FormerUnit(provinceCode: fields[0], provinceName: fields[1], districtCode: fields[2], districtName: fields[3],
                                    communeCode: hasCommune ? fields[4] : nil, communeName: hasCommune ? fields[5] : nil)
            rows.append(FormerUnitRow(former: former, target: CurrentCommuneTarget(code: fields[7], provinceCode: fields[6],
                                                                                 name: fields[8], share: share)))
        }
        return rows
    }

    /// One CSV line's fields (RFC 4180: a quoted field may hold commas and doubled quotes).
    static func splitCSVLine(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = Array(line).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
                } else {
                    current.append(character)
                }
            } else if character == "\"" && current.isEmpty {
                quoted = true
            } else if character == "," {
                fields.append(current); current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
