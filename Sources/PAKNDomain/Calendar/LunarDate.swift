import Foundation

/// A date in the Vietnamese lunar calendar (âm lịch).
///
/// - `year`: the lunar year, numbered by the Gregorian year in which its first day (Tết, mùng 1 tháng Giêng)
///   falls; lunar 29/12/2025 is 2026-02-16, lunar 1/1/2026 is 2026-02-17.
/// - `month`: 1…12 (month 1 is tháng Giêng, 12 is tháng Chạp).
/// - `day`: 1…29 or 1…30 (a lunar month has 29 or 30 days).
/// - `isLeapMonth`: true for the intercalary month (tháng nhuận), which repeats the number of the month before it.
///
/// The initialiser checks nothing, so parsed input can be held as is; whether the date exists (month 1…12,
/// day 1…29/30, a leap month only where the year has it) is answered by `LunarCalendar.solarDay(for:)`, which
/// returns `nil` otherwise.
/// `description` is the form the `pakn calendar lunar` command prints: `"1/6/2025 nhuận"`, `"1/1/2026"`.
public struct LunarDate: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// Day of the lunar month, 1…30.
    public var day: Int
    /// Lunar month, 1…12.
    public var month: Int
    /// Lunar year (the Gregorian year of its Tết).
    public var year: Int
    /// True in the leap month (tháng nhuận).
    public var isLeapMonth: Bool

    /// A lunar date, not validated (see above).
    public init(day: Int, month: Int, year: Int, isLeapMonth: Bool = false) {
        self.day = day
        self.month = month
        self.year = year
        self.isLeapMonth = isLeapMonth
    }

    /// `D/M/YYYY`, followed by `" nhuận"` for a day of a leap month.
    public var description: String {
        "\(day)/\(month)/\(year)" + (isLeapMonth ? " nhuận" : "")
    }

    /// The sexagenary (Can Chi) name of the lunar year, e.g. "Bính Ngọ" for 2026, "Ất Tỵ" for 2025.
    public var yearName: String { LunarDate.sexagenaryName(ofLunarYear: year) }

    /// The Can Chi name of a lunar year: heavenly stem (can) then earthly branch (chi); 1984 was Giáp Tý.
    public static func sexagenaryName(ofLunarYear year: Int) -> String {
        let stems = ["Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"]
        let branches = ["Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"]
        let stem = ((year - 1984) % 10 + 10) % 10
        let branch = ((year - 1984) % 12 + 12) % 12
        return "\(stems[stem]) \(branches[branch])"
    }

    /// Calendar order: year, then month, a leap month after the ordinary month of the same number, then day.
    public static func < (lhs: LunarDate, rhs: LunarDate) -> Bool {
        (lhs.year, lhs.month, lhs.isLeapMonth ? 1 : 0, lhs.day) < (rhs.year, rhs.month, rhs.isLeapMonth ? 1 : 0, rhs.day)
    }
}

/// One month of the Vietnamese lunar calendar: its number, whether it is the leap month, its first civil day
/// (the day, at UTC+7, that contains the new moon) and its length in days (29 or 30).
public struct LunarMonth: Hashable, Sendable, Codable {
    /// Lunar year.
    public var year: Int
    /// Month number, 1…12.
    public var month: Int
    /// True for the leap month.
    public var isLeapMonth: Bool
    /// The civil day containing the new moon (UTC+7).
    public var firstDay: SolarDay
    /// 29 or 30.
    public var numberOfDays: Int

    /// The last civil day of the month.
    public var lastDay: SolarDay { firstDay.adding(days: numberOfDays - 1) }
}
