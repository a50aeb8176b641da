import Foundation

/// A day of the week, numbered as in ISO 8601: Monday = 1 … Sunday = 7.
///
/// Vietnamese names: Thứ Hai (Monday) … Thứ Bảy (Saturday), Chủ nhật (Sunday).
/// Encoded in JSON as its English lower-case name (`"monday"`), so stored settings stay readable.
public enum Weekday: Int, CaseIterable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The weekly rest days of the public sector: Saturday and Sunday. Civil servants work 40 hours a
    /// week, Monday–Friday (domain.md §3.4; Quyết định 188/1999/QĐ-TTg, cited from memory: confirm).
    public static let publicSectorRestDays: Set<Weekday> = [.saturday, .sunday]

    /// English lower-case name, used as the JSON spelling (`"monday"`).
    public var name: String {
        switch self {
        case .monday: "monday"
        case .tuesday: "tuesday"
        case .wednesday: "wednesday"
        case .thursday: "thursday"
        case .friday: "friday"
        case .saturday: "saturday"
        case .sunday: "sunday"
        }
    }

    /// Vietnamese name as printed on calendars: "Thứ Hai" … "Thứ Bảy", "Chủ nhật".
    public var vietnameseName: String {
        switch self {
        case .monday: "Thứ Hai"
        case .tuesday: "Thứ Ba"
        case .wednesday: "Thứ Tư"
        case .thursday: "Thứ Năm"
        case .friday: "Thứ Sáu"
        case .saturday: "Thứ Bảy"
        case .sunday: "Chủ nhật"
        }
    }

    /// Parses the English lower-case name (`"monday"`); `nil` for anything else.
    public init?(name: String) {
        guard let match = Weekday.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// The English lower-case name.
    public var description: String { name }

    /// Monday first.
    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Decodes `"monday"` … `"sunday"`.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let weekday = Weekday(name: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Unknown weekday \"\(text)\"; expected monday … sunday")
        }
        self = weekday
    }

    /// Encodes the English lower-case name.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
