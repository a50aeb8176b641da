import Foundation

/// What to suggest when a request is triaged (issue 14): its field (lĩnh vực), what should become of it (forward,
/// redirect to 113 / 114 / 115, the complaint procedure, …) and its urgency, each from a `TextClassifier` trained
/// on requests already classified: the project's sample set, or the province's own routed history.
public struct TriageSuggestions: Codable, Sendable, Equatable {
    /// A request classified by people, in the sample set's terms (`pakn-samples/README.md`).
    public struct Example: Codable, Sendable, Equatable {
        public let title: String
        public let content: String
        /// A field code (`vo_ong_nuoc`, …).
        public let field: String?
        /// `forward`, `redirect_113`, `redirect_114`, `redirect_115`, `complaint_procedure`, `reject_insufficient`,
        /// `answer_on_spot`.
        public let outcome: String?
        /// `khan`, `thuong`, `phuc_tap`.
        public let urgency: String?

        public init(title: String, content: String, field: String?, outcome: String?, urgency: String?) {
            self.title = title
            self.content = content
            self.field = field
            self.outcome = outcome
            self.urgency = urgency
        }

        /// The text the classifiers read: the title, then the content.
        public var text: String { title + " " + content }
    }

    public private(set) var field = TextClassifier()
    public private(set) var outcome = TextClassifier()
    public private(set) var urgency = TextClassifier()
    /// Document frequencies of the training texts, for duplicate suggestions.
    public private(set) var similarity = TextSimilarity()

    public init() {}

    /// Trained on `examples` (each classifier on the examples that carry its label).
    public init(training examples: [Example]) {
        for example in examples {
            if let label = example.field { field.train(example.text, label: label) }
            if let label = example.outcome { outcome.train(example.text, label: label) }
            if let label = example.urgency { urgency.train(example.text, label: label) }
            similarity.add(example.text)
        }
    }

    /// Replaces the field and urgency classifiers and the duplicate similarity's document frequencies with those of
    /// `other` (the province's history has fields and urgencies but records no outcome in the sample set's terms: the
    /// outcome classifier stays).
    public mutating func adoptFieldAndUrgency(of other: TriageSuggestions) {
        if !other.field.labels.isEmpty { field = other.field }
        if !other.urgency.labels.isEmpty { urgency = other.urgency }
        if other.similarity.documents > 0 { similarity = other.similarity }
    }

    /// The suggestions for one request.
    public struct Suggestion: Sendable, Equatable {
        /// The three most probable fields, best first.
        public let fields: [TextClassifier.Score]
        public let outcome: TextClassifier.Score?
        public let urgency: TextClassifier.Score?
    }

    /// Suggests for a request with this title and content.
    public func suggest(title: String, content: String) -> Suggestion {
        let text = title + " " + content
        return Suggestion(fields: Array(field.classify(text).prefix(3)), outcome: outcome.classify(text).first,
                          urgency: urgency.classify(text).first)
    }

    /// Accuracy on held-out examples: the share whose field is the first suggestion, among the first three, and whose
    /// outcome and urgency are the suggested ones (0…1; nil without such examples).
    public struct Accuracy: Sendable, Equatable {
        public let examples: Int
        public let fieldTop1: Double?
        public let fieldTop3: Double?
        public let outcome: Double?
        public let urgency: Double?
    }

    /// Scores this model on `examples` it was not trained on.
    public func accuracy(on examples: [Example]) -> Accuracy {
        var fields = 0, top1 = 0, top3 = 0, outcomes = 0, outcomeHits = 0, urgencies = 0, urgencyHits = 0
        for example in examples {
            let suggestion = suggest(title: example.title, content: example.content)
            if let field = example.field {
                fields += 1
                if suggestion.fields.first?.label == field { top1 += 1 }
                if suggestion.fields.contains(where: { $0.label == field }) { top3 += 1 }
            }
            if let outcome = example.outcome {
                outcomes += 1
                if suggestion.outcome?.label == outcome { outcomeHits += 1 }
            }
            if let urgency = example.urgency {
                urgencies += 1
                if suggestion.urgency?.label == urgency { urgencyHits += 1 }
            }
        }
        func share(_ hits: Int, _ of: Int) -> Double? { of > 0 ? Double(hits) / Double(of) : nil }
        return Accuracy(examples: examples.count, fieldTop1: share(top1, fields), fieldTop3: share(top3, fields),
                        outcome: share(outcomeHits, outcomes), urgency: share(urgencyHits, urgencies))
    }

    /// The held-out split used to report accuracy: every fifth example (by position: the 1st, 6th, 11th, …) is held
    /// out, the rest train. Deterministic, so the figures can be reproduced.
    public static func split(_ examples: [Example]) -> (training: [Example], heldOut: [Example]) {
        var training: [Example] = [], heldOut: [Example] = []
        for (index, example) in examples.enumerated() {
            if index % 5 == 0 { heldOut.append(example) } else { training.append(example) }
        }
        return (training, heldOut)
    }
}
