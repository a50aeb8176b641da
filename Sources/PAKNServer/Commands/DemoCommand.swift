import Foundation
import SQLKit
import Vapor

/// `pakn demo generate --requests N [--years Y] [--seed S] [--force]`: a realistic archive of N requests over Y
/// years (default 10) in the configured database (`DemoGenerator`), migrated and seeded first (the demo agencies
/// and users included). Refuses a database holding requests that are not demo data unless `--force`.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "generate") var action: String
        @Option(name: "requests", help: "How many requests (1 to 10,000,000).") var requests: Int?
        @Option(name: "years", help: "Over how many years before now (1 to 30, default 10).") var years: Int?
        @Option(name: "seed", help: "The random seed (default 1022): the same seed writes the same archive.") var seed: UInt64?
        @Option(name: "batch", help: "Requests per transaction (1 to 1,000, default 500; PostgreSQL takes at most 65,535 values per statement).") var batch: Int?
        @Flag(name: "force", help: "Write even into a database that holds requests of its own.") var force: Bool
    }
    var help: String { "Tạo dữ liệu mẫu số lượng lớn / Generate a realistic archive of requests." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "generate", let requests = signature.requests, (1...10_000_000).contains(requests) else {
            throw AppError(.badRequest, "bad_request", "Dùng / usage: pakn demo generate --requests N [--years Y] [--seed S] [--force]")
        }
        let app = context.application
        try await bootstrap(app)
        // Checked before the demo seed adds its samples: an empty database becomes the generator's.
        let mark = try await DemoGenerator.checkTarget(on: app.db, force: signature.force)
        if let demo = try await DemoSeeder.seedIfEmpty(on: app.db, config: app.paknConfiguration, hasher: app.password, logger: app.logger) {
            StandardOutput.line("Dữ liệu mẫu / demo users (mật khẩu / password: \(demo.password)): \(demo.emails.joined(separator: ", "))")
        }
        var options = DemoGenerator.Options(requests: requests)
        options.years = min(max(signature.years ?? 10, 1), 30)
        options.seed = signature.seed ?? 1022
        options.batchSize = min(max(signature.batch ?? 500, 1), 1_000)
        let step = max(requests / 20, 1)
        let batch = options.batchSize
        if (app.db as? any SQLDatabase)?.dialect.name == "sqlite" {
            // A 256 MiB page cache per connection for the load: with SQLite's default 8 MiB, once the archive's
            // indexes of random UUIDs outgrow it, most of an insert's time went to reading pages back (perf).
            for loop in app.eventLoopGroup.makeIterator() {
                try await (app.databases.database(.sqlite, logger: app.logger, on: loop) as? any SQLDatabase)?
                    .raw("PRAGMA cache_size = -262144").run()
            }
        }
        let started = Date()
        let report = try await DemoGenerator.run(options, config: app.paknConfiguration, markAsGenerated: mark, on: app.db) { written in
            if written % step < batch || written == requests {
                let seconds = Date().timeIntervalSince(started)
                StandardOutput.line("\(written)/\(requests) (\(Int(Double(written) / Double(requests) * 100)) %), \(Int(seconds)) s, \(Int(Double(written) / max(seconds, 0.001)))/s")
            }
        }
        if let sql = app.db as? any SQLDatabase {
            // Planner statistics for the new rows.
            try await sql.raw(sql.dialect.name == "sqlite" ? "PRAGMA optimize" : "ANALYZE").run()
        }
        StandardOutput.line("generated \(report.requests) requests, \(report.events) events, \(report.assignments) assignments, "
            + "\(report.messages) messages, \(report.ratings) ratings, \(report.statisticsDays) days of statistics in \(String(format: "%.1f", report.seconds)) s")
    }
}
