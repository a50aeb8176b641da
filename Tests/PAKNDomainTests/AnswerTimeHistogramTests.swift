import PAKNDomain
import Testing

/// The fixed histogram of times to answer (issue 12 item 4): edges every 4 working hours up to 30 working days,
/// every 40 working hours up to 100 working days, then one open bucket; a value on an edge belongs to the bucket
/// the edge closes.
@Suite("Answer-time histogram")
struct AnswerTimeHistogramTests {
    @Test("buckets by their edges, in working seconds")
    func buckets() {
        let hour = 3600.0
        #expect(AnswerTimeHistogram.bucketCount == 76)
        #expect(AnswerTimeHistogram.bucket(forSeconds: 0) == 0)
        #expect(AnswerTimeHistogram.bucket(forSeconds: -5) == 0)
        #expect(AnswerTimeHistogram.bucket(forSeconds: 1) == 1)
        #expect(AnswerTimeHistogram.bucket(forSeconds: 4 * hour) == 1)
        #expect(AnswerTimeHistogram.bucket(forSeconds: 4 * hour + 1) == 2)
        // 12 working days = 96 working hours closes bucket 24.
        #expect(AnswerTimeHistogram.bucket(forSeconds: 96 * hour) == 24)
        // 30 working days = 240 h closes bucket 60; the next bucket is 40 h wide.
        #expect(AnswerTimeHistogram.bucket(forSeconds: 240 * hour) == 60)
        #expect(AnswerTimeHistogram.bucket(forSeconds: 240 * hour + 1) == 61)
        #expect(AnswerTimeHistogram.bucket(forSeconds: 280 * hour) == 61)
        #expect(AnswerTimeHistogram.bucket(forSeconds: 280 * hour + 1) == 62)
        // 100 working days = 800 h closes bucket 74; above it, the open bucket 75.
        #expect(AnswerTimeHistogram.bucket(forSeconds: 800 * hour) == 74)
        #expect(AnswerTimeHistogram.bucket(forSeconds: 800 * hour + 1) == 75)
        #expect(AnswerTimeHistogram.bucket(forSeconds: 1e9) == 75)
    }

    @Test("the quantile by nearest rank is the longest answer of the bucket that holds the rank")
    func quantile() {
        // Ten answers: five in bucket 1 (longest 10,000 s), four in bucket 3 (longest 40,000 s), one in bucket 10.
        let bins: [AnswerTimeHistogram.Bin] = [
            .init(bucket: 10, count: 1, longest: 140_000),
            .init(bucket: 1, count: 5, longest: 10_000),
            .init(bucket: 3, count: 4, longest: 40_000),
        ]
        // ⌈0.9 × 10⌉ = 9th smallest: 5 + 4 reach it in bucket 3.
        #expect(AnswerTimeHistogram.quantile(0.9, of: bins) == 40_000)
        // ⌈0.5 × 10⌉ = 5th: bucket 1.
        #expect(AnswerTimeHistogram.quantile(0.5, of: bins) == 10_000)
        #expect(AnswerTimeHistogram.quantile(1, of: bins) == 140_000)
        #expect(AnswerTimeHistogram.quantile(0.9, of: []) == nil)
        // One answer: it is every quantile.
        let twelveDays: Double = 96 * 3600
        #expect(AnswerTimeHistogram.quantile(0.9, of: [.init(bucket: 24, count: 1, longest: twelveDays)]) == twelveDays)
    }
}
