import Foundation

/// A length of working time: a number of working hours (counted inside working periods only) or of working
/// days (same clock time on the Nth following working day). See `WorkingCalendar` for the arithmetic.
/// JSON: `{"workingHours": 4}` or `{"workingDays": 3}`.
public enum WorkingDuration: Hashable, Sendable, Codable, CustomStringConvertible {
    case workingHours(Double)
    case workingDays(Int)

    /// "4 working hours", "3 working days".
    /// For people: "8 giờ làm việc", "1,5 giờ làm việc", "3 ngày làm việc".
    public var vietnameseText: String {
        switch self {
        case .workingHours(let hours):
            let number = hours == hours.rounded() ? String(Int(hours)) : String(hours).replacingOccurrences(of: ".", with: ",")
            return "\(number) giờ làm việc"
        case .workingDays(let days):
            return "\(days) ngày làm việc"
        }
    }

    public var description: String {
        switch self {
        case .workingHours(let hours):
            let number = hours == hours.rounded() ? String(Int(hours)) : String(hours)
            return "\(number) working hour\(hours == 1 ? "" : "s")"
        case .workingDays(let days):
            return "\(days) working day\(days == 1 ? "" : "s")"
        }
    }

    /// True for a negative amount, which limits and lead times must not have.
    public var isNegative: Bool {
        switch self {
        case .workingHours(let hours): hours < 0
        case .workingDays(let days): days < 0
        }
    }

    private enum CodingKeys: String, CodingKey { case workingHours, workingDays }

    /// Decodes `{"workingHours": n}` or `{"workingDays": n}`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch (try c.decodeIfPresent(Double.self, forKey: .workingHours), try c.decodeIfPresent(Int.self, forKey: .workingDays)) {
        case (let hours?, nil): self = .workingHours(hours)
        case (nil, let days?): self = .workingDays(days)
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "Expected exactly one of workingHours or workingDays"))
        }
    }

    /// Encodes `{"workingHours": n}` or `{"workingDays": n}`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .workingHours(let hours): try c.encode(hours, forKey: .workingHours)
        case .workingDays(let days): try c.encode(days, forKey: .workingDays)
        }
    }
}

extension WorkingCalendar {
    /// `date` plus a working duration: `addingWorkingHours` or `addingWorkingDays`.
    public func adding(_ duration: WorkingDuration, to date: Date) -> Date {
        switch duration {
        case .workingHours(let hours): addingWorkingHours(hours, to: date)
        case .workingDays(let days): addingWorkingDays(days, to: date)
        }
    }

    /// `date` minus a working duration (e.g. a reminder's lead time before a due instant).
    public func subtracting(_ duration: WorkingDuration, from date: Date) -> Date {
        switch duration {
        case .workingHours(let hours): addingWorkingHours(-hours, to: date)
        case .workingDays(let days): addingWorkingDays(-days, to: date)
        }
    }
}
