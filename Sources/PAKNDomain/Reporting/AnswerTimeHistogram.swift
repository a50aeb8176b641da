/// The fixed histogram of times to answer that the maintained statistics keep per cell (issue 12 item 4): the
/// counts per bucket of many days and cells add up, so averages and percentiles over any period come from sums,
/// never from the answers themselves.
///
/// Times are working seconds from forwarding to the answer (8 working hours a day, Bộ luật Lao động 2019,
/// art. 105). A bucket holds the times above its lower edge up to and including its upper edge:
/// - bucket 0: exactly 0 s (answered before the clock ran a second);
/// - buckets 1…60: every half working day (4 working hours) up to 30 working days (the longest legal time to
///   answer with an extension is well inside it: domain.md §3);
/// - buckets 61…74: every 5 working days (40 working hours) up to 100 working days;
/// - bucket 75: above 100 working days.
public enum AnswerTimeHistogram {
    /// The upper edges of buckets 0…74 in working seconds; bucket 75 has none.
    public static let upperEdges: [Double] = {
        var edges: [Double] = [0]
        for step in 1...60 { edges.append(Double(step) * 4 * 3600) }
        for step in 1...14 { edges.append(240 * 3600 + Double(step) * 40 * 3600) }
        return edges
    }()

    /// The number of buckets, the open last one included.
    public static var bucketCount: Int { upperEdges.count + 1 }

    /// The bucket of a time to answer in working seconds (a negative time, which the workflow never writes, counts
    /// as 0).
    public static func bucket(forSeconds seconds: Double) -> Int {
        let value = max(seconds, 0)
        // The first upper edge at or above the value (edges ascend): a binary search over 75 edges.
        var low = 0, high = upperEdges.count
        while low < high {
            let middle = (low + high) / 2
            if upperEdges[middle] >= value { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// One bucket's share of a period: how many answers fell in it and the longest of them (working seconds).
    public struct Bin: Sendable, Equatable {
        public let bucket: Int
        public let count: Int
        public let longest: Double
        public init(bucket: Int, count: Int, longest: Double) {
            self.bucket = bucket
            self.count = count
            self.longest = longest
        }
    }

    /// The `p`-quantile (0 < p ≤ 1) read from the bins by nearest rank: the ⌈p·n⌉-th smallest answer lies in the
    /// first bucket whose running count reaches that rank, and the value given is the longest answer of that bucket,
    /// so it is never below the exact quantile and at most one bucket's width (4 working hours up to 30 working
    /// days) above it. Nil without answers.
    public static func quantile(_ p: Double, of bins: [Bin]) -> Double? {
        let total = bins.reduce(0) { $0 + $1.count }
        guard total > 0 else { return nil }
        let rank = min(max(Int((p * Double(total)).rounded(.up)), 1), total)
        var seen = 0
        for bin in bins.sorted(by: { $0.bucket < $1.bucket }) {
            seen += bin.count
            if seen >= rank { return bin.longest }
        }
        return nil
    }
}
