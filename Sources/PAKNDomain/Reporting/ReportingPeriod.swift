import Foundation

/// A reporting period of the kind the province reports up the hierarchy: a month, a quarter, a half-year or a year,
/// as an interval of instants `[start, end)` in Asia/Ho_Chi_Minh.
///
/// Periods begin on `startDay` of a month. With 1 (the default) they are calendar periods. With 15 they follow
/// Nghị định 09/2019/NĐ-CP (chế độ báo cáo của cơ quan hành chính nhà nước), art. 12: the monthly report covers the
/// 15th of the previous month to the 14th of the reporting month; the quarterly, the 15th of the month before the
/// quarter to the 14th of its last month; the six-monthly, 15 December of the previous year to 14 June (first half)
/// or 15 June to 14 December (second half); the yearly, 15 December of the previous year to 14 December.
/// In general a period named for months m₁…mₖ of year y starts on `startDay` of m₁ (or, for a `startDay` after 1,
/// of the month before m₁) and ends where the next period starts.
public struct ReportingPeriod: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case month = "thang"
        case quarter = "quy"
        case halfYear = "6-thang"
        case year = "nam"

        /// Months in the period.
        public var months: Int {
            switch self {
            case .month: 1
            case .quarter: 3
            case .halfYear: 6
            case .year: 12
            }
        }

        /// How many such periods a year has.
        public var perYear: Int { 12 / months }

        /// "tháng", "quý", "6 tháng", "năm".
        public var vietnameseName: String {
            switch self {
            case .month: "tháng"
            case .quarter: "quý"
            case .halfYear: "6 tháng"
            case .year: "năm"
            }
        }
    }

    public let kind: Kind
    /// The year the period is named for (for a yearly period that starts in December, the year it ends in).
    public let year: Int
    /// 1-based: the month (1–12), the quarter (1–4), the half (1–2), or 1 for the year.
    public let number: Int
    /// The day of the month periods begin on, 1…28.
    public let startDay: Int

    public enum Failure: Error, Equatable {
        /// The number is outside 1…(periods per year), the year outside 2000…9999, or the start day outside 1…28.
        case outOfRange
    }

    /// - Throws: `Failure.outOfRange` for a number, year or start day out of range.
    public init(kind: Kind, year: Int, number: Int = 1, startDay: Int = 1) throws {
        guard (1...kind.perYear).contains(number), (2000...9999).contains(year), (1...28).contains(startDay) else {
            throw Failure.outOfRange
        }
        self.kind = kind
        self.year = year
        self.number = number
        self.startDay = startDay
    }

    /// The zone of the civil days periods are counted in.
    public static let timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

    private static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The first month (1–12) of the period by name.
    public var firstMonth: Int { (number - 1) * kind.months + 1 }

    /// The first instant: 00:00 on `startDay` of the first month, or of the month before it when `startDay` > 1.
    public var start: Date {
        var components = DateComponents(year: year, month: firstMonth - (startDay > 1 ? 1 : 0), day: startDay)
        if components.month == 0 { components.month = 12; components.year = year - 1 }
        return Self.calendar.date(from: components)!
    }

    /// The first instant after the period: the start of the next period of the same kind.
    public var end: Date {
        Self.calendar.date(byAdding: .month, value: kind.months, to: start)!
    }

    /// The period of `kind` that contains `date`.
    public static func containing(_ date: Date, kind: Kind, startDay: Int = 1) throws -> ReportingPeriod {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        // From startDay on, a day belongs to the period named for the next month.
        var month = parts.month!, year = parts.year!
        if startDay > 1, parts.day! >= startDay { month += 1 }
        if month == 13 { month = 1; year += 1 }
        return try ReportingPeriod(kind: kind, year: year, number: (month - 1) / kind.months + 1, startDay: startDay)
    }

    /// The period before this one, of the same kind and start day; nil before the first year periods have (2000).
    public var previous: ReportingPeriod? {
        number > 1 ? try? ReportingPeriod(kind: kind, year: year, number: number - 1, startDay: startDay)
                   : try? ReportingPeriod(kind: kind, year: year - 1, number: kind.perYear, startDay: startDay)
    }

    /// "tháng 11/2026", "quý IV/2026", "6 tháng đầu năm 2026", "6 tháng cuối năm 2026", "năm 2026".
    public var name: String {
        switch kind {
        case .month: "tháng \(number)/\(year)"
        case .quarter: "quý \(["I", "II", "III", "IV"][number - 1])/\(year)"
        case .halfYear: number == 1 ? "6 tháng đầu năm \(year)" : "6 tháng cuối năm \(year)"
        case .year: "năm \(year)"
        }
    }
}
