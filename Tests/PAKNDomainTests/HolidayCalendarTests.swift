import Foundation
import Testing
@testable import PAKNDomain

private func day(_ year: Int, _ month: Int, _ dayOfMonth: Int) -> SolarDay {
    guard let date = SolarDay(year: year, month: month, day: dayOfMonth) else { fatalError("bad test date") }
    return date
}

/// Every civil day of `year` in order.
private func days(of year: Int) -> [SolarDay] {
    let first = day(year, 1, 1).julianDayNumber, last = day(year, 12, 31).julianDayNumber
    return (first...last).map(SolarDay.init(julianDayNumber:))
}

@Suite("Official holiday calendars (domain.md §3.4)")
struct HolidayCalendarOfficialTests {
    @Test func vietnam2026DaysOffAndMakeUpDays() {
        // setup
        let calendar = OfficialCalendars.vietnam2026
        // act
        let off = days(of: 2026).filter(calendar.isDayOff)
        let worked = days(of: 2026).filter(calendar.isMakeUpWorkingDay)
        // check: exactly the days domain.md §3.4 lists
        let expectedOff = [day(2026, 1, 1), day(2026, 1, 2), day(2026, 1, 3), day(2026, 1, 4)]
            + (14...22).map { day(2026, 2, $0) }                       // Tết Bính Ngọ, Sat 14/2 – Sun 22/2
            + [day(2026, 4, 26), day(2026, 4, 27)]                     // Giỗ Tổ on Sunday, Monday off
            + [day(2026, 4, 30), day(2026, 5, 1)]
            + [day(2026, 8, 29), day(2026, 8, 30), day(2026, 8, 31), day(2026, 9, 1), day(2026, 9, 2)]
            + [day(2026, 11, 24)]                                      // Ngày Văn hóa Việt Nam, switched on
        #expect(off == expectedOff)
        #expect(worked == [day(2026, 1, 10), day(2026, 8, 22)])
        #expect(calendar.validationProblems().isEmpty)
        #expect(calendar.status == .official)
    }

    @Test func vietnam2026WeekdaysAndSwaps() throws {
        let calendar = OfficialCalendars.vietnam2026
        // The swaps pair a Friday/Monday off with a Saturday worked.
        let january2 = try #require(calendar.entries(on: day(2026, 1, 2)).first)
        #expect(day(2026, 1, 2).weekday == .friday && january2.role == .swappedDayOff && january2.pairedDate == day(2026, 1, 10))
        #expect(day(2026, 1, 10).weekday == .saturday)
        let august31 = try #require(calendar.entries(on: day(2026, 8, 31)).first)
        #expect(day(2026, 8, 31).weekday == .monday && august31.role == .swappedDayOff && august31.pairedDate == day(2026, 8, 22))
        #expect(day(2026, 8, 22).weekday == .saturday)
        #expect(day(2026, 2, 14).weekday == .saturday && day(2026, 2, 22).weekday == .sunday)
        #expect(day(2026, 4, 26).weekday == .sunday && day(2026, 4, 27).weekday == .monday)
        #expect(day(2026, 4, 30).weekday == .thursday && day(2026, 5, 1).weekday == .friday)
        #expect(day(2026, 8, 29).weekday == .saturday && day(2026, 9, 2).weekday == .wednesday)
        // The statutory Tết days are Mon 16/2 – Fri 20/2.
        let statutoryTet = calendar.entries.filter { $0.occasion == .lunarNewYear && $0.role == .holiday }.map(\.date)
        #expect(statutoryTet == (16...20).map { day(2026, 2, $0) })
    }

    @Test func vietnam2026ExceptionsToTheNormalWeek() {
        // Only days off on weekdays and worked weekend days change the week.
        let exceptions = OfficialCalendars.vietnam2026.exceptions().map { "\($0.date) \($0.kind.rawValue)" }
        #expect(exceptions == [
            "2026-01-01 off", "2026-01-02 off", "2026-01-10 work",
            "2026-02-16 off", "2026-02-17 off", "2026-02-18 off", "2026-02-19 off", "2026-02-20 off",
            "2026-04-27 off", "2026-04-30 off", "2026-05-01 off",
            "2026-08-22 work", "2026-08-31 off", "2026-09-01 off", "2026-09-02 off",
            "2026-11-24 off",
        ])
    }

    @Test func vietnam2025DaysOffAndMakeUpDays() {
        let calendar = OfficialCalendars.vietnam2025
        let off = days(of: 2025).filter(calendar.isDayOff)
        let expectedOff = [day(2025, 1, 1)]
            + (25...31).map { day(2025, 1, $0) } + [day(2025, 2, 1), day(2025, 2, 2)]  // Tết Ất Tỵ 25/1 – 2/2
            + [day(2025, 4, 7)]                                                           // Giỗ Tổ, Monday
            + [day(2025, 4, 30)] + (1...4).map { day(2025, 5, $0) }                       // 30/4 – 4/5
            + [day(2025, 8, 30), day(2025, 8, 31), day(2025, 9, 1), day(2025, 9, 2)]      // Quốc khánh
        #expect(off == expectedOff)
        #expect(days(of: 2025).filter(calendar.isMakeUpWorkingDay) == [day(2025, 4, 26)])
        #expect(day(2025, 4, 26).weekday == .saturday && day(2025, 5, 2).weekday == .friday)
        #expect(calendar.validationProblems().isEmpty)
        #expect(calendar.isOccasionEnabled(.vietnameseCultureDay) == nil)
    }

    @Test(arguments: [OfficialCalendars.vietnam2025, OfficialCalendars.vietnam2026])
    func tetLabelsAgreeWithTheLunarCalendar(calendar: HolidayCalendarYear) throws {
        // Names like "(29 tháng Chạp)" and "(mùng 1 Tết)" must match the computed lunar date.
        for entry in calendar.entries where entry.occasion == .lunarNewYear {
            let lunar = try #require(LunarCalendar.lunarDate(for: entry.date))
            let label = lunar.month == 12 ? "(\(lunar.day) tháng Chạp)" : "(mùng \(lunar.day) Tết)"
            #expect(entry.name.hasSuffix(label), "\(entry.date): \(entry.name) vs lunar \(lunar)")
        }
    }

    @Test func cultureDayCanBeSwitchedOffAndOn() {
        // setup
        let on = OfficialCalendars.vietnam2026
        // act
        let off = on.settingOccasion(.vietnameseCultureDay, enabled: false)
        // check
        #expect(on.isDayOff(day(2026, 11, 24)))
        #expect(!off.isDayOff(day(2026, 11, 24)))
        #expect(off.isOccasionEnabled(.vietnameseCultureDay) == false)
        #expect(off.entries.count == on.entries.count)  // kept, only disabled
        #expect(off.settingOccasion(.vietnameseCultureDay, enabled: true) == on)
    }

    @Test func validationFindsInconsistencies() {
        // setup: a make-up "working day" on a Tuesday, and a swap that points nowhere
        let year = HolidayCalendarYear(year: 2027, status: .draft, entries: [
            HolidayEntry(date: day(2027, 3, 2), role: .makeUpWorkingDay, occasion: HolidayOccasion(rawValue: "x"),
                         name: "Làm bù", legalBasis: "test", pairedDate: day(2027, 3, 5)),
        ])
        // act
        let problems = year.validationProblems()
        // check
        #expect(problems.count == 2)
        #expect(problems.contains { $0 == "2027-03-02: ngày làm bù rơi vào Thứ Ba, vốn đã là ngày làm việc" })
        #expect(problems.contains { $0 == "2027-03-02: hoán đổi với 2027-03-05, nhưng ngày đó không có mục nghỉ hoán đổi tương ứng" })
    }
}

@Suite("Holiday draft from Bộ luật Lao động 2019 art. 112")
struct HolidayRulesDraftTests {
    private func offDays(_ calendar: HolidayCalendarYear) -> [SolarDay] {
        calendar.entries.filter { $0.isEnabled && $0.kind == .dayOff }.map(\.date)
    }

    @Test func draft2026() throws {
        // act
        let draft = try #require(HolidayRules.draft(year: 2026))
        // check: Tết = the eve (29 Chạp, Mon 16/2) and mùng 1–4 (Tue 17/2 – Fri 20/2), all to be confirmed,
        // containing lunar 1/1 = 2026-02-17.
        let tet = draft.entries.filter { $0.occasion == .lunarNewYear }
        #expect(tet.map(\.date) == (16...20).map { day(2026, 2, $0) })
        #expect(tet.contains { $0.date == day(2026, 2, 17) })
        #expect(tet.allSatisfy { $0.needsConfirmation })
        // Giỗ Tổ 10/3 lunar = Sun 26/4, compensated by Mon 27/4 (art. 111(3)).
        let hungKings = draft.entries.filter { $0.occasion == .hungKingsCommemoration }
        #expect(hungKings.map(\.date) == [day(2026, 4, 26), day(2026, 4, 27)])
        #expect(hungKings.map(\.role) == [.holiday, .compensatory])
        #expect(hungKings.last?.pairedDate == day(2026, 4, 26))
        // 2/9 is a Wednesday: the adjacent day proposed is Tue 1/9, as the government chose.
        let national = draft.entries.filter { $0.occasion == .nationalDay }
        #expect(national.map(\.date) == [day(2026, 9, 1), day(2026, 9, 2)])
        #expect(national.map(\.needsConfirmation) == [true, false])
        // 24/11 on by default from 2026, pending confirmation; 1/1 on a Thursday needs no compensation.
        #expect(draft.isDayOff(day(2026, 11, 24)))
        #expect(offDays(draft) == [day(2026, 1, 1)] + (16...20).map { day(2026, 2, $0) }
            + [day(2026, 4, 26), day(2026, 4, 27), day(2026, 4, 30), day(2026, 5, 1), day(2026, 9, 1), day(2026, 9, 2), day(2026, 11, 24)])
        #expect(draft.status == .draft)
        #expect(draft.entries.allSatisfy { $0.kind == .dayOff })  // the rules never invent make-up days
    }

    @Test func draft2023CompensationChainsMatchTheOfficialDays() throws {
        // 2023: Giỗ Tổ 10/3 lunar = Sat 29/4, 30/4 is a Sunday, 1/5 a Monday. Sat 29/4 → next working day not
        // off: Mon 1/5 is a holiday, so Tue 2/5; Sun 30/4 → Wed 3/5. The official 2023 break was 29/4 – 3/5.
        // 2/9 is a Saturday: adjacent Fri 1/9; 2/9 compensated Mon 4/9 (official: 1/9 – 4/9).
        let draft = try #require(HolidayRules.draft(year: 2023))
        let aprilMay = offDays(draft).filter { ($0.month == 4 && $0.day >= 29) || $0.month == 5 }
        #expect(aprilMay == [day(2023, 4, 29), day(2023, 4, 30), day(2023, 5, 1), day(2023, 5, 2), day(2023, 5, 3)])
        #expect(offDays(draft).filter { $0.month == 9 } == [day(2023, 9, 1), day(2023, 9, 2), day(2023, 9, 4)])
        // 1/1/2023 is a Sunday → Mon 2/1 off (as officially). Tết 2023 = Sun 22/1: the eve Sat 21/1 and Sun 22/1
        // fall on rest days, compensated Thu 26/1 and Fri 27/1 (the block runs to Wed 25/1).
        #expect(offDays(draft).filter { $0.month == 1 } == [day(2023, 1, 1), day(2023, 1, 2)] + (21...27).map { day(2023, 1, $0) })
        // No culture day before 2026.
        #expect(draft.isOccasionEnabled(.vietnameseCultureDay) == nil)
    }

    @Test func draft2022NewYearOnSaturday() throws {
        // 1/1/2022 is a Saturday → Mon 3/1 off. 30/4 Sat and 1/5 Sun → Mon 2/5 and Tue 3/5 (official 2022: 30/4 – 3/5).
        let draft = try #require(HolidayRules.draft(year: 2022))
        #expect(offDays(draft).filter { $0.month == 1 && $0.day <= 3 } == [day(2022, 1, 1), day(2022, 1, 3)])
        #expect(offDays(draft).filter { $0.month == 5 || ($0.month == 4 && $0.day == 30) }
            == [day(2022, 4, 30), day(2022, 5, 1), day(2022, 5, 2), day(2022, 5, 3)])
    }

    @Test(arguments: [(2021, 3), (2022, 1), (2023, 1), (2024, 3), (2025, 1), (2026, 1)])
    func adjacentNationalDayFollowsRecentPractice(year: Int, adjacentDayOfSeptember: Int) throws {
        // The days the government actually chose (2021: Fri 3/9; 2022: Thu 1/9; 2023: Fri 1/9; 2024: Tue 3/9;
        // 2025: Mon 1/9; 2026: Tue 1/9).
        let draft = try #require(HolidayRules.draft(year: year))
        let adjacent = draft.entries.first { $0.occasion == .nationalDay && $0.role == .holiday && $0.date != day(year, 9, 2) }
        #expect(adjacent?.date == day(year, 9, adjacentDayOfSeptember))
    }

    @Test func cultureDaySwitch() throws {
        #expect(try #require(HolidayRules.draft(year: 2027)).isDayOff(day(2027, 11, 24)))
        #expect(try #require(HolidayRules.draft(year: 2027, includeCultureDay: false)).isOccasionEnabled(.vietnameseCultureDay) == nil)
        #expect(try #require(HolidayRules.draft(year: 2025, includeCultureDay: true)).isDayOff(day(2025, 11, 24)))
        // 24/11/2029 is a Saturday → compensated Mon 26/11.
        let draft2029 = try #require(HolidayRules.draft(year: 2029))
        #expect(draft2029.entries.filter { $0.occasion == .vietnameseCultureDay }.map(\.date) == [day(2029, 11, 24), day(2029, 11, 26)])
    }

    @Test func everyDraftIn1900Through2100IsConsistent() throws {
        #expect(HolidayRules.draft(year: 1899) == nil)
        #expect(HolidayRules.draft(year: 2101) == nil)
        for year in 1900...2100 {
            let draft = try #require(HolidayRules.draft(year: year))
            // 11 statutory days (12 with 24/11), each compensated when on a weekend, never on a weekend itself.
            let holidays = draft.entries.filter { $0.role == .holiday }
            #expect(holidays.count == (year >= 2026 ? 12 : 11), "\(year)")
            // Two holidays on one day happen once in the range: Giỗ Tổ on 30/4/1947; the second is compensated too.
            let coinciding = holidays.count - Set(holidays.map(\.date)).count
            #expect(coinciding == (year == 1947 ? 1 : 0), "\(year)")
            let weekendHolidays = holidays.filter { Weekday.publicSectorRestDays.contains($0.date.weekday) }.count
            let compensatory = draft.entries.filter { $0.role == .compensatory }
            #expect(compensatory.count == weekendHolidays + coinciding, "\(year)")
            #expect(compensatory.allSatisfy { !Weekday.publicSectorRestDays.contains($0.date.weekday) }, "\(year)")
            // Each compensatory day is a distinct day that is otherwise a working day.
            #expect(Set(compensatory.map(\.date)).isDisjoint(with: holidays.map(\.date)), "\(year)")
            #expect(Set(compensatory.map(\.date)).count == compensatory.count, "\(year)")
            #expect(draft.validationProblems().isEmpty, "\(year)")
        }
    }
}
