import Foundation
import Testing
@testable import PAKNDomain

/// Recall and over-masking of ``Masking`` on the annotated corpus (``MaskingCorpus``) and on the 240 `pakn-samples`.
///
/// - Recall: the share of personal-data substrings whose every letter and digit is inside a masked span (a name whose
///   family name survives counts as missed).
/// - Over-masking: the share of protected place and agency substrings of which at least one letter or digit is
///   inside a masked span.
/// - Spurious spans: masked spans that touch no annotated personal data (not a ratio; printed for the report).
@Suite struct MaskingMeasureTests {
    struct Score {
        var personal = 0
        var personalMasked = 0
        var protected = 0
        var protectedDamaged = 0
        var spans = 0
        var spurious = 0
        var misses: [String] = []
        var damages: [String] = []
        var spuriousSpans: [String] = []

        var recall: Double { personal == 0 ? 1 : Double(personalMasked) / Double(personal) }
        var overMasking: Double { protected == 0 ? 0 : Double(protectedDamaged) / Double(protected) }

        func summary(_ name: String) -> String {
            let r = String(format: "%.3f", recall)
            let o = String(format: "%.3f", overMasking)
            return "masking on \(name): recall \(r) (\(personalMasked)/\(personal) personal substrings fully masked), "
                + "over-masking \(o) (\(protectedDamaged)/\(protected) protected substrings damaged), "
                + "\(spurious)/\(spans) spans touch no annotated personal data"
        }

        func report(_ name: String) {
            print(summary(name))
            for line in misses { print("  missed: " + line) }
            for line in damages { print("  damaged: " + line) }
            for line in spuriousSpans { print("  spurious: " + line) }
        }
    }

    /// Character offsets of `text` covered by the spans of `result`.
    static func covered(_ result: MaskingResult, in text: String) -> Set<Int> {
        var set = Set<Int>()
        for span in result.spans {
            let start = text.distance(from: text.startIndex, to: span.range.lowerBound)
            let end = text.distance(from: text.startIndex, to: span.range.upperBound)
            set.formUnion(start..<end)
        }
        return set
    }

    /// Scores `text` against ranges of personal and protected data (Character offsets).
    static func score(_ text: String, personal: [Range<Int>], protected: [Range<Int>], masking: Masking,
                      into score: inout Score) {
        let result = masking.mask(text)
        let chars = Array(text)
        let cover = covered(result, in: text)
        func significant(_ r: Range<Int>) -> [Int] { r.filter { chars[$0].isLetter || chars[$0].isNumber } }
        for r in personal {
            score.personal += 1
            if significant(r).allSatisfy(cover.contains) {
                score.personalMasked += 1
            } else {
                score.misses.append("\"\(String(chars[r]))\" in: \(result.text)")
            }
        }
        for r in protected {
            score.protected += 1
            if significant(r).contains(where: cover.contains) {
                score.protectedDamaged += 1
                score.damages.append("\"\(String(chars[r]))\" in: \(result.text)")
            }
        }
        for span in result.spans {
            score.spans += 1
            let start = text.distance(from: text.startIndex, to: span.range.lowerBound)
            let end = text.distance(from: text.startIndex, to: span.range.upperBound)
            if !personal.contains(where: { $0.overlaps(start..<end) }) {
                score.spurious += 1
                score.spuriousSpans.append("\(span.kind.rawValue) \"\(span.original)\" in: \(text)")
            }
        }
    }

    static func score(_ sentences: [String], masking: Masking = Masking()) -> Score {
        var total = Score()
        for marked in sentences {
            let sentence = AnnotatedSentence(marked)
            score(sentence.text, personal: sentence.personal, protected: sentence.protected, masking: masking, into: &total)
        }
        return total
    }

    // MARK: The 240 samples

    struct Sample: Decodable {
        let id: String
        let content: String
        let commune: String
        let address: String
        let pii: [String]
    }

    static func samples() throws -> [Sample] {
        let relativePath = "Sources/PAKNServer/Resources/seed/pakn-samples/samples.jsonl"
        let here = URL(fileURLWithPath: #filePath)
        for start in [here, here.resolvingSymlinksInPath()] {
            var directory = start.deletingLastPathComponent()
            while directory.path != "/" {
                let candidate = directory.appendingPathComponent(relativePath)
                if FileManager.default.fileExists(atPath: candidate.path) {
                    return try String(decoding: Data(contentsOf: candidate), as: UTF8.self)
                        .split(separator: "\n")
                        .map { try JSONDecoder().decode(Sample.self, from: Data($0.utf8)) }
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: relativePath])
    }

    /// Every occurrence of `needle` in `text` as Character offsets; `caseInsensitive` compares lowercased text (same
    /// Character count for Vietnamese).
    static func occurrences(of needle: String, in text: String, caseInsensitive: Bool = false) -> [Range<Int>] {
        let hay = Array(caseInsensitive ? text.lowercased() : text)
        let pin = Array(caseInsensitive ? needle.lowercased() : needle)
        guard !pin.isEmpty, hay.count >= pin.count, hay.count == text.count else { return [] }
        var found: [Range<Int>] = []
        for i in 0...(hay.count - pin.count) where Array(hay[i..<(i + pin.count)]) == pin {
            found.append(i..<(i + pin.count))
        }
        return found
    }

    /// Protected substrings of a sample, taken from its own fields, not from the masking rules: the commune's full
    /// name ("Phường Diên Hồng") and the street of the address line ("đường Hai Bà Trưng"), wherever the content
    /// repeats them (ignoring case).
    static func protectedRanges(of sample: Sample) -> [Range<Int>] {
        var names = [sample.commune]
        let lowered = sample.address.lowercased()
        if let street = lowered.range(of: "đường ") {
            let tail = sample.address[street.lowerBound...]
            names.append(String(tail.prefix { $0 != "," && $0 != "(" }).trimmingCharacters(in: .whitespaces))
        }
        return names.flatMap { occurrences(of: $0, in: sample.content, caseInsensitive: true) }
    }

    static func scoreSamples(masking: Masking = Masking()) throws -> Score {
        var total = Score()
        for sample in try samples() {
            let personal = sample.pii.flatMap { occurrences(of: $0, in: sample.content) }
            score(sample.content, personal: personal, protected: protectedRanges(of: sample), masking: masking, into: &total)
        }
        return total
    }

    // MARK: Tests

    @Test func corpusIsLargeAndWellFormed() {
        let all = MaskingCorpus.development + MaskingCorpus.heldOut
        #expect(all.count >= 150)
        #expect(Set(all).count == all.count, "duplicate sentences")
        let sentences = all.map(AnnotatedSentence.init)
        #expect(sentences.map(\.personal.count).reduce(0, +) >= 150)
        #expect(sentences.map(\.protected.count).reduce(0, +) >= 150)
    }

    /// Reached: recall 1.000 (169/169), over-masking 0.000 (0/218). These are the sentences the rules were built on.
    @Test func developmentCorpus() {
        let score = Self.score(MaskingCorpus.development)
        score.report("development corpus (\(MaskingCorpus.development.count) sentences)")
        #expect(score.recall >= 0.98)
        #expect(score.overMasking <= 0.01)
    }

    /// First measurement, before any change for it: recall 0.949 (56/59), over-masking 0.000 (0/54). Two rule
    /// defects it showed were then fixed (the famous-figure entry "anh hùng" hid "anh Hùng"; "đồ" as in "bản đồ"
    /// blocked "tiệm cầm đồ số 17"): now recall 0.983 (58/59; "bà sáu" in lower case stays, on purpose: a number
    /// word after a title is too often not a name), over-masking 0.000.
    @Test func heldOutCorpus() {
        let score = Self.score(MaskingCorpus.heldOut)
        score.report("held-out corpus (\(MaskingCorpus.heldOut.count) sentences)")
        #expect(score.recall >= 0.95)
        #expect(score.overMasking <= 0.02)
    }

    @Test func wholeCorpus() {
        let all = MaskingCorpus.development + MaskingCorpus.heldOut
        let score = Self.score(all)
        print(score.summary("whole corpus (\(all.count) sentences)"))
        #expect(score.recall >= 0.98)
        #expect(score.overMasking <= 0.01)
    }

    /// The `pii` lists of the samples were written before this masking existed: house numbers, alleys and a date of
    /// birth in them that are now masked count as spans touching no annotated personal data (8 of 138).
    @Test func pilotSamples() throws {
        let score = try Self.scoreSamples()
        score.report("pakn-samples (240 requests)")
        #expect(score.personal == 130)
        #expect(score.recall == 1)
        #expect(score.overMasking == 0)
    }
}
