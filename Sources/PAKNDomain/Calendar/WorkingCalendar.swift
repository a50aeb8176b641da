import Foundation

/// Working-time arithmetic for deadlines: which instants are working time, and how to add or measure
/// working hours and working days (domain.md §3.3, issue 3 §3).
///
/// Working time is the `hours` periods of each weekday, minus the days off of the holiday calendars, plus
/// the make-up working days (which use `hours.makeUpDayPeriods`, the Monday–Friday periods by default).
/// Days are civil days in `timeZone` (default Asia/Ho_Chi_Minh, UTC+7, no DST); outside the years given in
/// `holidays` the normal week applies. Durations are in seconds of working time (8 working hours = 28 800 s).
///
/// Conventions (issue 3 §3):
/// - "N working hours" counts only time inside working periods; a result that falls exactly at the end of a
///   period is that end (1 working hour from 10:00 is 11:00, not 13:00).
/// - "N working days" ends at the same clock time on the Nth following working day, clamped into that day's
///   periods (before the first period: its start; in a gap: the end of the period before; after the last: its
///   end). A start on a day without working time counts from the end of the previous working day.
///
/// Cost: the calendar keeps the exceptions to the normal week sorted, with running totals, so every operation
/// is a few binary searches: it grows with the logarithm of the span and of the number of exceptions, never
/// with the span itself.
public struct WorkingCalendar: Sendable {
    /// The normal week.
    public let hours: WorkingHours
    /// The holiday calendars in force.
    public let holidays: [HolidayCalendarYear]
    /// The zone of civil days and clock times.
    public let timeZone: TimeZone

    /// Working seconds per day, and whether it is a working day (1 or 0), as sums over day ranges.
    private let seconds: DayTotals
    private let workingDayCount: DayTotals
    /// Days whose periods differ from their weekday's, sorted by JDN, with their periods.
    private let exceptionDays: [Int]
    private let exceptionPeriods: [[WorkingPeriod]]

    /// - Parameters:
    ///   - hours: the normal week (default `.standard`, Mon–Fri 07–11 and 13–17).
    ///   - holidays: the holiday calendars in force; enabled days off remove working time, enabled make-up
    ///     working days add `hours.makeUpDayPeriods`. A day both off and worked is off.
    ///   - timeZone: the zone of civil days and clock times (default `VietnamTime.timeZone`).
    public init(hours: WorkingHours = .standard, holidays: [HolidayCalendarYear], timeZone: TimeZone = VietnamTime.timeZone) {
        self.hours = hours
        self.holidays = holidays
        self.timeZone = timeZone

        var offDays: Set<Int> = []
        var workDays: Set<Int> = []
        for year in holidays {
            for entry in year.entries where entry.isEnabled {
                switch entry.kind {
                case .dayOff: offDays.insert(entry.date.julianDayNumber)
                case .workingDay: workDays.insert(entry.date.julianDayNumber)
                }
            }
        }
        var overrides: [Int: [WorkingPeriod]] = [:]
        for day in workDays.subtracting(offDays) where hours.periods(on: WorkingCalendar.weekday(of: day)).isEmpty {
            overrides[day] = hours.makeUpDayPeriods
        }
        for day in offDays where !hours.periods(on: WorkingCalendar.weekday(of: day)).isEmpty {
            overrides[day] = []
        }
        let days = overrides.keys.sorted()
        exceptionDays = days
        exceptionPeriods = days.map { overrides[$0]! }

        let weeklySeconds = Weekday.allCases.map { hours.periods(on: $0).reduce(0) { $0 + $1.seconds } }
        seconds = DayTotals(perWeekday: weeklySeconds, exceptionDays: days,
                            exceptionValues: days.map { overrides[$0]!.reduce(0) { $0 + $1.seconds } })
        workingDayCount = DayTotals(perWeekday: weeklySeconds.map { $0 > 0 ? 1 : 0 }, exceptionDays: days,
                                    exceptionValues: days.map { overrides[$0]!.isEmpty ? 0 : 1 })
    }

    // MARK: Days

    /// The working periods of a civil day (empty on a rest day or a day off).
    public func periods(on day: SolarDay) -> [WorkingPeriod] { periods(onDay: day.julianDayNumber) }

    /// True if `day` has working time: a normal working weekday that is not a day off, or a make-up working day.
    public func isWorkingDay(_ day: SolarDay) -> Bool { !periods(on: day).isEmpty }

    /// True if `date` is inside a working period (a period's start counts, its end does not).
    public func isWorkingTime(_ date: Date) -> Bool {
        let (day, second) = SolarDay.localPosition(of: date, in: timeZone)
        return periods(onDay: day).contains { $0.startSecond <= second && second < $0.endSecond }
    }

    /// The number of working days in `from...to` (both civil days included; 0 if `to` < `from`).
    public func numberOfWorkingDays(from: SolarDay, through to: SolarDay) -> Int {
        guard from <= to else { return 0 }
        return workingDayCount.sum(from: from.julianDayNumber, to: to.julianDayNumber + 1)
    }

    // MARK: Working hours

    /// `date` plus `hours` working hours (negative: minus), rounded to the millisecond so that 1.1 h is
    /// exactly 3 960 s. See `addingWorkingSeconds(_:to:)`.
    public func addingWorkingHours(_ hours: Double, to date: Date) -> Date {
        addingWorkingSeconds((hours * 3_600_000).rounded() / 1000, to: date)
    }

    /// The instant at which `amount` seconds of working time have elapsed since `date` (for a negative
    /// amount: the instant that much working time before `date`). A forward result exactly at the end of a
    /// period is that end (11:00, not 13:00); a backward result exactly at the start of a period is that start.
    /// Zero returns `date` unchanged.
    public func addingWorkingSeconds(_ amount: TimeInterval, to date: Date) -> Date {
        if amount == 0 { return date }
        let (day, second) = SolarDay.localPosition(of: date, in: timeZone)
        return amount > 0 ? forward(amount, fromDay: day, second: second) : backward(-amount, fromDay: day, second: second)
    }

    /// Working seconds between two instants: positive when `to` is later, negative when earlier.
    /// `workingSeconds(from: a, to: addingWorkingSeconds(s, to: a)) == s` for every `s`.
    public func workingSeconds(from: Date, to: Date) -> TimeInterval {
        if to < from { return -workingSeconds(from: to, to: from) }
        let (startDay, startSecond) = SolarDay.localPosition(of: from, in: timeZone)
        let (endDay, endSecond) = SolarDay.localPosition(of: to, in: timeZone)
        if startDay == endDay { return overlap(onDay: startDay, from: startSecond, to: endSecond) }
        return overlap(onDay: startDay, from: startSecond, to: 86_400)
            + Double(seconds.sum(from: startDay + 1, to: endDay))
            + overlap(onDay: endDay, from: 0, to: endSecond)
    }

    // MARK: Working days

    /// The same clock time on the `n`th following working day (`n` < 0: preceding), clamped into that day's
    /// working periods. A start on a day without working time counts from the end of the previous working day.
    /// `n` = 0 returns `date` unchanged.
    public func addingWorkingDays(_ n: Int, to date: Date) -> Date {
        if n == 0 { return date }
        var (day, clock) = SolarDay.localPosition(of: date, in: timeZone)
        if periods(onDay: day).isEmpty {
            day = nthWorkingDay(-1, from: day)
            clock = periods(onDay: day).last!.endSecond
        }
        let target = nthWorkingDay(n, from: day)
        return SolarDay.instant(julianDayNumber: target, secondOfDay: clamp(clock, into: periods(onDay: target)), in: timeZone)
    }

    /// The civil day that is the `n`th working day after `day` (`n` < 0: before; 0: `day` itself).
    public func workingDay(_ n: Int, after day: SolarDay) -> SolarDay {
        n == 0 ? day : SolarDay(julianDayNumber: nthWorkingDay(n, from: day.julianDayNumber))
    }

    // MARK: Openings

    /// `date` itself if it is working time, otherwise the start of the next working period. With intake hours
    /// (e.g. `WorkingHours.giaLaiIntake`) this is when a request arriving at `date` counts as received.
    public func nextOpening(atOrAfter date: Date) -> Date {
        let (day, second) = SolarDay.localPosition(of: date, in: timeZone)
        for period in periods(onDay: day) {
            if second < period.startSecond {
                return SolarDay.instant(julianDayNumber: day, secondOfDay: period.startSecond, in: timeZone)
            }
            if second < period.endSecond { return date }
        }
        let next = nthWorkingDay(1, from: day)
        return SolarDay.instant(julianDayNumber: next, secondOfDay: periods(onDay: next)[0].startSecond, in: timeZone)
    }

    // MARK: - Internals

    static func weekday(of jdn: Int) -> Weekday { Weekday(rawValue: jdn % 7 + 1)! }

    private func periods(onDay jdn: Int) -> [WorkingPeriod] {
        if let index = exceptionIndex(of: jdn) { return exceptionPeriods[index] }
        return hours.periods(on: WorkingCalendar.weekday(of: jdn))
    }

    private func exceptionIndex(of jdn: Int) -> Int? {
        let index = DayTotals.lowerBound(exceptionDays, jdn)
        return index < exceptionDays.count && exceptionDays[index] == jdn ? index : nil
    }

    /// Working seconds of day `jdn` inside [from, to) (seconds after local midnight).
    private func overlap(onDay jdn: Int, from: Double, to: Double) -> Double {
        periods(onDay: jdn).reduce(0) { total, period in
            total + max(0, min(to, period.endSecond) - max(from, period.startSecond))
        }
    }

    private func forward(_ amount: Double, fromDay day: Int, second: Double) -> Date {
        var remaining = amount
        for period in periods(onDay: day) where second < period.endSecond {
            let from = max(second, period.startSecond)
            if remaining <= period.endSecond - from {
                return SolarDay.instant(julianDayNumber: day, secondOfDay: from + remaining, in: timeZone)
            }
            remaining -= period.endSecond - from
        }
        // The target lies on a later day: the first day by which the running total reaches `remaining`.
        let count = seconds.daysForward(from: day + 1, reaching: remaining)
        let target = day + count
        remaining -= Double(seconds.sum(from: day + 1, to: target))
        for period in periods(onDay: target) {
            if remaining <= Double(period.seconds) {
                return SolarDay.instant(julianDayNumber: target, secondOfDay: period.startSecond + remaining, in: timeZone)
            }
            remaining -= Double(period.seconds)
        }
        preconditionFailure("working time of day \(target) does not match its running total")
    }

    private func backward(_ amount: Double, fromDay day: Int, second: Double) -> Date {
        var remaining = amount
        for period in periods(onDay: day).reversed() where second > period.startSecond {
            let to = min(second, period.endSecond)
            if remaining <= to - period.startSecond {
                return SolarDay.instant(julianDayNumber: day, secondOfDay: to - remaining, in: timeZone)
            }
            remaining -= to - period.startSecond
        }
        let count = seconds.daysBackward(before: day, reaching: remaining)
        let target = day - count
        remaining -= Double(seconds.sum(from: target + 1, to: day))
        for period in periods(onDay: target).reversed() {
            if remaining <= Double(period.seconds) {
                return SolarDay.instant(julianDayNumber: target, secondOfDay: period.endSecond - remaining, in: timeZone)
            }
            remaining -= Double(period.seconds)
        }
        preconditionFailure("working time of day \(target) does not match its running total")
    }

    /// JDN of the `n`th working day after (n > 0) or before (n < 0) `day`.
    private func nthWorkingDay(_ n: Int, from day: Int) -> Int {
        n > 0 ? day + workingDayCount.daysForward(from: day + 1, reaching: Double(n))
              : day - workingDayCount.daysBackward(before: day, reaching: Double(-n))
    }

    private func clamp(_ clock: Double, into periods: [WorkingPeriod]) -> Double {
        guard let first = periods.first else { return clock }
        if clock <= first.startSecond { return first.startSecond }
        var result = first.startSecond
        for period in periods {
            if clock < period.startSecond { return result }  // in a gap: the end of the period before
            if clock <= period.endSecond { return clock }
            result = period.endSecond
        }
        return result  // after the last period: its end
    }
}

/// Sums of a per-day quantity over ranges of days, in O(log n): a value per weekday for normal days, and
/// exceptions (days whose value differs) with running totals of their differences.
struct DayTotals: Sendable {
    /// Value per weekday, index 0 = Monday.
    let perWeekday: [Int]
    let perWeek: Int
    /// Sorted JDNs of exception days.
    let exceptionDays: [Int]
    /// `deltaPrefix[i]` = sum of (exception value − normal value) over `exceptionDays[0..<i]`.
    let deltaPrefix: [Int]
    /// `weekPrefix[i]` = sum of `perWeekday[0..<i]`.
    let weekPrefix: [Int]

    init(perWeekday: [Int], exceptionDays: [Int], exceptionValues: [Int]) {
        self.perWeekday = perWeekday
        perWeek = perWeekday.reduce(0, +)
        self.exceptionDays = exceptionDays
        var prefix = [0]
        for (day, value) in zip(exceptionDays, exceptionValues) {
            prefix.append(prefix.last! + value - perWeekday[day % 7])
        }
        deltaPrefix = prefix
        var week = [0]
        for value in perWeekday { week.append(week.last! + value) }
        weekPrefix = week
    }

    /// Sum over the days `from ..< to` (JDNs; 0 when `to` ≤ `from`).
    func sum(from: Int, to: Int) -> Int {
        guard to > from else { return 0 }
        return normalSum(upTo: to) - normalSum(upTo: from)
            + deltaPrefix[DayTotals.lowerBound(exceptionDays, to)] - deltaPrefix[DayTotals.lowerBound(exceptionDays, from)]
    }

    /// Sum of the normal weekly values over days 0 ..< jdn (JDN 0 is a Monday).
    private func normalSum(upTo jdn: Int) -> Int {
        let weeks = jdn >= 0 ? jdn / 7 : (jdn - 6) / 7
        return weeks * perWeek + weekPrefix[jdn - weeks * 7]
    }

    /// The smallest n ≥ 1 with sum(start ..< start + n) ≥ target (target > 0). Needs a positive weekly total.
    func daysForward(from start: Int, reaching target: Double) -> Int {
        var high = max(1, Int(target / Double(max(perWeek, 1))) * 7)
        while Double(sum(from: start, to: start + high)) < target { high *= 2 }
        var low = 0  // sum(start ..< start + low) < target is known for low = 0
        while high - low > 1 {
            let middle = (low + high) / 2
            if Double(sum(from: start, to: start + middle)) >= target { high = middle } else { low = middle }
        }
        return high
    }

    /// The smallest n ≥ 1 with sum((end − n) ..< end) ≥ target (target > 0).
    func daysBackward(before end: Int, reaching target: Double) -> Int {
        var high = max(1, Int(target / Double(max(perWeek, 1))) * 7)
        while Double(sum(from: end - high, to: end)) < target { high *= 2 }
        var low = 0
        while high - low > 1 {
            let middle = (low + high) / 2
            if Double(sum(from: end - middle, to: end)) >= target { high = middle } else { low = middle }
        }
        return high
    }

    /// Index of the first element ≥ `value` in a sorted array.
    static func lowerBound(_ array: [Int], _ value: Int) -> Int {
        var low = 0, high = array.count
        while low < high {
            let middle = (low + high) / 2
            if array[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
