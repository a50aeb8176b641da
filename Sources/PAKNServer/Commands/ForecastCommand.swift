import Foundation
import Vapor

/// `pakn forecast backtest [--weeks N]`: how the late-assignment forecast (`/quan-tri/du-bao`) would have done on
/// this archive, Monday by Monday: flagged and late, flagged and on time, late and not flagged, precision, recall.
struct ForecastCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "backtest") var action: String
        @Option(name: "weeks", help: "How many past Mondays (default 26).") var weeks: Int?
    }
    var help: String { "Đánh giá dự báo trễ hạn trên dữ liệu đã có / Backtest the late-assignment forecast on this archive." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "backtest" else {
            throw AppError(.badRequest, "bad_request", "Dùng / usage: pakn forecast backtest [--weeks N]")
        }
        let weeks = min(max(signature.weeks ?? 26, 1), 520)
        let score = try await LateForecastQuery.backtest(weeks: weeks, on: context.application.db)
        func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
        StandardOutput.line("weeks \(weeks): flagged and late \(score.truePositives), flagged and on time \(score.falsePositives), "
            + "late not flagged \(score.falseNegatives), on time not flagged \(score.trueNegatives); "
            + "precision \(percent(score.precision)), recall \(percent(score.recall))")
    }
}
