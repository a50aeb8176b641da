import Foundation
import PAKNDomain
import Testing

/// The forecast of late assignments, on histories small enough to count by hand (days of 8 working hours).
@Suite("Lateness forecast")
struct LatenessForecastTests {
    static let day: TimeInterval = 8 * 3600
    static let sxd = LatenessForecast.Key(agency: "so-xay-dung", field: "su_co_duong")

    @Test("the chance of being late is the share of comparable past answers longer than the time allowed")
    func chance() throws {
        let history = [2.0, 4, 6, 8, 10, 12].map { (Self.sxd, $0 * Self.day) }
        let forecast = LatenessForecast(history: history)
        // Run 5 days, 3 left: comparable (> 5) are 6, 8, 10, 12; late if > 8: 10 and 12 → 2 of 4 = 0.5, not above ½.
        let even = try #require(forecast.predict(Self.sxd, elapsed: 5 * Self.day, remaining: 3 * Self.day))
        #expect(even == LatenessForecast.Prediction(chanceLate: 0.5, typical: 8 * Self.day, samples: 4, basis: .agencyAndField, likelyLate: false))
        // 2 left: late if > 7: 8, 10, 12 → 3 of 4.
        let late = try #require(forecast.predict(Self.sxd, elapsed: 5 * Self.day, remaining: 2 * Self.day))
        #expect(late.chanceLate == 0.75 && late.likelyLate && late.typical == 8 * Self.day)
        // Longer than every past answer (the longest took 12 days): flagged, with no comparable answer.
        #expect(forecast.predict(Self.sxd, elapsed: 13 * Self.day, remaining: Self.day)
                == LatenessForecast.Prediction(chanceLate: 1, typical: 12 * Self.day, samples: 0, basis: .agencyAndField, likelyLate: true))
        // No history at all: no forecast.
        #expect(LatenessForecast(history: []).predict(Self.sxd, elapsed: 0, remaining: Self.day) == nil)
    }

    @Test("too few answers in the field: the agency's, then everyone's")
    func fallback() throws {
        let other = LatenessForecast.Key(agency: "so-xay-dung", field: "cay_xanh")
        let forecast = LatenessForecast(history: [2.0, 4, 6, 8, 10].map { (Self.sxd, $0 * Self.day) } + [(other, 20 * Self.day)])
        #expect(forecast.predict(other, elapsed: 0, remaining: 5 * Self.day)?.basis == .agency)
        // The agency's six answers, all longer than 0: late if > 5: 6, 8, 10, 20 → 4 of 6.
        #expect(forecast.predict(other, elapsed: 0, remaining: 5 * Self.day)?.chanceLate == 4.0 / 6.0)
        #expect(forecast.predict(LatenessForecast.Key(agency: "so-y-te", field: "y_te"), elapsed: 0, remaining: Self.day)?.basis == .all)
    }

    @Test("backtest: flagged and late, flagged and on time, missed, rightly quiet — precision and recall by hand")
    func backtest() {
        let monday = Date(timeIntervalSince1970: 1_780_000_000)
        func at(_ days: Double) -> Date { monday.addingTimeInterval(days * 86_400) }
        // Plain seconds stand in for working time here; the history before Monday took 2, 3, 4, 10 and 10 days.
        var past = [2.0, 3, 4, 10, 10].map { d in
            LatenessForecast.PastAssignment(key: Self.sxd, forwarded: at(-40), due: at(-20), answered: at(-40 + d))
        }
        past += [
            // Ran 8 days, 3 left: of 10 and 10, none past 11 → quiet; answered in time.
            LatenessForecast.PastAssignment(key: Self.sxd, forwarded: at(-8), due: at(3), answered: at(1)),
            // Ran 9, half a day left: both past 9.5 → flagged; answered late.
            LatenessForecast.PastAssignment(key: Self.sxd, forwarded: at(-9), due: at(0.5), answered: at(2)),
            // Ran 9.5, a quarter left: flagged; answered in time.
            LatenessForecast.PastAssignment(key: Self.sxd, forwarded: at(-9.5), due: at(0.25), answered: at(0.1)),
            // Ran 1, 5 left: of 2, 3, 4, 10, 10, two past 6 → 0.4, quiet; never answered, due long past: late.
            LatenessForecast.PastAssignment(key: Self.sxd, forwarded: at(-1), due: at(5), answered: nil),
            // Due beyond the week: not scored.
            LatenessForecast.PastAssignment(key: Self.sxd, forwarded: at(-1), due: at(10), answered: nil),
        ]
        let score = LatenessForecast.backtest(past, at: [monday], now: at(30), minimumSamples: 5) { _, from, to in
            to.timeIntervalSince(from) / 86_400 * Self.day
        }
        #expect(score.truePositives == 1 && score.falsePositives == 1 && score.falseNegatives == 1 && score.trueNegatives == 1)
        #expect(score.precision == 0.5 && score.recall == 0.5)
    }

    @Test("backtest: the history is the window before each Monday, as the live forecast takes it; stored answer times are used as given")
    func backtestWindow() {
        let monday = Date(timeIntervalSince1970: 1_780_000_000)
        func at(_ days: Double) -> Date { monday.addingTimeInterval(days * 86_400) }
        let seconds: (LatenessForecast.Key, Date, Date) -> TimeInterval = { _, from, to in to.timeIntervalSince(from) / 86_400 * Self.day }
        // Five old answers of 20 days (400 days before Monday) and five recent ones of 2 days (stored as 2 working
        // days, though their instants are 30 days apart: the stored value wins).
        var past = (0..<5).map { _ in
            LatenessForecast.PastAssignment(key: Self.sxd, forwarded: at(-420), due: at(-410), answered: at(-400))
        }
        past += (0..<5).map { _ in
            LatenessForecast.PastAssignment(key: Self.sxd, forwarded: at(-60), due: at(-50), answered: at(-30), answerSeconds: 2 * Self.day)
        }
        // Running 3 days with 1 left, answered late at day 2.
        past.append(LatenessForecast.PastAssignment(key: Self.sxd, forwarded: at(-3), due: at(1), answered: at(2)))
        // Without a window the 20-day answers are comparable (> 3 days) and all past 4: flagged, a true positive.
        let all = LatenessForecast.backtest(past, at: [monday], now: at(30), minimumSamples: 5, workingSeconds: seconds)
        #expect(all.truePositives == 1 && all.falseNegatives == 0)
        // With a year's window only the 2-day answers count; none ran past 3 days, so the assignment is already
        // longer than every one of them: flagged too, by the other rule.
        let year = LatenessForecast.backtest(past, at: [monday], now: at(30), window: 365 * 86_400, minimumSamples: 5, workingSeconds: seconds)
        #expect(year.truePositives == 1)
        // Running 1 day with 3 left, with the year's window: the five recent answers (2 working days stored) all
        // ran past 1 day and none past 4, so it is quiet; answered at day 2.5, before its due day 3.
        past.append(LatenessForecast.PastAssignment(key: Self.sxd, forwarded: at(-1), due: at(3), answered: at(2.5)))
        let quiet = LatenessForecast.backtest(past, at: [monday], now: at(30), window: 365 * 86_400, minimumSamples: 5, workingSeconds: seconds)
        #expect(quiet.trueNegatives == 1, "with the instants' 30 days instead of the stored 2, it would be flagged")
    }
}
