import Fluent
import Foundation
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

        var example: TriageSuggestions.Example {
            .init(title: title, content: content, field: field, outcome: expected_outcome, urgency: urgency)
        }
    }

    /// Reads examples in the sample set's format, one JSON object per line (blank lines skipped).
    /// - Throws: `AppError` 422 naming the first line that is not such an object.
    static func examples(jsonLines text: String) throws -> [TriageSuggestions.Example] {
        var result: [TriageSuggestions.Example] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let sample = try? JSONDecoder().decode(SampleLine.self, from: Data(trimmed.utf8)) else {
                throw AppError.invalid("Dòng \(index + 1) không phải một yêu cầu mẫu (title, content, field, expected_outcome, urgency).")
            }
            result.append(sample.example)
        }
        return result
    }

    /// The samples that ship with the project.
    /// - Throws: when the resource is missing or unreadable.
    static func shippedExamples() throws -> [TriageSuggestions.Example] {
        try examples(jsonLines: String(contentsOf: ReferenceSeeder.resource("pakn-samples/samples.jsonl"), encoding: .utf8))
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
