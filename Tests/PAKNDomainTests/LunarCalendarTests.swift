import Foundation
import Testing
@testable import PAKNDomain

/// Builds a civil date in tests; traps on an impossible date (a typo in a test, not a case under test).
private func solar(_ year: Int, _ month: Int, _ day: Int) -> SolarDay {
    guard let date = SolarDay(year: year, month: month, day: day) else { fatalError("bad test date \(year)-\(month)-\(day)") }
    return date
}

@Suite("Solar days")
struct SolarDayTests {
    @Test func julianDayNumbersAndWeekdays() {
        // setup: 2000-01-01 is JDN 2 451 545 (Meeus), a Saturday; 1970-01-01 is JDN 2 440 588, a Thursday.
        // check
        #expect(solar(2000, 1, 1).julianDayNumber == 2_451_545)
        #expect(solar(1970, 1, 1).julianDayNumber == 2_440_588)
        #expect(solar(2000, 1, 1).weekday == .saturday)
        #expect(solar(1970, 1, 1).weekday == .thursday)
        #expect(solar(2026, 2, 17).weekday == .tuesday)
        #expect(SolarDay(julianDayNumber: 2_451_545) == solar(2000, 1, 1))
    }

    @Test func everyDayRoundTripsThroughTheJulianDayNumber() {
        // act / check: 1900-01-01 … 2100-12-31, consecutive numbers, valid fields
        var day = solar(1900, 1, 1)
        var jdn = day.julianDayNumber
        while day <= solar(2100, 12, 31) {
            #expect(day.julianDayNumber == jdn)
            let next = day.adding(days: 1)
            #expect(SolarDay(year: next.year, month: next.month, day: next.day) == next)
            day = next
            jdn += 1
        }
    }

    @Test func validationAndISOStrings() throws {
        #expect(SolarDay(year: 2025, month: 2, day: 29) == nil)
        #expect(SolarDay(year: 2024, month: 2, day: 29) != nil)
        #expect(SolarDay(year: 2100, month: 2, day: 29) == nil)  // century, not divisible by 400
        #expect(SolarDay(isoString: "2026-02-17") == solar(2026, 2, 17))
        #expect(SolarDay(isoString: "2026-2-17") == nil)
        #expect(SolarDay(isoString: "2026-02-30") == nil)
        #expect(solar(987, 3, 4).isoString == "0987-03-04")
        let data = try JSONEncoder().encode([solar(2026, 2, 17)])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-02-17"]"#)
        #expect(try JSONDecoder().decode([SolarDay].self, from: data) == [solar(2026, 2, 17)])
    }

    @Test func civilDayOfAnInstantDependsOnTheTimeZone() {
        // setup: 2026-02-16T17:30:00Z is 00:30 on 17 February in Hanoi (UTC+7).
        let instant = Date(timeIntervalSince1970: 1_771_263_000)
        // check
        #expect(SolarDay(instant, in: TimeZone(identifier: "UTC")!) == solar(2026, 2, 16))
        #expect(SolarDay(instant, in: VietnamTime.timeZone) == solar(2026, 2, 17))
        #expect(solar(2026, 2, 17).startDate(in: VietnamTime.timeZone) == Date(timeIntervalSince1970: 1_771_261_200))
    }
}

@Suite("Vietnamese lunar calendar")
struct LunarCalendarTests {
    // Vectors from domain.md §3.5, computed at UTC+7 and cross-checked with the official holiday dates.
    @Test(arguments: [
        (1968, solar(1968, 1, 29)),  // Tết Mậu Thân: the North, on UTC+7 since 1967, celebrated a day before the South
        (1985, solar(1985, 1, 21)),  // China (UTC+8): 1985-02-20
        (2007, solar(2007, 2, 17)),  // China: 2007-02-18
        (2024, solar(2024, 2, 10)),
        (2025, solar(2025, 1, 29)),
        (2026, solar(2026, 2, 17)),
        (2027, solar(2027, 2, 6)),
        (2028, solar(2028, 1, 26)),
        (2029, solar(2029, 2, 13)),
        (2030, solar(2030, 2, 2)),   // China: 2030-02-03
    ])
    func tetNguyenDan(lunarYear: Int, expected: SolarDay) {
        #expect(LunarCalendar.newYearsDay(ofLunarYear: lunarYear) == expected)
        #expect(LunarCalendar.lunarDate(for: expected) == LunarDate(day: 1, month: 1, year: lunarYear))
        #expect(LunarCalendar.lunarDate(for: expected.adding(days: -1))?.month == 12)
    }

    @Test(arguments: [
        (2024, solar(2024, 4, 18)),
        (2025, solar(2025, 4, 7)),
        (2026, solar(2026, 4, 26)),
        (2027, solar(2027, 4, 16)),
        (2028, solar(2028, 4, 4)),
    ])
    func gioToHungVuong(lunarYear: Int, expected: SolarDay) {
        let tenthOfThirdMonth = LunarDate(day: 10, month: 3, year: lunarYear)
        #expect(LunarCalendar.solarDay(for: tenthOfThirdMonth) == expected)
        #expect(LunarCalendar.lunarDate(for: expected) == tenthOfThirdMonth)
    }

    @Test func leapMonths() {
        // Leap month 6 of 2025 starts 2025-07-25; leap month 2 of 2023 starts 2023-03-22 (domain.md §3.5).
        #expect(LunarCalendar.leapMonth(inLunarYear: 2025) == 6)
        #expect(LunarCalendar.lunarDate(for: solar(2025, 7, 25)) == LunarDate(day: 1, month: 6, year: 2025, isLeapMonth: true))
        #expect(LunarCalendar.solarDay(for: LunarDate(day: 1, month: 6, year: 2025, isLeapMonth: true)) == solar(2025, 7, 25))
        #expect(LunarCalendar.leapMonth(inLunarYear: 2023) == 2)
        #expect(LunarCalendar.lunarDate(for: solar(2023, 3, 22)) == LunarDate(day: 1, month: 2, year: 2023, isLeapMonth: true))
        #expect(LunarCalendar.leapMonth(inLunarYear: 2024) == nil)
        #expect(LunarCalendar.leapMonth(inLunarYear: 2026) == nil)
        // A leap month that does not exist in that year has no solar day.
        #expect(LunarCalendar.solarDay(for: LunarDate(day: 1, month: 6, year: 2024, isLeapMonth: true)) == nil)
    }

    @Test func trungThuAndTheCommandLineExamples() {
        // Trung thu (15/8 lunar) 2025 is 2025-10-06; issue 3 §5: 2026-02-16 is 29/12/2025.
        #expect(LunarCalendar.solarDay(for: LunarDate(day: 15, month: 8, year: 2025)) == solar(2025, 10, 6))
        #expect(LunarCalendar.lunarDate(for: solar(2026, 2, 16))?.description == "29/12/2025")
        #expect(LunarCalendar.lunarDate(for: solar(2026, 2, 17))?.description == "1/1/2026")
        #expect(LunarCalendar.lunarDate(for: solar(2025, 7, 25))?.description == "1/6/2025 nhuận")
        // Month 12 of lunar 2025 has 29 days, so there is no 30/12/2025.
        #expect(LunarCalendar.solarDay(for: LunarDate(day: 30, month: 12, year: 2025)) == nil)
        #expect(LunarDate(day: 1, month: 1, year: 2026).yearName == "Bính Ngọ")
        #expect(LunarDate(day: 1, month: 1, year: 2025).yearName == "Ất Tỵ")
    }

    @Test func outsideTheSupportedRange() {
        #expect(LunarCalendar.lunarDate(for: solar(1899, 12, 31)) == nil)
        #expect(LunarCalendar.lunarDate(for: solar(2101, 1, 1)) == nil)
        #expect(LunarCalendar.lunarDate(for: solar(1900, 1, 1)) != nil)
        #expect(LunarCalendar.lunarDate(for: solar(2100, 12, 31)) != nil)
        #expect(LunarCalendar.months(inLunarYear: 1899).isEmpty)
    }

    // MARK: Properties over the whole range

    @Test func everyMonthHas29Or30DaysAndEveryYear12Or13Months() {
        for year in LunarCalendar.supportedLunarYears {
            let months = LunarCalendar.months(inLunarYear: year)
            #expect(months.count == 12 || months.count == 13, "lunar year \(year)")
            #expect(months.filter(\.isLeapMonth).count == (months.count == 13 ? 1 : 0), "lunar year \(year)")
            #expect(months.map(\.month) == months.map(\.month).sorted(), "lunar year \(year)")
            for month in months {
                #expect(month.numberOfDays == 29 || month.numberOfDays == 30, "\(month.month)/\(year)")
            }
            // Months follow one another without gaps.
            for (a, b) in zip(months, months.dropFirst()) {
                #expect(a.lastDay.adding(days: 1) == b.firstDay)
            }
        }
    }

    @Test func theWinterSolsticeFallsInMonth11() throws {
        for year in 1900...2100 {
            let solstice = try #require(LunarCalendar.winterSolstice(ofYear: year))
            #expect(solstice.month == 12 && (20...23).contains(solstice.day), "\(solstice)")
            let lunar = try #require(LunarCalendar.lunarDate(for: solstice))
            #expect(lunar.month == 11 && !lunar.isLeapMonth, "solstice \(solstice) is \(lunar)")
        }
    }

    @Test func solarToLunarToSolarIsTheIdentityOnEveryDay() {
        // act: ~73 400 days, 1900-01-01 … 2100-12-31
        let first = LunarCalendar.supportedRange.lowerBound.julianDayNumber
        let last = LunarCalendar.supportedRange.upperBound.julianDayNumber
        var mismatches: [SolarDay] = []
        var previous: LunarDate?
        for jdn in first...last {
            let day = SolarDay(julianDayNumber: jdn)
            guard let lunar = LunarCalendar.lunarDate(for: day) else { mismatches.append(day); continue }
            if LunarCalendar.solarDay(for: lunar) != day { mismatches.append(day) }
            // Lunar dates increase day by day: either the next day of the month or day 1 of the next month.
            if let previous, !(lunar.day == previous.day + 1 || lunar.day == 1) { mismatches.append(day) }
            previous = lunar
        }
        // check
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }
}
