import Foundation
import Testing
@testable import PAKNDomain

/// The wall-clock time in Asia/Ho_Chi_Minh, "2026-02-23 10:00" (seconds shown only when not zero).
private func clockText(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
    formatter.dateFormat = Int(date.timeIntervalSince1970) % 60 == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss"
    return formatter.string(from: date)
}

private func day(_ year: Int, _ month: Int, _ dayOfMonth: Int) -> SolarDay {
    guard let date = SolarDay(year: year, month: month, day: dayOfMonth) else { fatalError("bad test date") }
    return date
}

/// Office hours Mon–Fri 07–11, 13–17 with the official 2025 and 2026 calendars (24/11/2026 on).

@Suite("Working calendar: working hours")
struct WorkingCalendarHoursTests {
    // Each case: start (UTC+7), working hours to add, expected due (UTC+7), and how it was worked out by hand.
    @Test(arguments: [
        // Fri 13/2 is still a working day (Tết closes Sat 14/2 – Sun 22/2): 10–11 is 1 h, 13–16 is 3 h.
        ("2026-02-13 10:00", 4.0, "2026-02-13 16:00"),
        // Across Tết: Fri 16–17 is 1 h; 14/2–22/2 closed; Mon 23/2 07–10 is the other 3 h.
        ("2026-02-13 16:00", 4.0, "2026-02-23 10:00"),
        // Ends exactly at the end of the morning: 11:00, not 13:00.
        ("2026-03-10 10:00", 1.0, "2026-03-10 11:00"),
        // Lunch break: 10–11 is 1 h, 13–14 the second.
        ("2026-03-10 10:00", 2.0, "2026-03-10 14:00"),
        // Starting in the lunch break counts from 13:00.
        ("2026-03-10 11:30", 1.0, "2026-03-10 14:00"),
        // Ends exactly at the end of the day: Thu 17:00, not Fri 07:00.
        ("2026-03-05 16:00", 1.0, "2026-03-05 17:00"),
        // End of day: 16:30–17:00 is 30 min; Fri 07:00–07:30 the rest.
        ("2026-03-05 16:30", 1.0, "2026-03-06 07:30"),
        // Weekend: Fri 16–17 is 1 h; Sat, Sun closed; Mon 9/3 07–08.
        ("2026-03-06 16:00", 2.0, "2026-03-09 08:00"),
        // A full day: 07–11 and 13–17.
        ("2026-03-09 07:00", 8.0, "2026-03-09 17:00"),
        // A full week: Mon 07:00 + 40 h = Fri 17:00.
        ("2026-03-09 07:00", 40.0, "2026-03-13 17:00"),
        // Starting at night counts from the next opening: Tue 07–08.
        ("2026-03-09 20:00", 1.0, "2026-03-10 08:00"),
        // Fractions: 1.5 h from 10:00 is 11:00 + 30 min after lunch.
        ("2026-03-10 10:00", 1.5, "2026-03-10 13:30"),
        // Make-up Saturday 10/1/2026 counts (07–11, 13–17): Fri 9/1 16–17 is 1 h; Sat 07–08.
        ("2026-01-09 16:00", 2.0, "2026-01-10 08:00"),
        // Tết Dương lịch 2026: Wed 31/12 16–17 is 1 h; Thu 1/1 off, Fri 2/1 swapped off, weekend; Mon 5/1 07–08.
        ("2025-12-31 16:00", 2.0, "2026-01-05 08:00"),
        // Giỗ Tổ on Sun 26/4 compensated on Mon 27/4: Fri 24/4 16–17 is 1 h; Tue 28/4 07–08.
        ("2026-04-24 16:00", 2.0, "2026-04-28 08:00"),
        // 30/4–1/5 (Thu, Fri): Wed 29/4 15–17 is 2 h; Mon 4/5 07–09 the other 2 h.
        ("2026-04-29 15:00", 4.0, "2026-05-04 09:00"),
        // Quốc khánh, Sat 29/8 – Wed 2/9 (Mon 31/8 swapped off): Fri 28/8 16–17 is 1 h; Thu 3/9 07–08.
        ("2026-08-28 16:00", 2.0, "2026-09-03 08:00"),
        // Make-up Saturday 22/8/2026: Fri 21/8 16–17 is 1 h; Sat 22/8 07–08.
        ("2026-08-21 16:00", 2.0, "2026-08-22 08:00"),
        // Ngày Văn hóa Việt Nam on: Mon 23/11 16–17 is 1 h; Tue 24/11 off; Wed 25/11 07–08.
        ("2026-11-23 16:00", 2.0, "2026-11-25 08:00"),
        // 2025: make-up Saturday 26/4 for Fri 2/5: Fri 25/4 16–17 is 1 h; Sat 26/4 07–08.
        ("2025-04-25 16:00", 2.0, "2025-04-26 08:00"),
        // Tết Ất Tỵ 25/1 – 2/2/2025: Fri 24/1 16–17 is 1 h; Mon 3/2 07–11 (5 h) and 13–17 (9 h): ends at 17:00.
        ("2025-01-24 16:00", 9.0, "2025-02-03 17:00"),
        // 30/4 – 4/5/2025 with Sat 26/4 worked and Fri 2/5 off: Tue 29/4 13–17 is 4 h; Wed 30/4, Thu 1/5, Fri 2/5
        // off; Mon 5/5 07–11 brings 8 h.
        ("2025-04-29 13:00", 8.0, "2025-05-05 11:00"),
        // Fractions of an hour are exact: 1.1 h = 1 h to 11:00 and 6 min after lunch.
        ("2026-03-10 10:00", 1.1, "2026-03-10 13:06"),
        // Nothing to add: unchanged, even outside working time.
        ("2026-03-14 10:00", 0.0, "2026-03-14 10:00"),
    ])
    func addingWorkingHours(start: String, hours: Double, expected: String) {
        // act
        let due = office.addingWorkingHours(hours, to: vn(start))
        // check
        #expect(clockText(due) == expected)
        #expect(office.workingSeconds(from: vn(start), to: due) == (hours * 3600).rounded())
    }

    @Test(arguments: [
        // Back across Tết: Mon 23/2 07–10 is 3 h; Fri 13/2 17→16 the fourth.
        ("2026-02-23 10:00", 4.0, "2026-02-13 16:00"),
        // Back across lunch: 13:00 → 11:00 → 10:00.
        ("2026-03-10 13:00", 1.0, "2026-03-10 10:00"),
        // Ends exactly at the start of the afternoon: 13:00, not 11:00.
        ("2026-03-10 14:00", 1.0, "2026-03-10 13:00"),
        // Back over the make-up Saturday: Mon 12/1 07–08 is 1 h; Sat 10/1 17→16 the second.
        ("2026-01-12 08:00", 2.0, "2026-01-10 16:00"),
    ])
    func subtractingWorkingHours(start: String, hours: Double, expected: String) {
        let earlier = office.addingWorkingHours(-hours, to: vn(start))
        #expect(clockText(earlier) == expected)
        #expect(office.workingSeconds(from: vn(start), to: earlier) == -hours * 3600)
    }

    @Test func cultureDaySwitchedOff() {
        // setup: 24/11/2026 switched off → Tue 24/11 is an ordinary working day.
        let calendar = WorkingCalendar(holidays: [OfficialCalendars.vietnam2026.settingOccasion(.vietnameseCultureDay, enabled: false)])
        // act / check: Mon 23/11 16–17 is 1 h; Tue 24/11 07–08 the second.
        #expect(clockText(calendar.addingWorkingHours(2, to: vn("2026-11-23 16:00"))) == "2026-11-24 08:00")
        #expect(calendar.isWorkingDay(day(2026, 11, 24)))
        #expect(!office.isWorkingDay(day(2026, 11, 24)))
    }

    @Test func workingSecondsBetweenInstants() {
        // Fri 13/2 16:00 → Mon 23/2 10:00: 1 h + 3 h.
        #expect(office.workingSeconds(from: vn("2026-02-13 16:00"), to: vn("2026-02-23 10:00")) == 4 * 3600)
        #expect(office.workingSeconds(from: vn("2026-02-23 10:00"), to: vn("2026-02-13 16:00")) == -4 * 3600)
        // Same day across lunch: 10:30–11:00 and 13:00–13:30.
        #expect(office.workingSeconds(from: vn("2026-03-10 10:30"), to: vn("2026-03-10 13:30")) == 3600)
        // Within a swapped day off (Fri 2/1/2026): nothing.
        #expect(office.workingSeconds(from: vn("2026-01-02 09:00"), to: vn("2026-01-02 10:00")) == 0)
        // A whole make-up Saturday: 8 h.
        #expect(office.workingSeconds(from: vn("2026-01-10 00:00"), to: vn("2026-01-11 00:00")) == 8 * 3600)
        // January 2026: 22 weekdays − 1/1 − 2/1 + Sat 10/1 = 21 working days = 168 h.
        #expect(office.workingSeconds(from: vn("2026-01-01 00:00"), to: vn("2026-02-01 00:00")) == 168 * 3600)
        #expect(office.numberOfWorkingDays(from: day(2026, 1, 1), through: day(2026, 1, 31)) == 21)
        // February 2026: 20 weekdays − Tết Mon 16/2 – Fri 20/2 = 15.
        #expect(office.numberOfWorkingDays(from: day(2026, 2, 1), through: day(2026, 2, 28)) == 15)
    }

    @Test func workingDaysAndTimes() {
        #expect(office.isWorkingDay(day(2026, 1, 10)))   // make-up Saturday
        #expect(office.isWorkingDay(day(2026, 8, 22)))   // make-up Saturday
        #expect(!office.isWorkingDay(day(2026, 8, 31)))  // swapped Monday
        #expect(!office.isWorkingDay(day(2026, 4, 27)))  // compensatory Monday
        #expect(!office.isWorkingDay(day(2026, 1, 17)))  // ordinary Saturday
        #expect(office.isWorkingDay(day(2027, 3, 2)))    // outside the calendars: the normal week
        #expect(office.periods(on: day(2026, 1, 10)).map(\.description) == ["07:00–11:00", "13:00–17:00"])
        #expect(office.isWorkingTime(vn("2026-03-10 07:00")))
        #expect(!office.isWorkingTime(vn("2026-03-10 11:00")))
        #expect(!office.isWorkingTime(vn("2026-03-10 12:59")))
    }

    @Test func addingThenMeasuringGivesTheSameAmount() {
        // Property (issue 3, tests): for many starts across 2025–2026 and amounts up to 300 working hours, in
        // whole seconds, workingSeconds(a, a + n) == n and a + n − n lands back on a working-time-equivalent instant.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let base = vn("2025-01-01 00:00").timeIntervalSince1970
        for _ in 0..<3000 {
            let start = Date(timeIntervalSince1970: base + Double(next(730 * 86_400)))
            let amount = Double(next(300 * 3600)) * (next(2) == 0 ? 1 : -1)
            let end = office.addingWorkingSeconds(amount, to: start)
            #expect(office.workingSeconds(from: start, to: end) == amount, "\(clockText(start)) + \(amount) s")
            let back = office.addingWorkingSeconds(-amount, to: end)
            #expect(office.workingSeconds(from: start, to: back) == 0, "\(clockText(start)) + \(amount) s − \(amount) s")
        }
    }
}

@Suite("Working calendar: working days and openings")
struct WorkingCalendarDaysTests {
    @Test(arguments: [
        // Issue 3 "done when": Fri 13/2 16:00 + 3 working days: Mon 23/2 (1), Tue 24/2 (2), Wed 25/2 (3).
        ("2026-02-13 16:00", 3, "2026-02-25 16:00"),
        // Thu 20/8 + 3: Fri 21/8 (1), make-up Sat 22/8 (2), Mon 24/8 (3).
        ("2026-08-20 09:00", 3, "2026-08-24 09:00"),
        // Thu 20/8 + 7: Fri 21, Sat 22, Mon 24, Tue 25, Wed 26, Thu 27, Fri 28/8.
        ("2026-08-20 09:00", 7, "2026-08-28 09:00"),
        // Thu 20/8 + 8: after Fri 28/8 (7), Sat 29/8 – Wed 2/9 closed (Mon 31/8 swapped): Thu 3/9 (8).
        ("2026-08-20 09:00", 8, "2026-09-03 09:00"),
        // Thu 27/8 + 3: Fri 28/8 (1), Thu 3/9 (2), Fri 4/9 (3).
        ("2026-08-27 09:00", 3, "2026-09-04 09:00"),
        // 10 working days from Mon 2/3: Tue 3 … Fri 6 (4), Mon 9 … Fri 13 (9), Mon 16/3 (10).
        ("2026-03-02 09:00", 10, "2026-03-16 09:00"),
        // 15 working days from Thu 23/4: Fri 24/4 (1); Sat 25, Sun 26 (Giỗ Tổ), Mon 27/4 (compensatory) off;
        // Tue 28 (2), Wed 29 (3); Thu 30/4, Fri 1/5 off; Mon 4 … Fri 8/5 (8); Mon 11 … Fri 15/5 (13);
        // Mon 18 (14), Tue 19/5 (15).
        ("2026-04-23 10:00", 15, "2026-05-19 10:00"),
        // Make-up Saturday 10/1: Fri 9/1 + 1 is Sat 10/1.
        ("2026-01-09 14:00", 1, "2026-01-10 14:00"),
        // Clamped: from the lunch break (12:00) to the end of the morning before it.
        ("2026-03-10 12:00", 1, "2026-03-11 11:00"),
        // Clamped: after hours (18:00) to the end of the day.
        ("2026-03-10 18:00", 1, "2026-03-11 17:00"),
        // Clamped: before hours (06:00) to the opening.
        ("2026-03-10 06:00", 1, "2026-03-11 07:00"),
        // Start on a Saturday counts from Fri 13/3 17:00: the next working day is Mon 16/3, at 17:00.
        ("2026-03-14 10:00", 1, "2026-03-16 17:00"),
        // Backwards: Wed 25/2 − 3: Tue 24 (1), Mon 23 (2), Fri 13/2 (3).
        ("2026-02-25 16:00", -3, "2026-02-13 16:00"),
    ])
    func addingWorkingDays(start: String, days: Int, expected: String) {
        #expect(clockText(office.addingWorkingDays(days, to: vn(start))) == expected)
    }

    @Test func workingDayOrdinal() {
        // The 1st working day after Fri 13/2/2026 is Mon 23/2; the 1st before Mon 23/2 is Fri 13/2.
        #expect(office.workingDay(1, after: day(2026, 2, 13)) == day(2026, 2, 23))
        #expect(office.workingDay(-1, after: day(2026, 2, 23)) == day(2026, 2, 13))
        #expect(office.workingDay(0, after: day(2026, 2, 14)) == day(2026, 2, 14))
    }

    @Test(arguments: [
        // After office hours on Fri 9/1/2026 the next opening is the make-up Saturday 10/1 at 07:00.
        ("2026-01-09 22:00", "2026-01-10 07:00"),
        // Inside a period: unchanged.
        ("2026-03-10 07:00", "2026-03-10 07:00"),
        ("2026-03-10 10:59", "2026-03-10 10:59"),
        // At 11:00 the morning is over: 13:00.
        ("2026-03-10 11:00", "2026-03-10 13:00"),
        // Before opening: 07:00 the same day.
        ("2026-03-10 05:00", "2026-03-10 07:00"),
        // Saturday: Monday 07:00.
        ("2026-03-14 10:00", "2026-03-16 07:00"),
        // Friday evening before Tết: Mon 23/2 07:00.
        ("2026-02-13 17:00", "2026-02-23 07:00"),
    ])
    func nextOpeningOfTheOffice(at: String, expected: String) {
        #expect(clockText(office.nextOpening(atOrAfter: vn(at))) == expected)
    }

    @Test(arguments: [
        // Gia Lai intake hours 07:00–23:00 on working days: 22:30 on a Friday is inside them, received at once.
        ("2026-01-09 22:30", "2026-01-09 22:30"),
        // 23:30: received at the next opening, the make-up Saturday 10/1 at 07:00.
        ("2026-01-09 23:30", "2026-01-10 07:00"),
        // 23:00 exactly is closed.
        ("2026-03-10 23:00", "2026-03-11 07:00"),
        // Friday night before Tết: Mon 23/2 07:00.
        ("2026-02-13 23:30", "2026-02-23 07:00"),
        // A Sunday at noon: Monday 07:00.
        ("2026-03-15 12:00", "2026-03-16 07:00"),
    ])
    func intakeHours(at: String, expected: String) {
        let intake = WorkingCalendar(hours: .giaLaiIntake, holidays: OfficialCalendars.all)
        #expect(clockText(intake.nextOpening(atOrAfter: vn(at))) == expected)
    }
    // How the cost grows with the span is measured by the benchmark (pakn-bench-deadlines), not a timed test.
}

@Suite("Working hours settings")
struct WorkingHoursSettingsTests {
    @Test func standardWeek() {
        #expect(WorkingHours.standard.weeklySeconds == 40 * 3600)
        #expect(WorkingHours.standard.weeklyRestDays == [.saturday, .sunday])
        #expect(WorkingHours.standard.makeUpDayPeriods == WorkingHours.standard.periods(on: .monday))
        #expect(WorkingHours.giaLaiIntake.periods(on: .friday).map(\.description) == ["07:00–23:00"])
    }

    @Test func validation() throws {
        let morning = try #require(WorkingPeriod(7, 0, 11, 0))
        let overlapping = try #require(WorkingPeriod(10, 0, 12, 0))
        #expect(WorkingPeriod(11, 0, 7, 0) == nil)
        #expect(WorkingPeriod(start: 0, end: 1441) == nil)
        #expect(throws: WorkingHours.ValidationError.overlappingPeriods(.monday)) {
            try WorkingHours(periodsByWeekday: [.monday: [morning, overlapping]])
        }
        #expect(throws: WorkingHours.ValidationError.noWorkingTime) {
            try WorkingHours(periodsByWeekday: [.monday: []])
        }
    }

    @Test func jsonRoundTripAndCustomHours() throws {
        // setup: a ward office open Mon–Fri 07:30–11:30 and 13:30–17:00, and Saturday mornings
        let weekday = [try #require(WorkingPeriod(7, 30, 11, 30)), try #require(WorkingPeriod(13, 30, 17, 0))]
        let saturday = [try #require(WorkingPeriod(7, 30, 11, 30))]
        var periods = Dictionary(uniqueKeysWithValues: [Weekday.monday, .tuesday, .wednesday, .thursday, .friday].map { ($0, weekday) })
        periods[.saturday] = saturday
        let hours = try WorkingHours(periodsByWeekday: periods)
        // act
        let data = try JSONEncoder().encode(hours)
        let decoded = try JSONDecoder().decode(WorkingHours.self, from: data)
        // check
        #expect(decoded == hours)
        #expect(String(decoding: data, as: UTF8.self).contains(#"{"end":"11:30","start":"07:30"}"#) ||
                String(decoding: data, as: UTF8.self).contains(#"{"start":"07:30","end":"11:30"}"#))
        // Sat 14/3/2026 11:00 + 1 h: 11:00–11:30 on Saturday (30 min); Mon 16/3 07:30–08:00.
        let calendar = WorkingCalendar(hours: hours, holidays: [])
        #expect(clockText(calendar.addingWorkingHours(1, to: vn("2026-03-14 11:00"))) == "2026-03-16 08:00")
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(WorkingHours.self, from: Data(#"{"week":{"monday":[{"start":"11:00","end":"07:00"}]}}"#.utf8))
        }
    }
}
