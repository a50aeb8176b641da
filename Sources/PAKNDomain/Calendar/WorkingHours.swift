import Foundation

/// One stretch of working time within a day, from `start` to `end` in minutes after local midnight
/// (07:00 is 420; 17:00 is 1020). `end` may be 1440 (midnight at the end of the day); `start < end`.
/// JSON: `{"start":"07:00","end":"11:00"}`.
public struct WorkingPeriod: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Minutes after local midnight, 0…1439.
    public let start: Int
    /// Minutes after local midnight, 1…1440, after `start`.
    public let end: Int

    /// `nil` unless 0 ≤ start < end ≤ 1440.
    public init?(start: Int, end: Int) {
        guard 0 <= start, start < end, end <= 1440 else { return nil }
        self.start = start
        self.end = end
    }

    /// From wall-clock hours and minutes, e.g. `WorkingPeriod(7, 0, 11, 0)`; `nil` if invalid.
    public init?(_ startHour: Int, _ startMinute: Int, _ endHour: Int, _ endMinute: Int) {
        guard (0..<60).contains(startMinute), (0..<60).contains(endMinute) else { return nil }
        self.init(start: startHour * 60 + startMinute, end: endHour * 60 + endMinute)
    }

    init(uncheckedStart start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Length in seconds.
    public var seconds: Int { (end - start) * 60 }

    /// The periods an admin types, comma-separated wall-clock ranges: "07:00-11:00, 13:00-17:00" (an en dash
    /// works as the hyphen). `nil` when the text is empty or any range is not `H:MM-H:MM` with a valid period.
    public static func list(parsing text: String) -> [WorkingPeriod]? {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { return nil }
        var periods: [WorkingPeriod] = []
        for part in parts {
            let ends = part.replacingOccurrences(of: "–", with: "-").split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
            guard ends.count == 2 else { return nil }
            func minutes(_ s: String) -> Int? {
                let hm = s.split(separator: ":").compactMap { Int($0) }
                guard hm.count == 2, (0...24).contains(hm[0]), (0...59).contains(hm[1]) else { return nil }
                return hm[0] * 60 + hm[1]
            }
            guard let start = minutes(ends[0]), let end = minutes(ends[1]), let period = WorkingPeriod(start: start, end: end) else { return nil }
            periods.append(period)
        }
        return periods
    }
    var startSecond: Double { Double(start * 60) }
    var endSecond: Double { Double(end * 60) }

    /// `"07:00–11:00"`.
    public var description: String { "\(WorkingPeriod.clock(start))–\(WorkingPeriod.clock(end))" }

    static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
    }

    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m),
              h * 60 + m <= 1440 else { return nil }
        return h * 60 + m
    }

    private enum CodingKeys: String, CodingKey { case start, end }

    /// Decodes `{"start":"07:00","end":"11:00"}`; throws `DecodingError.dataCorrupted` for a bad time or order.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let startText = try c.decode(String.self, forKey: .start)
        let endText = try c.decode(String.self, forKey: .end)
        guard let start = WorkingPeriod.minutes(startText), let end = WorkingPeriod.minutes(endText),
              let period = WorkingPeriod(start: start, end: end) else {
            throw DecodingError.dataCorruptedError(forKey: .end, in: c, debugDescription: "Expected \"HH:MM\" times with start < end, got \(startText)–\(endText)")
        }
        self = period
    }

    /// Encodes `{"start":"07:00","end":"11:00"}`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(WorkingPeriod.clock(start), forKey: .start)
        try c.encode(WorkingPeriod.clock(end), forKey: .end)
    }
}

/// The working periods of a normal week, per weekday, in local time; a weekday without periods is a weekly
/// rest day. `makeUpDayPeriods` are the periods of a make-up working day (a rest day worked, e.g. a Saturday
/// given in exchange for a day off); by default Monday's.
///
/// Invariants, checked by the initialiser: each day's periods are sorted and do not overlap (they may touch), and the
/// week has some working time. Used both for office hours (deadlines) and for intake hours (when a request
/// counts as received).
public struct WorkingHours: Hashable, Sendable, Codable {
    /// Why a set of working hours was refused.
    public enum ValidationError: Error, Equatable, CustomStringConvertible {
        /// Periods of `weekday` (or of make-up days when `nil`) overlap or are out of order.
        case overlappingPeriods(Weekday?)
        /// No weekday has any working period.
        case noWorkingTime

        /// One line for admin messages.
        public var description: String {
            switch self {
            case .overlappingPeriods(let weekday): "Các ca làm việc của \(weekday.map { $0.vietnameseName.lowercased() } ?? "ngày làm bù") chồng lên nhau hoặc không theo thứ tự"
            case .noWorkingTime: "Tuần làm việc không có giờ làm việc nào"
            }
        }
    }

    /// Periods of each working weekday, sorted; rest days are absent.
    public let periodsByWeekday: [Weekday: [WorkingPeriod]]
    /// Periods of a make-up working day.
    public let makeUpDayPeriods: [WorkingPeriod]

    /// - Throws: `ValidationError` when a day's periods overlap or are unsorted, or the week is empty.
    public init(periodsByWeekday: [Weekday: [WorkingPeriod]], makeUpDayPeriods: [WorkingPeriod]? = nil) throws(ValidationError) {
        let cleaned = periodsByWeekday.filter { !$0.value.isEmpty }
        for (weekday, periods) in cleaned where !WorkingHours.isOrdered(periods) {
            throw .overlappingPeriods(weekday)
        }
        guard !cleaned.isEmpty else { throw .noWorkingTime }
        let fallback = cleaned[.monday] ?? Weekday.allCases.compactMap { cleaned[$0] }.first!
        let makeUp = makeUpDayPeriods ?? fallback
        guard WorkingHours.isOrdered(makeUp) else { throw .overlappingPeriods(nil) }
        self.periodsByWeekday = cleaned
        self.makeUpDayPeriods = makeUp
    }

    /// The same periods on every listed weekday.
    public init(_ periods: [WorkingPeriod], on weekdays: Set<Weekday>, makeUpDayPeriods: [WorkingPeriod]? = nil) throws(ValidationError) {
        try self.init(periodsByWeekday: Dictionary(uniqueKeysWithValues: weekdays.map { ($0, periods) }),
                      makeUpDayPeriods: makeUpDayPeriods)
    }

    /// Office hours of the public sector by default: Monday–Friday 07:00–11:00 and 13:00–17:00,
    /// 8 hours a day, 40 a week (domain.md §3.4; the periods follow Gia Lai's forwarding windows, §1.1 and
    /// §3.4, UNVERIFIED: configure per deployment or agency). Make-up Saturdays use the same periods.
    public static let standard: WorkingHours = {
        let day = [WorkingPeriod(uncheckedStart: 7 * 60, end: 11 * 60), WorkingPeriod(uncheckedStart: 13 * 60, end: 17 * 60)]
        return try! WorkingHours(day, on: [.monday, .tuesday, .wednesday, .thursday, .friday])
    }()

    /// Intake hours of Gia Lai's 2021 pilot: working days 07:00–23:00 (domain.md §3.2). A request arriving
    /// outside them counts as received at the next opening.
    public static let giaLaiIntake: WorkingHours = {
        try! WorkingHours([WorkingPeriod(uncheckedStart: 7 * 60, end: 23 * 60)], on: [.monday, .tuesday, .wednesday, .thursday, .friday])
    }()

    /// The periods of a normal `weekday` (empty on a weekly rest day).
    public func periods(on weekday: Weekday) -> [WorkingPeriod] { periodsByWeekday[weekday] ?? [] }

    /// The weekdays without working time.
    public var weeklyRestDays: Set<Weekday> { Set(Weekday.allCases.filter { periods(on: $0).isEmpty }) }

    /// Working seconds in a normal week (144 000 for `.standard`: 40 hours).
    public var weeklySeconds: Int {
        Weekday.allCases.reduce(0) { $0 + periods(on: $1).reduce(0) { $0 + $1.seconds } }
    }

    private static func isOrdered(_ periods: [WorkingPeriod]) -> Bool {
        zip(periods, periods.dropFirst()).allSatisfy { $0.end <= $1.start }
    }

    private enum CodingKeys: String, CodingKey { case week, makeUpDays }

    /// JSON: `{"week":{"monday":[{"start":"07:00","end":"11:00"},…],…},"makeUpDays":[…]}`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let week = try c.decode([String: [WorkingPeriod]].self, forKey: .week)
        var periods: [Weekday: [WorkingPeriod]] = [:]
        for (name, value) in week {
            guard let weekday = Weekday(name: name) else {
                throw DecodingError.dataCorruptedError(forKey: .week, in: c, debugDescription: "Unknown weekday \"\(name)\"")
            }
            periods[weekday] = value
        }
        do {
            try self.init(periodsByWeekday: periods, makeUpDayPeriods: try c.decodeIfPresent([WorkingPeriod].self, forKey: .makeUpDays))
        } catch let error as ValidationError {
            throw DecodingError.dataCorruptedError(forKey: .week, in: c, debugDescription: error.description)
        }
    }

    /// Writes the JSON read by `init(from:)`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Dictionary(uniqueKeysWithValues: periodsByWeekday.map { ($0.key.name, $0.value) }), forKey: .week)
        try c.encode(makeUpDayPeriods, forKey: .makeUpDays)
    }
}
