import Foundation

/// Which running assignments will probably miss their due instant, from the agency's own history (issue 13,
/// "what will be late").
///
/// The model is empirical and explainable. For an assignment of agency *a* in field *f* that has run `elapsed`
/// working seconds, with `remaining` working seconds left before its due instant:
/// 1. The history is the working seconds from forwarding to the answer of past answers of *a* in *f*. With fewer
///    than `minimumSamples` of them, all of *a*'s answers are used instead, and failing those all answers.
/// 2. Of these, only the ones longer than `elapsed` are kept: a case that has already run 6 days is compared with
///    the past cases that also took more than 6 days (the conditional distribution, as in a survival estimate).
/// 3. The chance of being late is the share of the kept ones longer than `elapsed + remaining`; the assignment is
///    flagged when that share is above `threshold` (default one half). The reason shown is their median, in
///    working days, beside the days left: "thường mất 9 ngày làm việc cho lĩnh vực này; còn 3".
/// When no past answer took longer than `elapsed`, the assignment has already run longer than everything seen: it
/// is flagged (chance 1, no comparable answers; `typical` is then the longest past answer). Without any history at
/// all there is no prediction.
public struct LatenessForecast: Sendable {
    /// Agency and field of an assignment (the field's code; "" when unclassified).
    public struct Key: Hashable, Sendable {
        public let agency: String
        public let field: String
        public init(agency: String, field: String) { self.agency = agency; self.field = field }
    }

    /// Which history a prediction used.
    public enum Basis: String, Sendable, Equatable {
        case agencyAndField, agency, all
    }

    public struct Prediction: Sendable, Equatable {
        /// Share (0…1) of the comparable past answers that took longer than the time still allowed.
        public let chanceLate: Double
        /// Median working seconds to answer of the comparable past answers (the longest past answer when none is
        /// comparable).
        public let typical: TimeInterval
        /// How many past answers the chance rests on.
        public let samples: Int
        public let basis: Basis
        /// `chanceLate` above the forecast's threshold.
        public let likelyLate: Bool

        public init(chanceLate: Double, typical: TimeInterval, samples: Int, basis: Basis, likelyLate: Bool) {
            self.chanceLate = chanceLate; self.typical = typical; self.samples = samples; self.basis = basis; self.likelyLate = likelyLate
        }
    }

    private let byKey: [Key: [TimeInterval]]
    private let byAgency: [String: [TimeInterval]]
    private let all: [TimeInterval]
    public let minimumSamples: Int
    public let threshold: Double

    /// - Parameters:
    ///   - history: past answers: their key and working seconds from forwarding to the answer.
    ///   - minimumSamples: fewer past answers than this for a key falls back to the agency, then to all.
    ///   - threshold: the chance above which an assignment is flagged (0…1).
    public init(history: [(Key, TimeInterval)], minimumSamples: Int = 5, threshold: Double = 0.5) {
        var byKey: [Key: [TimeInterval]] = [:], byAgency: [String: [TimeInterval]] = [:]
        for (key, seconds) in history {
            byKey[key, default: []].append(seconds)
            byAgency[key.agency, default: []].append(seconds)
        }
        self.byKey = byKey.mapValues { $0.sorted() }
        self.byAgency = byAgency.mapValues { $0.sorted() }
        self.all = history.map(\.1).sorted()
        self.minimumSamples = minimumSamples
        self.threshold = threshold
    }

    /// The forecast for an assignment of `key` that has run `elapsed` working seconds and has `remaining` left;
    /// nil when there is no history at all.
    public func predict(_ key: Key, elapsed: TimeInterval, remaining: TimeInterval) -> Prediction? {
        let (history, basis): ([TimeInterval], Basis) = {
            if let own = byKey[key], own.count >= minimumSamples { return (own, .agencyAndField) }
            if let agency = byAgency[key.agency], agency.count >= minimumSamples { return (agency, .agency) }
            return (all, .all)
        }()
        guard let longest = history.last else { return nil }
        let comparable = history.filter { $0 > elapsed }
        // Already longer than every past answer: nothing seen says it will end in time.
        guard !comparable.isEmpty else {
            return Prediction(chanceLate: 1, typical: longest, samples: 0, basis: basis, likelyLate: true)
        }
        let late = comparable.filter { $0 > elapsed + remaining }.count
        let chance = Double(late) / Double(comparable.count)
        return Prediction(chanceLate: chance, typical: comparable[(comparable.count - 1) / 2], samples: comparable.count,
                          basis: basis, likelyLate: chance > threshold)
    }

    /// One assignment of the past, for a backtest: its key, its forwarding instant, its due instant and when it
    /// was answered (nil: not yet), and working-time durations computed by the caller's calendar.
    public struct PastAssignment: Sendable {
        public let key: Key
        public let forwarded: Date
        public let due: Date
        public let answered: Date?
        /// The working seconds from forwarding to the answer when already known (stored at the answer), so the
        /// backtest need not count them again; nil: counted with `workingSeconds`.
        public let answerSeconds: TimeInterval?
        public init(key: Key, forwarded: Date, due: Date, answered: Date?, answerSeconds: TimeInterval? = nil) {
            self.key = key; self.forwarded = forwarded; self.due = due; self.answered = answered; self.answerSeconds = answerSeconds
        }
    }

    /// How a forecast would have done: flagged and late, flagged and on time, not flagged and late.
    public struct Score: Sendable, Equatable {
        public var truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0
        public init() {}
        /// Of the flagged ones, the share that were late; nil when none was flagged.
        public var precision: Double? { truePositives + falsePositives == 0 ? nil : Double(truePositives) / Double(truePositives + falsePositives) }
        /// Of the late ones, the share that were flagged; nil when none was late.
        public var recall: Double? { truePositives + falseNegatives == 0 ? nil : Double(truePositives) / Double(truePositives + falseNegatives) }
    }

    /// Backtest: at each instant of `mondays`, the forecast made from the answers given before it flags the
    /// assignments then running whose due instant falls within the next `horizon` seconds (a week by default);
    /// each is then scored against what happened (late: answered after its due instant, or not answered by then
    /// and the due instant already past at `now`). Assignments still running with a due instant after `now` are
    /// left out (their outcome is unknown).
    /// - Parameters:
    ///   - window: how far back (seconds) the answers taken as history go from each Monday, as the live forecast
    ///     takes them; nil: every earlier answer.
    ///   - workingSeconds: working seconds between two instants, in the assignment's agency calendar.
    public static func backtest(_ past: [PastAssignment], at mondays: [Date], now: Date, horizon: TimeInterval = 7 * 86_400,
                                window: TimeInterval? = nil, minimumSamples: Int = 5, threshold: Double = 0.5,
                                workingSeconds: (Key, Date, Date) -> TimeInterval) -> Score {
        var score = Score()
        for monday in mondays {
            let start = window.map { monday.addingTimeInterval(-$0) } ?? .distantPast
            let history = past.compactMap { a -> (Key, TimeInterval)? in
                guard let answered = a.answered, answered <= monday, answered >= start else { return nil }
                return (a.key, a.answerSeconds ?? workingSeconds(a.key, a.forwarded, answered))
            }
            let forecast = LatenessForecast(history: history, minimumSamples: minimumSamples, threshold: threshold)
            for a in past where a.forwarded <= monday && (a.answered.map { $0 > monday } ?? true)
                && a.due > monday && a.due <= monday.addingTimeInterval(horizon) {
                let late: Bool
                if let answered = a.answered { late = answered > a.due } else if a.due <= now { late = true } else { continue }
                let flagged = forecast.predict(a.key, elapsed: workingSeconds(a.key, a.forwarded, monday),
                                               remaining: workingSeconds(a.key, monday, a.due))?.likelyLate ?? false
                switch (flagged, late) {
                case (true, true): score.truePositives += 1
                case (true, false): score.falsePositives += 1
                case (false, true): score.falseNegatives += 1
                case (false, false): score.trueNegatives += 1
                }
            }
        }
        return score
    }
}
