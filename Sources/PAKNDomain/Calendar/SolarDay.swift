import Foundation

/// A civil (proleptic Gregorian) calendar date with no time and no time zone: "the 17th of February 2026".
///
/// - Shape: `year` 1…9999, `month` 1…12, `day` 1…28/29/30/31; invalid combinations cannot be built
///   (the initialiser is failable).
/// - Ordering: chronological.
/// - JSON and `description`: the ISO 8601 calendar date `"2026-02-17"`.
/// - Converting to and from instants (`Date`) needs a time zone; deadlines use `VietnamTime.timeZone`
///   (Asia/Ho_Chi_Minh, UTC+7).
/// - The Julian Day Number (JDN) is the day count used by astronomers (JDN 2 451 545 = 2000-01-01); the
///   conversion is the standard integer algorithm for the Gregorian calendar (Fliegel & Van Flandern 1968;
///   inverse after E. G. Richards, *Mapping Time*, 1998).
public struct SolarDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Gregorian year, 1…9999.
    public let year: Int
    /// Month, 1…12.
    public let month: Int
    /// Day of the month, 1…31.
    public let day: Int

    /// A validated date; `nil` if the month or day does not exist (e.g. 2025-02-29) or the year is outside 1…9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...SolarDay.numberOfDays(inMonth: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Callers guarantee validity (tables in this module).
    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date with the given Julian Day Number (JDN 2 440 588 = 1970-01-01). Valid for JDN ≥ 0.
    public init(julianDayNumber jdn: Int) {
        // Richards' inverse of the Gregorian day count.
        let f = jdn + 1401 + (((4 * jdn + 274_277) / 146_097) * 3) / 4 - 38
        let e = 4 * f + 3
        let g = (e % 1461) / 4
        let h = 5 * g + 2
        let day = (h % 153) / 5 + 1
        let month = ((h / 153 + 2) % 12) + 1
        let year = e / 1461 - 4716 + (12 + 2 - month) / 12
        self.init(uncheckedYear: year, month: month, day: day)
    }

    /// The Julian Day Number of this date (an integer count of days; 2000-01-01 is 2 451 545).
    public var julianDayNumber: Int {
        let a = (14 - month) / 12
        let y = year + 4800 - a
        let m = month + 12 * a - 3
        return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32_045
    }

    /// The day of the week (JDN 0 was a Monday).
    public var weekday: Weekday { Weekday(rawValue: julianDayNumber % 7 + 1)! }

    /// The date `days` days later (negative: earlier).
    public func adding(days: Int) -> SolarDay { SolarDay(julianDayNumber: julianDayNumber + days) }

    /// The signed number of days from this date to `other` (`other` − `self`).
    public func days(to other: SolarDay) -> Int { other.julianDayNumber - julianDayNumber }

    /// The civil date of the instant `date` as seen on a wall clock in `timeZone`
    /// (e.g. 2026-02-16T17:30:00Z is 2026-02-17 in Asia/Ho_Chi_Minh).
    public init(_ date: Date, in timeZone: TimeZone) {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        let unixDay = Int((local / 86_400).rounded(.down))
        self.init(julianDayNumber: unixDay + SolarDay.unixEpochJulianDayNumber)
    }

    /// The instant at which this date begins (local midnight, 00:00) in `timeZone`.
    public func startDate(in timeZone: TimeZone) -> Date {
        SolarDay.instant(julianDayNumber: julianDayNumber, secondOfDay: 0, in: timeZone)
    }

    /// The ISO 8601 calendar date, `"2026-02-17"`.
    public var isoString: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Parses exactly `YYYY-MM-DD` (ISO 8601 calendar date, four-digit year); `nil` if malformed or impossible.
    public init?(isoString text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// `"2026-02-17"`.
    public var description: String { isoString }

    /// Number of days in `month` (1…12) of the Gregorian `year`.
    public static func numberOfDays(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: 31
        case 4, 6, 9, 11: 30
        default: isLeapYear(year) ? 29 : 28
        }
    }

    /// Gregorian leap-year rule: divisible by 4, except centuries not divisible by 400.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Chronological order.
    public static func < (lhs: SolarDay, rhs: SolarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Decodes `"YYYY-MM-DD"`; throws `DecodingError.dataCorrupted` otherwise.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = SolarDay(isoString: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Expected a date \"YYYY-MM-DD\", got \"\(text)\"")
        }
        self = parsed
    }

    /// Encodes `"YYYY-MM-DD"`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(isoString)
    }

    // MARK: - Instants

    /// JDN of 1970-01-01, the day `Date(timeIntervalSince1970: 0)` falls on in UTC.
    static let unixEpochJulianDayNumber = 2_440_588

    /// The instant at `secondOfDay` seconds after local midnight of day `jdn` in `timeZone`.
    /// For zones with daylight saving time the offset is taken at that local time (a wall-clock time
    /// skipped by a transition resolves to the instant with the earlier offset); Asia/Ho_Chi_Minh has none.
    static func instant(julianDayNumber jdn: Int, secondOfDay: Double, in timeZone: TimeZone) -> Date {
        let localSeconds = Double((jdn - unixEpochJulianDayNumber) * 86_400) + secondOfDay
        var offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: localSeconds))
        // One refinement step settles the offset for any real zone.
        let refined = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: localSeconds - Double(offset)))
        if refined != offset { offset = refined }
        return Date(timeIntervalSince1970: localSeconds - Double(offset))
    }

    /// The local day (as JDN) and seconds since local midnight of `date` in `timeZone`.
    static func localPosition(of date: Date, in timeZone: TimeZone) -> (julianDayNumber: Int, secondOfDay: Double) {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        let unixDay = (local / 86_400).rounded(.down)
        return (Int(unixDay) + unixEpochJulianDayNumber, local - unixDay * 86_400)
    }
}
