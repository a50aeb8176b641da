import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing

@Suite("Job table and outbox")
struct JobTests {
    @Test("a state change queues one notification; the worker delivers it once, even when run twice at once", arguments: TestDatabase.available)
    func outbox(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let record = try await WorkflowFlowTests.submit(app, content: "Cống thoát nước bị tắc, nước bẩn tràn ra đường.")
            #expect(try await Job.query(on: app.db).filter(\.$finishedAt == nil).count() == 1)
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<2 { group.addTask { try await JobWorker.runOnce(on: app.db, logger: app.logger, config: app.paknConfiguration) } }
                for try await _ in group {}
            }
            let messages = try await MessageRecord.query(on: app.db).filter(\.$requestID == record.requireID()).all()
            #expect(messages.count == 1)
            #expect(messages.first?.direction == .outbound)
            #expect(messages.first?.body.contains(TrackingCode(digits: record.trackingCode)!.formatted) == true)
            #expect(try await Job.query(on: app.db).filter(\.$finishedAt == nil).count() == 0)
        }
    }

    /// The payload is not a notice's: the job fails when it runs.
    @Test("a failing job is retried later with exponential back-off, not lost", arguments: TestDatabase.available)
    func retry(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            try await JobQueue.enqueue(kind: .notify, payload: ["x": 1], idempotencyKey: "test:1", runAt: now, on: app.db)
            try await JobQueue.enqueue(kind: .notify, payload: ["x": 1], idempotencyKey: "test:1", runAt: now, on: app.db)
            #expect(try await Job.query(on: app.db).count() == 1, "the idempotency key keeps one row")
            try await JobWorker.runOnce(on: app.db, logger: app.logger, config: app.paknConfiguration, now: now)
            let job = try #require(try await Job.query(on: app.db).first())
            #expect(job.attempts == 1)
            #expect(job.finishedAt == nil)
            #expect(job.runAt == now.addingTimeInterval(120))  // 2^1 minutes
            #expect(job.lastError != nil)
            // Not due yet: a pass one minute later leaves it alone.
            try await JobWorker.runOnce(on: app.db, logger: app.logger, config: app.paknConfiguration, now: now.addingTimeInterval(60))
            #expect(try await Job.query(on: app.db).first()?.attempts == 1)
        }
    }

    @Test("a worker told to stop gives its claimed jobs back at once (not after their lease), untouched", arguments: TestDatabase.available)
    func stoppingReleasesJobs(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            for n in 0..<3 { _ = try await WorkflowFlowTests.submit(app, content: "Đèn đường hỏng ở tổ \(n + 1), cần sửa sớm.") }
            let waiting = try await Job.query(on: app.db).filter(\.$finishedAt == nil).count()
            #expect(waiting >= 3)
            let pass = Task {
                withUnsafeCurrentTask { $0?.cancel() }   // SIGTERM arrived: the pass starts already cancelled
                return try await JobWorker.runOnce(on: app.db, logger: app.logger, config: app.paknConfiguration)
            }
            _ = try await pass.value
            let jobs = try await Job.query(on: app.db).filter(\.$finishedAt == nil).all()
            #expect(jobs.count == waiting)
            #expect(jobs.allSatisfy { $0.lockedUntil == nil && $0.attempts == 0 })
        }
    }

    @Test("the worker drains a burst without waiting between full batches", arguments: TestDatabase.available)
    func drainsBursts(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let record = try await WorkflowFlowTests.submit(app, content: "Rác thải ùn ứ ở chợ, cần thu gom.")
            for _ in 0..<(JobWorker.batchSize * 2 + 20) {
                let event = UUID()
                try await JobQueue.enqueue(kind: .notify, payload: Outbox.NotificationPayload(requestID: record.id!, template: .created,
                                                                                               status: .received, eventID: event),
                                           idempotencyKey: "notify:\(event.uuidString)", runAt: Date(), on: app.db)
            }
            // An hour between passes once the queue is dry: only draining without a pause can finish the burst.
            let worker = Task { await JobWorker.loop(app: app, interval: .seconds(3600)) }
            defer { worker.cancel() }
            var left = -1
            for _ in 0..<2400 {   // a safety net only (2 minutes); the test waits for the queue to empty
                left = try await Job.query(on: app.db).filter(\.$finishedAt == nil).count()
                if left == 0 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(left == 0)
        }
    }

    @Test("pakn jobs stops on SIGTERM with status 0 (the job in hand finished, the rest released), not killed by the signal")
    func jobsCommandStopsOnSIGTERM() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-jobs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try MaskCommandTests.run(["migrate", "-y"], input: "", dataDirectory: dir).status == 0)
        var env = ProcessInfo.processInfo.environment
        env["PAKN_DATA_DIR"] = dir.path
        env.removeValue(forKey: "DATABASE_URL")
        // SIGTERM the moment the worker says it started: a signal armed only later (a DispatchSource) was lost now
        // and then, and the worker ran on. Ten times, each a new process.
        for round in 1...10 {
            let worker = try ChildProcess.start(CalendarCommandTests.binary, ["jobs"], environment: env)
            let started = worker.waitForError(containing: "job worker started", timeout: 120)
            #expect(started, "round \(round): \(worker.errorText.suffix(500))")
            kill(worker.process.processIdentifier, SIGTERM)
            let ended = worker.waitForExit(timeout: 60)
            #expect(ended, "round \(round): pakn jobs did not stop within 60 s of SIGTERM (killed)")
            #expect(worker.process.terminationReason == .exit, "round \(round)")
            #expect(worker.process.terminationStatus == 0, "round \(round)")
        }
    }

    @Test("pakn forecast backtest on an empty archive scores nothing and says so; a wrong action is refused")
    func forecastBacktestCommand() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-forecast-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try MaskCommandTests.run(["migrate", "-y"], input: "", dataDirectory: dir).status == 0)
        let result = try MaskCommandTests.run(["forecast", "backtest", "--weeks", "4"], input: "", dataDirectory: dir)
        #expect(result.status == 0)
        #expect(result.out == "weeks 4: flagged and late 0, flagged and on time 0, late not flagged 0, on time not flagged 0; precision —, recall —\n")
        #expect(try MaskCommandTests.run(["forecast", "guess"], input: "", dataDirectory: dir).status != 0)
    }
}
