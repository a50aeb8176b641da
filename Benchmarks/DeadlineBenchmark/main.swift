// Deadline arithmetic benchmark (issue 3): time per due-instant computation for spans of 1 working hour to
// 60 working days, with a ten-year holiday calendar loaded (2025–2026 official, 2027–2034 drafts from the rules).
// Run: swift run -c release pakn-bench-deadlines
// The figures must not grow with the span faster than the number of holidays crossed.
import Foundation
import PAKNDomain

let years = OfficialCalendars.all + (2027...2034).compactMap { HolidayRules.draft(year: $0) }
let buildClock = ContinuousClock()
var calendar: WorkingCalendar?
let buildTime = buildClock.measure { calendar = WorkingCalendar(holidays: years) }
guard let calendar else { fatalError("no calendar") }
print("calendar: \(years.count) years, \(years.reduce(0) { $0 + $1.entries.count }) entries, built in \(buildTime)")

let start = ISO8601DateFormatter().date(from: "2026-02-13T16:00:00+07:00")!
let spans: [(String, WorkingDuration)] = [
    ("1 working hour", .workingHours(1)), ("4 working hours", .workingHours(4)), ("8 working hours", .workingHours(8)),
    ("3 working days", .workingDays(3)), ("10 working days", .workingDays(10)), ("15 working days", .workingDays(15)),
    ("60 working days", .workingDays(60)), ("480 working hours", .workingHours(480)),
]
let iterations = 20_000
print("span                  ns per computation   (\(iterations) computations each, starts spread over 2026)")
for (label, span) in spans {
    var sink = 0.0
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        for i in 0..<iterations {
            // Spread the start over a year, in 37-minute steps, so lunch breaks, weekends and Tết are all crossed.
            let from = start.addingTimeInterval(Double(i % 14_000) * 37 * 60)
            sink += calendar.adding(span, to: from).timeIntervalSince1970
        }
    }
    let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    let perCall = nanoseconds / Double(iterations)
    print(label.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%10.0f", perCall) + (sink == 0 ? " " : ""))
}
let measureClock = ContinuousClock()
let end = start.addingTimeInterval(3 * 365 * 86_400)
var total = 0.0
let measured = measureClock.measure { for _ in 0..<iterations { total += calendar.workingSeconds(from: start, to: end) } }
print("workingSeconds over 3 years: \(measured / iterations) per call (\(Int(total / Double(iterations) / 3600)) working hours)")
