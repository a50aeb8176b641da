import Foundation
import Vapor

/// `pakn stats rebuild`: recomputes every answer's stored working time (`AnswerTimes`), which the statistics add
/// and rank; run it after the holiday calendar or an agency's working hours changed for past dates.
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
    }
}
