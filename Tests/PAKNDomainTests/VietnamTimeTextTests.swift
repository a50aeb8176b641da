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

    @Test("the date line of a document: a day under 10 and the months 1 and 2 with a leading zero, other months as they are (NĐ 30/2020, Phụ lục I)")
    func documentDate() throws {
        func at(_ text: String) throws -> Date { try #require(ISO8601DateFormatter().date(from: text)) }
        #expect(VietnamTime.longDateText(try at("2026-03-05T03:00:00Z")) == "ngày 05 tháng 3 năm 2026")
        #expect(VietnamTime.longDateText(try at("2027-01-15T03:00:00Z")) == "ngày 15 tháng 01 năm 2027")
        #expect(VietnamTime.longDateText(try at("2026-02-09T03:00:00Z")) == "ngày 09 tháng 02 năm 2026")
        #expect(VietnamTime.longDateText(try at("2026-12-10T03:00:00Z")) == "ngày 10 tháng 12 năm 2026")
        // 17:30 UTC on 4 December is already 5 December in Vietnam.
        #expect(VietnamTime.longDateText(try at("2026-12-04T17:30:00Z")) == "ngày 05 tháng 12 năm 2026")
    }
}
