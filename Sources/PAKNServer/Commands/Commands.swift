import Fluent
import NIOConcurrencyHelpers
import Vapor

/// `pakn migrate`: runs pending migrations (under the PostgreSQL advisory lock) and seeds reference data.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Chạy migration và nạp dữ liệu danh mục / Run migrations and seed reference data." }
    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Migrations.withStartupLock(on: app) {
            try await app.autoMigrate()
            try await ReferenceSeeder.seed(on: app.db, logger: app.logger)
            try await DeadlineStore.seedIfEmpty(on: app.db)
        }
    }
}

/// `pakn seed`: migrates, seeds reference data, the first admin and (with PAKN_DEMO) the demo data.
struct SeedCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Nạp dữ liệu danh mục, quản trị viên và dữ liệu mẫu / Seed reference, admin and demo data." }
    func run(using context: CommandContext, signature: Signature) async throws {
        try await bootstrap(context.application)
    }
}

/// `pakn jobs`: the job worker on its own (outbox notifications), until interrupted; `--once` for one pass.
struct JobsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "once", help: "Run one pass and exit.") var once: Bool
    }
    var help: String { "Chạy hàng đợi công việc / Run the job worker." }
    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if signature.once {
            let count = try await JobWorker.runOnce(on: app.db, logger: app.logger, config: app.paknConfiguration, client: app.client)
            print("\(count)")
        } else {
            // SIGTERM or SIGINT: the job in hand finishes, the rest of the batch is released, then the command ends.
            let worker = Task { await JobWorker.loop(app: app) }
            // Armed before the line below is logged: a SIGTERM sent as soon as it appears is not lost.
            try StopSignals.install { worker.cancel() }
            app.logger.notice("job worker started; SIGTERM stops it after the job in hand")
            await worker.value
        }
    }
}

/// Starts the job worker inside `pakn serve` and stops it at shutdown.
public struct InProcessJobs: LifecycleHandler {
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    public init() {}
    public func didBootAsync(_ application: Application) async throws {
        task.withLockedValue { $0 = Task { await JobWorker.loop(app: application) } }
    }
    /// On SIGTERM: stops the loop and waits for the job in hand to finish (the rest of the pass is released), before
    /// the database pools close.
    public func shutdownAsync(_ application: Application) async {
        let running = task.withLockedValue { task -> Task<Void, Never>? in task?.cancel(); return task }
        await running?.value
    }
}
