import Fluent
import Foundation
import NIOConcurrencyHelpers
import PAKNDomain

/// The triage suggestions' model and how it is kept (issue 14): the model trained by `pakn suggest train` lives in
/// `$PAKN_DATA_DIR/suggestion-model.json`; without one, the model trained on the 240 sample requests that ship with
/// the project (`Resources/seed/pakn-samples`). Agencies are suggested from the fields' probabilities through the
/// routing rules (`Router`), so an agency's score is the sum of the probabilities of the fields routed to it.
enum Suggestions {
    /// The sample set's JSON line (`pakn-samples/README.md`): the keys a training file must have.
    struct SampleLine: Decodable {
        let title: String
        let content: String
        let field: String?
        let expected_outcome: String?
        let urgency: String?
        /// The commune and, for reports of one incident, its mark (`i01`…): what the duplicate evaluation reads.
        let commune: String?
        let incident: String?

        var example: TriageSuggestions.Example {
            .init(title: title, content: content, field: field, outcome: expected_outcome, urgency: urgency)
        }
    }

    /// Reads examples in the sample set's format, one JSON object per line (blank lines skipped).
    /// - Throws: `AppError` 422 naming the first line that is not such an object.
    static func examples(jsonLines text: String) throws -> [TriageSuggestions.Example] {
        try lines(text).map(\.example)
    }

    /// The sample set's lines as they are (for the duplicate evaluation, which reads their communes and incidents).
    /// - Throws: `AppError` 422 naming the first line that is not such an object.
    static func lines(_ text: String) throws -> [SampleLine] {
        var result: [SampleLine] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let sample = try? JSONDecoder().decode(SampleLine.self, from: Data(trimmed.utf8)) else {
                throw AppError.invalid("Dòng \(index + 1) không phải một yêu cầu mẫu (title, content, field, expected_outcome, urgency).")
            }
            result.append(sample)
        }
        return result
    }

    /// The samples that ship with the project.
    /// - Throws: when the resource is missing or unreadable.
    static func shippedExamples() throws -> [TriageSuggestions.Example] {
        try shippedLines().map(\.example)
    }

    static func shippedLines() throws -> [SampleLine] {
        try lines(String(contentsOf: ReferenceSeeder.resource("pakn-samples/samples.jsonl"), encoding: .utf8))
    }

    /// Where the trained model is kept.
    static func modelFile(_ config: AppConfiguration) -> URL {
        config.dataDirectory.appendingPathComponent("suggestion-model.json")
    }

    /// The trained model if there is one, otherwise the one trained on the shipped samples.
    /// - Throws: when the model file exists but cannot be read, or the shipped samples are missing.
    static func model(config: AppConfiguration) throws -> TriageSuggestions {
        let file = modelFile(config)
        if FileManager.default.fileExists(atPath: file.path) {
            return try JSONDecoder().decode(TriageSuggestions.self, from: Data(contentsOf: file))
        }
        return TriageSuggestions(training: try shippedExamples())
    }

    /// `model(config:)`, read once and again only when the model file changes (its modification date), so that a
    /// page does not train on the samples on every view.
    /// - Throws: as `model(config:)`.
    static func cachedModel(config: AppConfiguration) throws -> TriageSuggestions {
        let file = modelFile(config)
        let stamp = (try? FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date) ?? nil
        if let cached = cache.withLockedValue({ $0 }), cached.path == file.path, cached.stamp == stamp { return cached.model }
        let model = try model(config: config)
        cache.withLockedValue { $0 = (file.path, stamp, model) }
        return model
    }

    private static let cache = NIOLockedValueBox<(path: String, stamp: Date?, model: TriageSuggestions)?>(nil)

    /// What the triage form shows beside its fields: the three likeliest fields with their names and shares, a move
    /// other than forwarding when the text suggests one (redirect to 113 / 114 / 115, the complaint procedure, …),
    /// and the urgency; shares in whole percent.
    struct Hint: Sendable, Equatable {
        struct Field: Sendable, Equatable { let code: String; let name: String; let percent: Int }
        let fields: [Field]
        /// Vietnamese, with its share; nil when forwarding is likeliest.
        let outcome: String?
        let outcomePercent: Int
        /// Vietnamese (`Urgency.vietnameseName`), with its share.
        let urgency: String?
        let urgencyPercent: Int
    }

    /// The sample set's outcomes in the words of the triage form.
    static let outcomeLabels: [String: String] = [
        "redirect_113": "chuyển Công an (113)", "redirect_114": "chuyển Cứu nạn, cứu hộ (114)",
        "redirect_115": "chuyển Cấp cứu (115)", "complaint_procedure": "hướng dẫn theo thủ tục khiếu nại, tố cáo",
        "reject_insufficient": "từ chối vì thiếu thông tin", "answer_on_spot": "trả lời ngay",
    ]

    /// The hint for `record` from `model`; field names from `services` (code → name).
    static func hint(for record: ServiceRequestRecord, model: TriageSuggestions, services: [String: String]) -> Hint {
        let suggestion = model.suggest(title: record.title, content: record.description)
        func percent(_ p: Double) -> Int { Int((p * 100).rounded()) }
        let outcome = suggestion.outcome.flatMap { outcomeLabels[$0.label] }
        return Hint(fields: suggestion.fields.map { .init(code: $0.label, name: services[$0.label] ?? $0.label, percent: percent($0.probability)) },
                    outcome: outcome, outcomePercent: suggestion.outcome.map { percent($0.probability) } ?? 0,
                    urgency: suggestion.urgency.flatMap { Urgency(rawValue: $0.label)?.vietnameseName },
                    urgencyPercent: suggestion.urgency.map { percent($0.probability) } ?? 0)
    }

    /// A request that may report the same thing, for the triage page.
    struct Duplicate: Sendable, Equatable {
        let id: UUID
        /// "123-456-789".
        let trackingCode: String
        let title: String
        let receivedAt: Date
        let status: RequestStatus
        /// The similarity in whole percent.
        let percent: Int
    }

    /// Requests of the same commune received within `windowDays` before or after `record`, not restricted and not
    /// themselves duplicates, whose text is at least `TextSimilarity.duplicateThreshold` alike (title and content),
    /// most alike first, at most `limit`; the 500 nearest in time are compared. None for a case without a commune.
    /// - Throws: a database error.
    static func duplicates(of record: ServiceRequestRecord, similarity: TextSimilarity, windowDays: Int, limit: Int = 5,
                           on db: Database) async throws -> [Duplicate] {
        guard let commune = record.communeCode, let id = record.id else { return [] }
        let window = TimeInterval(windowDays) * 86_400
        let candidates = try await ServiceRequestRecord.query(on: db)
            .filter(\.$communeCode == commune).filter(\.$id != id).filter(\.$restricted == false)
            .filter(\.$status != .duplicate)
            .filter(\.$receivedAt >= record.receivedAt.addingTimeInterval(-window))
            .filter(\.$receivedAt <= record.receivedAt.addingTimeInterval(window))
            .sort(\.$receivedAt, .descending).limit(500).all()
        let mine = similarity.vector(record.title + " " + record.description)
        return candidates.compactMap { other -> Duplicate? in
            let score = TextSimilarity.cosine(mine, similarity.vector(other.title + " " + other.description))
            guard score >= TextSimilarity.duplicateThreshold else { return nil }
            return Duplicate(id: other.id!, trackingCode: TrackingCode(digits: other.trackingCode)?.formatted ?? other.trackingCode,
                             title: other.title, receivedAt: other.receivedAt, status: other.status, percent: Int((score * 100).rounded()))
        }
        .sorted { $0.percent != $1.percent ? $0.percent > $1.percent : $0.receivedAt < $1.receivedAt }
        .prefix(limit).map { $0 }
    }

    /// The province's own classified history: the fields and urgencies operators gave the most recent `limit`
    /// non-restricted requests (title and description), newest first.
    /// - Throws: a database error.
    static func history(limit: Int = 50_000, on db: Database) async throws -> [TriageSuggestions.Example] {
        try await ServiceRequestRecord.query(on: db).filter(\.$restricted == false).filter(\.$serviceCode != nil)
            .sort(\.$receivedAt, .descending).limit(limit)
            .field(\.$id).field(\.$title).field(\.$description).field(\.$serviceCode).field(\.$urgency).all()
            .map { .init(title: $0.title, content: $0.description, field: $0.serviceCode, outcome: nil, urgency: $0.urgency?.rawValue) }
    }

    /// An agency's share of the suggestion.
    struct AgencyScore: Sendable, Equatable {
        let id: String
        let name: String
        let score: Double
    }

    /// The agencies the routing rules give the suggested fields (all of them, not only the first three), each with
    /// the sum of its fields' probabilities, best first, at most `limit`.
    static func agencies(for fields: [TextClassifier.Score], communeCode: String?, rules: [RoutingRule], names: [UUID: String],
                         limit: Int = 3) -> [AgencyScore] {
        var scores: [String: Double] = [:]
        for field in fields {
            guard let agency = Router.proposeAgency(serviceCode: field.label, communeCode: communeCode, rules: rules) else { continue }
            scores[agency, default: 0] += field.probability
        }
        return scores.map { AgencyScore(id: $0.key, name: UUID(uuidString: $0.key).flatMap { names[$0] } ?? $0.key, score: $0.value) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.name < $1.name }
            .prefix(limit).map { $0 }
    }
}
