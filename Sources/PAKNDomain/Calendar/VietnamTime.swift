import Foundation

/// Vietnam's civil time: Asia/Ho_Chi_Minh, UTC+7, no daylight saving time since 1975.
///
/// The lunar calendar (domain.md §3.5) and all deadlines (§3.3) are reckoned in this zone.
public enum VietnamTime {
    /// The offset from UTC in seconds: 7 × 3600 = 25 200.
    public static let secondsFromGMT = 25_200

    /// `Asia/Ho_Chi_Minh` from the system's time-zone database, or a fixed UTC+7 zone when the
    /// database is missing (both give the same offset for every date after 1975).
    public static let timeZone: TimeZone =
        TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: secondsFromGMT)!
}
