import Foundation
@testable import PAKNDomain

// Shared by the working-time tests: instants written as they read on a Vietnamese office clock.

/// "2026-02-13 10:00" in Asia/Ho_Chi_Minh (UTC+7).
func vn(_ text: String) -> Date {
    guard let date = vnFormatter.date(from: text) else { fatalError("bad test time \(text)") }
    return date
}

/// The same notation back, for readable failures; nil stays nil.
func vnText(_ date: Date?) -> String? {
    date.map { vnFormatter.string(from: $0) }
}

nonisolated(unsafe) private let vnFormatter: DateFormatter = {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter
}()

/// The standard office week with the official 2025 and 2026 calendars (domain.md §3.4).
let office = WorkingCalendar(holidays: OfficialCalendars.all)
