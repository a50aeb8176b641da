import Foundation

/// The Vietnamese lunar calendar (âm lịch), reckoned at 105° E (UTC+7), for civil dates 1900-01-01…2100-12-31.
///
/// Rules (domain.md §3.5, after Hồ Ngọc Đức's public description of the calendar; implemented here from
/// the rules and Meeus's astronomy, not from any existing program):
/// 1. A month starts on the local day (UTC+7) that contains the new moon (Sóc).
/// 2. A year has 12 months, or 13 in a leap year.
/// 3. The winter solstice (the Sun at apparent longitude 270°) always falls in month 11.
/// 4. When 13 new moons begin between one month 11 and the next, the first month after month 11 that
///    contains no major solar term (Trung khí, the Sun crossing a multiple of 30°) is the leap month and takes
///    the number of the month before it.
/// 5. Everything is computed for UTC+7, which is why Tết sometimes differs from China's (UTC+8): 2007-02-17 in
///    Vietnam against 2007-02-18 in China.
///
/// A month "contains a major term" when the Sun's longitude, taken at local midnight at the start of the
/// month's first day and at the start of the next month's first day, lies in different 30° sectors.
///
/// The months of the whole range (about 2 500) are computed once, on first use (a few milliseconds), and then
/// every conversion is a binary search or a dictionary look-up. Foundation's `.chinese` calendar is not used:
/// it follows China's meridian.
public enum LunarCalendar {
    /// The civil dates this type converts: 1900-01-01 through 2100-12-31.
    public static let supportedRange: ClosedRange<SolarDay> =
        SolarDay(uncheckedYear: 1900, month: 1, day: 1)...SolarDay(uncheckedYear: 2100, month: 12, day: 31)

    /// The lunar years whose months are all available: 1900…2100 (lunar 1/1/1900 is 1900-01-31; lunar year
    /// 2100 ends in early 2101, beyond `supportedRange` for conversions but known to `months(inLunarYear:)`).
    public static let supportedLunarYears: ClosedRange<Int> = 1900...2100

    /// The lunar date of a civil day; `nil` outside `supportedRange`.
    public static func lunarDate(for solar: SolarDay) -> LunarDate? {
        guard supportedRange.contains(solar) else { return nil }
        let table = MonthTable.shared
        let jdn = solar.julianDayNumber
        guard let index = table.indexOfMonth(containing: jdn) else { return nil }
        let record = table.months[index]
        return LunarDate(day: jdn - record.firstDay + 1, month: record.month, year: record.year, isLeapMonth: record.isLeap)
    }

    /// The civil day of a lunar date; `nil` if that date does not exist (no such leap month that year, day 30
    /// of a 29-day month) or falls outside `supportedRange`.
    public static func solarDay(for lunar: LunarDate) -> SolarDay? {
        let table = MonthTable.shared
        guard lunar.day >= 1, let index = table.index[MonthKey(year: lunar.year, month: lunar.month, isLeap: lunar.isLeapMonth)],
              lunar.day <= table.length(ofMonthAt: index) else { return nil }
        let solar = SolarDay(julianDayNumber: table.months[index].firstDay + lunar.day - 1)
        return supportedRange.contains(solar) ? solar : nil
    }

    /// The months of a lunar year in order (12, or 13 with the leap month after its namesake); empty outside
    /// `supportedLunarYears`.
    public static func months(inLunarYear year: Int) -> [LunarMonth] {
        guard supportedLunarYears.contains(year) else { return [] }
        let table = MonthTable.shared
        return table.months.indices.filter { table.months[$0].year == year }.map { table.lunarMonth(at: $0) }
    }

    /// The number of the leap month of a lunar year (e.g. 6 for 2025, 2 for 2023), or `nil` if the year has
    /// none or is outside `supportedLunarYears`.
    public static func leapMonth(inLunarYear year: Int) -> Int? {
        months(inLunarYear: year).first(where: \.isLeapMonth)?.month
    }

    /// Tết Nguyên Đán (lunar 1/1) of a lunar year, e.g. 2026-02-17 for 2026.
    public static func newYearsDay(ofLunarYear year: Int) -> SolarDay? {
        solarDay(for: LunarDate(day: 1, month: 1, year: year))
    }

    /// The civil day (UTC+7) containing the winter solstice of a Gregorian year: the instant the Sun's apparent
    /// longitude reaches 270°, found by bisection to about a second. `nil` outside 1900…2100.
    public static func winterSolstice(ofYear year: Int) -> SolarDay? {
        guard (1900...2100).contains(year), let dec15 = SolarDay(year: year, month: 12, day: 15) else { return nil }
        // Universal-time Julian Days; the solstice is always between 15 and 30 December.
        var low = Double(dec15.julianDayNumber) - 0.5
        var high = low + 15
        func pastSolstice(_ jd: Double) -> Bool {
            let longitude = LunarAstronomy.apparentSolarLongitude(universalDay: jd)
            return longitude >= 270 && longitude < 300
        }
        while high - low > 1.0 / 86_400 {
            let middle = (low + high) / 2
            if pastSolstice(middle) { high = middle } else { low = middle }
        }
        return SolarDay(julianDayNumber: LunarAstronomy.vietnamDayNumber(containingUniversalDay: high))
    }
}

// MARK: - The table of months

struct MonthKey: Hashable {
    let year: Int
    let month: Int
    let isLeap: Bool
}

/// Every lunar month from month 11 of lunar year 1899 to month 10 (or leap 10) of lunar year 2101, in order.
struct MonthTable: Sendable {
    struct Record: Sendable {
        /// JDN of the month's first day (UTC+7).
        let firstDay: Int
        let year: Int
        let month: Int
        let isLeap: Bool
    }

    static let shared = MonthTable(solsticeYears: 1899...2101)

    let months: [Record]
    /// JDN of the first day after the last month in `months`.
    let endDay: Int
    let index: [MonthKey: Int]

    /// Builds the months between the month 11 of the first and of the last Gregorian year given.
    init(solsticeYears: ClosedRange<Int>) {
        let solsticeMonths = solsticeYears.map(MonthTable.lunationContainingWinterSolstice(ofYear:))
        // First civil day of every lunation in the range, plus the one after the last.
        let firstLunation = solsticeMonths.first!
        let lastLunation = solsticeMonths.last!
        let starts = (firstLunation...lastLunation).map(LunarAstronomy.newMoonVietnamDay(lunation:))
        func start(_ k: Int) -> Int { starts[k - firstLunation] }
        func containsMajorTerm(_ k: Int) -> Bool {
            let sectorAtStart = Int(LunarAstronomy.solarLongitudeAtVietnamMidnight(startingDay: start(k)) / 30)
            let sectorAtEnd = Int(LunarAstronomy.solarLongitudeAtVietnamMidnight(startingDay: start(k + 1)) / 30)
            return sectorAtStart != sectorAtEnd
        }

        var records: [Record] = []
        for (lunarYear, (previous, next)) in zip(solsticeYears.dropFirst(), zip(solsticeMonths, solsticeMonths.dropFirst())) {
            // Span from month 11 of Gregorian year Y−1 to month 11 of Y: months 11 and 12 (and a leap 11 or 12)
            // end lunar year Y−1; months 1…10 belong to lunar year Y, whose Tết falls in Gregorian year Y.
            let count = next - previous
            precondition(count == 12 || count == 13, "between two months 11 there are 12 or 13 lunations")
            // Offset, from month 11, of the leap month (rule 4); none in a 12-month span.
            var leapOffset: Int?
            if count == 13 {
                leapOffset = (1...12).first { !containsMajorTerm(previous + $0) }
            }
            for offset in 0..<count {
                let isLeap = offset == leapOffset
                let ordinalOffset = offset - ((leapOffset.map { offset >= $0 } ?? false) ? 1 : 0)
                let month = (10 + ordinalOffset) % 12 + 1  // offset 0 is month 11, 1 is 12, 2 is 1, …
                records.append(Record(firstDay: start(previous + offset),
                                      year: month >= 11 ? lunarYear - 1 : lunarYear,
                                      month: month, isLeap: isLeap))
            }
        }
        months = records
        endDay = start(lastLunation)
        var index: [MonthKey: Int] = [:]
        for (position, record) in records.enumerated() {
            index[MonthKey(year: record.year, month: record.month, isLeap: record.isLeap)] = position
        }
        self.index = index
    }

    /// The lunation number of month 11 of `year`: the month in which the Sun's longitude crosses 270°
    /// (rule 3), i.e. below 270° at the start of its first day and at or past 270° at the start of the next.
    static func lunationContainingWinterSolstice(ofYear year: Int) -> Int {
        let dec31 = Double(SolarDay(uncheckedYear: year, month: 12, day: 31).julianDayNumber)
        let estimate = LunarAstronomy.approximateLunation(atOrBefore: dec31)
        // Longitude relative to the solstice point, in (-180, 180].
        func relative(_ k: Int) -> Double {
            let longitude = LunarAstronomy.solarLongitudeAtVietnamMidnight(startingDay: LunarAstronomy.newMoonVietnamDay(lunation: k))
            let r = LunarAstronomy.normalizedDegrees(longitude - 270)
            return r > 180 ? r - 360 : r
        }
        for k in (estimate - 3)...(estimate + 1) where relative(k) < 0 && relative(k + 1) >= 0 {
            return k
        }
        preconditionFailure("no month 11 found for \(year)")
    }

    func length(ofMonthAt position: Int) -> Int {
        let nextStart = position + 1 < months.count ? months[position + 1].firstDay : endDay
        return nextStart - months[position].firstDay
    }

    func lunarMonth(at position: Int) -> LunarMonth {
        let record = months[position]
        return LunarMonth(year: record.year, month: record.month, isLeapMonth: record.isLeap,
                          firstDay: SolarDay(julianDayNumber: record.firstDay), numberOfDays: length(ofMonthAt: position))
    }

    /// Position of the month whose days include JDN `jdn`, by binary search; `nil` outside the table.
    func indexOfMonth(containing jdn: Int) -> Int? {
        guard let first = months.first, jdn >= first.firstDay, jdn < endDay else { return nil }
        var low = 0, high = months.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if months[middle].firstDay <= jdn { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
