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

    /// The civil day of `date` in Vietnam as people write it: `dd/MM/yyyy` (e.g. 05/12/2026).
    public static func dayText(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%02d/%02d/%04d", parts.day!, parts.month!, parts.year!)
    }

    /// `date` in Vietnam's civil time as people write it: `dd/MM/yyyy HH:mm` (24-hour clock).
    public static func dateTimeText(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%02d/%02d/%04d %02d:%02d", parts.day!, parts.month!, parts.year!, parts.hour!, parts.minute!)
    }

    /// The date line of an administrative document in Vietnam's civil time: "ngày 05 tháng 3 năm 2026",
    /// "ngày 15 tháng 01 năm 2027" (Nghị định 30/2020/NĐ-CP, Phụ lục I, I.5.b: a day under 10 and the months 1
    /// and 2 take a leading zero, so that no digit can be added in front; other months are written as they are).
    public static func longDateText(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let month = parts.month! <= 2 ? String(format: "%02d", parts.month!) : String(parts.month!)
        return String(format: "ngày %02d tháng ", parts.day!) + month + " năm \(parts.year!)"
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }()
}
