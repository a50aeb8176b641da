import Foundation
import Testing
@testable import PAKNDomain

/// Masking against the 240 fictional requests of `pakn-samples` (ground truth: `pii`, the substrings publication
/// must mask).
@Suite struct MaskingSamplesTests {
    struct Sample: Decodable {
        let id: String
        let title: String
        let content: String
        let containsPII: Bool
        let pii: [String]

        enum CodingKeys: String, CodingKey {
            case id, title, content, pii
            case containsPII = "contains_pii"
        }
    }

    static let relativePath = "Sources/PAKNServer/Resources/seed/pakn-samples/samples.jsonl"

    /// Walks up from this file (also through the symlink of a scratch package) to the repository holding the seed copy.
    static func samples() throws -> [Sample] {
        let here = URL(fileURLWithPath: #filePath)
        for start in [here, here.resolvingSymlinksInPath()] {
            var directory = start.deletingLastPathComponent()
            while directory.path != "/" {
                let candidate = directory.appendingPathComponent(relativePath)
                if FileManager.default.fileExists(atPath: candidate.path) {
                    let data = try Data(contentsOf: candidate)
                    return try String(decoding: data, as: UTF8.self)
                        .split(separator: "\n")
                        .map { try JSONDecoder().decode(Sample.self, from: Data($0.utf8)) }
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: relativePath])
    }

    @Test func everyPersonalDataSubstringIsMasked() throws {
        // setup
        let samples = try Self.samples()
        let masking = Masking()
        #expect(samples.count == 240)
        var found = 0
        var total = 0
        // act
        for sample in samples {
            let masked = masking.mask(sample.content).text
            // check
            for pii in sample.pii {
                total += 1
                if masked.contains(pii) {
                    Issue.record("\(sample.id): \"\(pii)\" survives in: \(masked)")
                } else {
                    found += 1
                }
            }
        }
        print("masking recall on pakn-samples: \(found)/\(total) pii substrings masked")
    }

    /// Not an assertion: the number of requests without personal data that masking still changes, for the report.
    @Test func falsePositivesOnRequestsWithoutPersonalData() throws {
        let samples = try Self.samples().filter { !$0.containsPII }
        let masking = Masking()
        var changed: [String] = []
        for sample in samples {
            let result = masking.mask(sample.content)
            if result.text != sample.content {
                changed.append("\(sample.id): " + result.spans.map { "\($0.kind.rawValue) \"\($0.original)\"" }.joined(separator: ", "))
            }
        }
        print("masking false positives on pakn-samples: \(changed.count)/\(samples.count) requests without personal data changed")
        for line in changed { print("  " + line) }
    }

    /// Also not an assertion: spans masked in requests with personal data that are not listed in `pii`.
    @Test func extraSpansInRequestsWithPersonalData() throws {
        let samples = try Self.samples().filter(\.containsPII)
        let masking = Masking()
        var extra: [String] = []
        for sample in samples {
            for span in masking.mask(sample.content).spans
            where !sample.pii.contains(where: { $0.contains(span.original) || span.original.contains($0) }) {
                extra.append("\(sample.id): \(span.kind.rawValue) \"\(span.original)\"")
            }
        }
        print("masking extra spans in requests with personal data: \(extra.count)")
        for line in extra { print("  " + line) }
    }
}
