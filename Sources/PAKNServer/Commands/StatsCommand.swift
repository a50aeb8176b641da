import Foundation
import Vapor

/// `pakn stats rebuild`: recomputes every answer's stored working time (`AnswerTimes`), then counts every day of the
/// maintained statistics again from the cases (`StatisticsCube.rebuild`); run it after the holiday calendar or an
/// agency's working hours changed for past dates. The server may keep running: its reports may miss the days not
/// yet recounted until the command ends.
struct StatsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "rebuild") var action: String
    }
    var help: String { "Tính lại số liệu thống kê lưu sẵn / Recompute the stored statistics figures." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "rebuild" else { throw AppError(.badRequest, "bad_request", "Dùng / usage: pakn stats rebuild") }
        let started = Date()
        let count = try await AnswerTimes.rebuild(on: context.application.db)
        StandardOutput.line("recomputed \(count) answer times in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        let counting = Date()
        let days = try await StatisticsCube.rebuild(on: context.application.db) { done, total in
            StandardOutput.line("counted \(done) of \(total) days")
        }
        StandardOutput.line("counted \(days) days of statistics in \(String(format: "%.1f", Date().timeIntervalSince(counting))) s")
    }
}
