import PAKNDomain
import Testing

/// The working hours an admin types (agency form, working-hours page): minutes after midnight worked out by hand.
@Suite("Working hours as typed")
struct WorkingPeriodTextTests {
    @Test("comma-separated ranges, with a hyphen or an en dash")
    func parses() {
        // 07:30 = 450 min, 11:30 = 690, 13:30 = 810, 17:00 = 1020.
        #expect(WorkingPeriod.list(parsing: "07:30-11:30, 13:30–17:00") == [WorkingPeriod(start: 450, end: 690)!, WorkingPeriod(start: 810, end: 1020)!])
        #expect(WorkingPeriod.list(parsing: " 7:00 - 11:00 ") == [WorkingPeriod(start: 420, end: 660)!])
    }

    @Test("empty text, a missing end, a backwards range or an impossible time are refused")
    func refuses() {
        for text in ["", " , ", "07:00", "11:00-07:00", "07:00-25:00", "07:60-08:00", "7h-11h", "07:00-11:00-12:00"] {
            #expect(WorkingPeriod.list(parsing: text) == nil, "\(text)")
        }
    }
}
