import Foundation
import PAKNDomain
import Testing

/// Reporting periods: calendar periods, and the cut-off of Nghị định 09/2019/NĐ-CP art. 12 (from the 15th of the
/// month before to the 14th), every instant written out by hand in +07:00.
@Suite("Reporting periods")
struct ReportingPeriodTests {
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("calendar periods: month, quarter, half-year and year begin on the 1st at 00:00 +07:00")
    func calendarPeriods() throws {
        let november = try ReportingPeriod(kind: .month, year: 2026, number: 11)
        #expect(november.start == Self.at("2026-11-01T00:00:00+07:00") && november.end == Self.at("2026-12-01T00:00:00+07:00"))
        let q4 = try ReportingPeriod(kind: .quarter, year: 2026, number: 4)
        #expect(q4.start == Self.at("2026-10-01T00:00:00+07:00") && q4.end == Self.at("2027-01-01T00:00:00+07:00"))
        let secondHalf = try ReportingPeriod(kind: .halfYear, year: 2026, number: 2)
        #expect(secondHalf.start == Self.at("2026-07-01T00:00:00+07:00") && secondHalf.end == Self.at("2027-01-01T00:00:00+07:00"))
        let year = try ReportingPeriod(kind: .year, year: 2026)
        #expect(year.start == Self.at("2026-01-01T00:00:00+07:00") && year.end == Self.at("2027-01-01T00:00:00+07:00"))
        #expect([november.name, q4.name, secondHalf.name, year.name] == ["tháng 11/2026", "quý IV/2026", "6 tháng cuối năm 2026", "năm 2026"])
    }

    @Test("Nghị định 09/2019/NĐ-CP art. 12: from the 15th of the month before to the 14th")
    func decree09() throws {
        // Monthly: 15/10/2026 – 14/11/2026 for November.
        let november = try ReportingPeriod(kind: .month, year: 2026, number: 11, startDay: 15)
        #expect(november.start == Self.at("2026-10-15T00:00:00+07:00") && november.end == Self.at("2026-11-15T00:00:00+07:00"))
        // January: 15/12 of the previous year – 14/01.
        let january = try ReportingPeriod(kind: .month, year: 2027, number: 1, startDay: 15)
        #expect(january.start == Self.at("2026-12-15T00:00:00+07:00") && january.end == Self.at("2027-01-15T00:00:00+07:00"))
        // Quarterly: Q1 15/12/2025 – 14/03/2026.
        let q1 = try ReportingPeriod(kind: .quarter, year: 2026, number: 1, startDay: 15)
        #expect(q1.start == Self.at("2025-12-15T00:00:00+07:00") && q1.end == Self.at("2026-03-15T00:00:00+07:00"))
        // Six-monthly: 15/12/2025 – 14/06/2026, then 15/06 – 14/12/2026.
        let first = try ReportingPeriod(kind: .halfYear, year: 2026, number: 1, startDay: 15)
        #expect(first.start == Self.at("2025-12-15T00:00:00+07:00") && first.end == Self.at("2026-06-15T00:00:00+07:00"))
        let second = try ReportingPeriod(kind: .halfYear, year: 2026, number: 2, startDay: 15)
        #expect(second.start == Self.at("2026-06-15T00:00:00+07:00") && second.end == Self.at("2026-12-15T00:00:00+07:00"))
        // Yearly: 15/12/2025 – 14/12/2026.
        let year = try ReportingPeriod(kind: .year, year: 2026, startDay: 15)
        #expect(year.start == Self.at("2025-12-15T00:00:00+07:00") && year.end == Self.at("2026-12-15T00:00:00+07:00"))
    }

    @Test("the period containing a day, and the one before")
    func containing() throws {
        // 14/11/2026 23:59 +07 is still November's report under the decree; 15/11 00:00 is December's.
        #expect(try ReportingPeriod.containing(Self.at("2026-11-14T23:59:00+07:00"), kind: .month, startDay: 15)
                == ReportingPeriod(kind: .month, year: 2026, number: 11, startDay: 15))
        #expect(try ReportingPeriod.containing(Self.at("2026-11-15T00:00:00+07:00"), kind: .month, startDay: 15)
                == ReportingPeriod(kind: .month, year: 2026, number: 12, startDay: 15))
        // 20/12/2026 belongs to Q1/2027 and to the year 2027 under the decree, to Q4/2026 in calendar quarters.
        #expect(try ReportingPeriod.containing(Self.at("2026-12-20T10:00:00+07:00"), kind: .quarter, startDay: 15)
                == ReportingPeriod(kind: .quarter, year: 2027, number: 1, startDay: 15))
        #expect(try ReportingPeriod.containing(Self.at("2026-12-20T10:00:00+07:00"), kind: .year, startDay: 15)
                == ReportingPeriod(kind: .year, year: 2027, startDay: 15))
        #expect(try ReportingPeriod.containing(Self.at("2026-12-20T10:00:00+07:00"), kind: .quarter)
                == ReportingPeriod(kind: .quarter, year: 2026, number: 4))
        // 31/12/2026 17:30 UTC is 01/01/2027 00:30 in Hà Nội: January 2027.
        #expect(try ReportingPeriod.containing(Self.at("2026-12-31T17:30:00Z"), kind: .month)
                == ReportingPeriod(kind: .month, year: 2027, number: 1))
        #expect(try ReportingPeriod(kind: .quarter, year: 2027, number: 1).previous == ReportingPeriod(kind: .quarter, year: 2026, number: 4))
        #expect(try ReportingPeriod(kind: .month, year: 2026, number: 5).previous == ReportingPeriod(kind: .month, year: 2026, number: 4))
        // The first period there is has none before it (no trap: the report page asks for it).
        #expect(try ReportingPeriod(kind: .month, year: 2000, number: 1).previous == nil)
        #expect(try ReportingPeriod(kind: .year, year: 2000).previous == nil)
    }

    @Test("numbers, years and start days out of range are refused")
    func outOfRange() {
        #expect(throws: ReportingPeriod.Failure.outOfRange) { try ReportingPeriod(kind: .month, year: 2026, number: 13) }
        #expect(throws: ReportingPeriod.Failure.outOfRange) { try ReportingPeriod(kind: .quarter, year: 2026, number: 0) }
        #expect(throws: ReportingPeriod.Failure.outOfRange) { try ReportingPeriod(kind: .halfYear, year: 2026, number: 3) }
        #expect(throws: ReportingPeriod.Failure.outOfRange) { try ReportingPeriod(kind: .year, year: 1999) }
        #expect(throws: ReportingPeriod.Failure.outOfRange) { try ReportingPeriod(kind: .month, year: 2026, number: 1, startDay: 29) }
    }
}
