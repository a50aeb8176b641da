import Fluent
import Foundation
import PAKNDomain
import Vapor

/// `pakn suggest`, `pakn suggest train [--from FILE.jsonl]`, `pakn suggest evaluate [--from FILE.jsonl]`: the triage
/// suggestions (issue 14, `Suggestions`, `TriageSuggestions`) from the command line.
struct SuggestCommands: AsyncCommandGroup {
    var help: String { "Gợi ý lĩnh vực, cơ quan, hướng xử lý / Suggest field, agency, outcome and urgency." }
    var commands: [String: any AnyAsyncCommand] { ["train": SuggestTrainCommand(), "evaluate": SuggestEvaluateCommand()] }
    var defaultCommand: (any AnyAsyncCommand)? { SuggestReadCommand() }
}

/// Reads JSON lines `{"title": …, "content": …}` (and optionally `"commune"`, a commune code, for the routing of
/// agencies) on standard input and prints for each one JSON line:
/// `{"field": [{"code", "score"} × 3], "agency": [{"id", "name", "score"} × up to 3], "outcome": {"code", "score"},
/// "urgency": {"code", "score"}}`: scores are probabilities (0…1), best first; codes are the project's field codes
/// and the sample set's outcome and urgency codes. A line that is not such an object prints
/// `{"error": {"code": "bad_line", "message": …}}` and the next line is read.
struct SuggestReadCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Đọc JSON lines từ stdin, in gợi ý / read JSON lines on stdin, print suggestions." }

    struct Input: Decodable { let title: String; let content: String; let commune: String? }
    struct Code: Encodable { let code: String; let score: Double }
    struct AgencyOut: Encodable { let id: String; let name: String; let score: Double }
    struct Output: Encodable { let field: [Code]; let agency: [AgencyOut]; let outcome: Code?; let urgency: Code? }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Migrations.run(on: app)
        let model = try Suggestions.model(config: app.paknConfiguration)
        let rules = try await ReferenceQueries.routingRules(on: app.db)
        let names = try await ReferenceQueries.agencyNames(on: app.db)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
        while let line = readLine() {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard let input = try? JSONDecoder().decode(Input.self, from: Data(line.utf8)) else {
                let body = ErrorBody(error: .init(code: "bad_line", message: "Cần một đối tượng JSON có title và content / a JSON object with title and content."))
                StandardOutput.line(String(decoding: try encoder.encode(body), as: UTF8.self))
                continue
            }
            let suggestion = model.suggest(title: input.title, content: input.content)
            let allFields = model.field.classify(input.title + " " + input.content)
            let agencies = Suggestions.agencies(for: allFields, communeCode: input.commune, rules: rules, names: names)
            let output = Output(field: suggestion.fields.map { Code(code: $0.label, score: rounded($0.probability)) },
                                agency: agencies.map { AgencyOut(id: $0.id, name: $0.name, score: rounded($0.score)) },
                                outcome: suggestion.outcome.map { Code(code: $0.label, score: rounded($0.probability)) },
                                urgency: suggestion.urgency.map { Code(code: $0.label, score: rounded($0.probability)) })
            StandardOutput.line(String(decoding: try encoder.encode(output), as: UTF8.self))
        }
    }
}

/// Trains the model and keeps it in `$PAKN_DATA_DIR/suggestion-model.json`: from the database (the fields and
/// urgencies operators gave the latest 50,000 non-restricted requests; the outcome classifier stays the shipped
/// samples', as the database records no outcome in the samples' terms), or with `--from` from a file in the sample
/// set's format (all three classifiers).
struct SuggestTrainCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "A JSON-lines file in the sample set's format instead of the database.") var from: String?
    }
    var help: String { "Huấn luyện lại mô hình gợi ý / retrain the suggestion model." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let model: TriageSuggestions
        let examples: Int
        if let path = signature.from {
            let list = try Suggestions.examples(jsonLines: String(contentsOfFile: path, encoding: .utf8))
            guard !list.isEmpty else { throw AppError.invalid("Tệp không có yêu cầu mẫu nào / the file holds no example.") }
            model = TriageSuggestions(training: list)
            examples = list.count
        } else {
            try await Migrations.run(on: app)
            let history = try await Suggestions.history(on: app.db)
            guard !history.isEmpty else { throw AppError.invalid("Chưa có yêu cầu nào đã phân loại / no classified request yet.") }
            var shipped = TriageSuggestions(training: try Suggestions.shippedExamples())
            shipped.adoptFieldAndUrgency(of: TriageSuggestions(training: history))
            model = shipped
            examples = history.count
        }
        let file = Suggestions.modelFile(app.paknConfiguration)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONEncoder().encode(model).write(to: file, options: .atomic)
        StandardOutput.line("trained on \(examples) requests: \(model.field.labels.count) fields, \(model.outcome.labels.count) outcomes, \(model.urgency.labels.count) urgencies → \(file.path)")
    }
}

/// Prints the accuracy on a held-out split (`TriageSuggestions.split`: every fifth example held out, the rest
/// trained on) of the shipped samples, or of `--from FILE.jsonl`, and the precision and recall of the duplicate
/// suggestions on their marked incidents (`TextSimilarity.evaluate`).
struct SuggestEvaluateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "A JSON-lines file in the sample set's format instead of the shipped samples.") var from: String?
    }
    var help: String { "Đánh giá độ chính xác trên phần giữ lại / accuracy on a held-out split." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let lines = try signature.from.map { try Suggestions.lines(String(contentsOfFile: $0, encoding: .utf8)) }
            ?? Suggestions.shippedLines()
        let (training, heldOut) = TriageSuggestions.split(lines.map(\.example))
        let accuracy = TriageSuggestions(training: training).accuracy(on: heldOut)
        func percent(_ value: Double?) -> String { value.map { String(format: "%.1f %%", $0 * 100) } ?? "—" }
        StandardOutput.line("trained on \(training.count), held out \(heldOut.count): field top-1 \(percent(accuracy.fieldTop1)), "
            + "top-3 \(percent(accuracy.fieldTop3)); outcome \(percent(accuracy.outcome)); urgency \(percent(accuracy.urgency))")
        let duplicates = TextSimilarity.evaluate(lines.map { ($0.title + " " + $0.content, $0.commune, $0.incident) })
        StandardOutput.line("duplicates (same commune, similarity ≥ \(TextSimilarity.duplicateThreshold)): \(duplicates.suggested) pairs suggested, "
            + "\(duplicates.correct) of the \(duplicates.duplicates) marked pairs among them: precision \(percent(duplicates.precision)), recall \(percent(duplicates.recall))")
    }
}
