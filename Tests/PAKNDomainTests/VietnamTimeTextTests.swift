import Foundation
import PAKNDomain
import Testing

/// Dates as Vietnamese people write them, in Vietnam's civil time (UTC+7): instants worked out by hand.
@Suite("Dates in Vietnam's civil time")
struct VietnamTimeTextTests {
    @Test("an instant late on 4 December UTC is already 5 December in Vietnam")
    func dayBoundary() throws {
        // 2026-12-04T17:30:00Z = 2026-12-05 00:30 in UTC+7.
        let instant = try #require(ISO8601DateFormatter().date(from: "2026-12-04T17:30:00Z"))
        #expect(VietnamTime.dayText(instant) == "05/12/2026")
        #expect(VietnamTime.dateTimeText(instant) == "05/12/2026 00:30")
        // 2027-01-01T16:59:00Z = 2027-01-01 23:59: still New Year's Day.
        let late = try #require(ISO8601DateFormatter().date(from: "2027-01-01T16:59:00Z"))
        #expect(VietnamTime.dayText(late) == "01/01/2027")
        #expect(VietnamTime.dateTimeText(late) == "01/01/2027 23:59")
    }
}
