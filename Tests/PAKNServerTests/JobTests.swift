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

    @Test("a failing job is retried later with exponential back-off, not lost", arguments: TestDatabase.available)
    func retry(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            try await JobQueue.enqueue(kind: "unknown-kind", payload: ["x": 1], idempotencyKey: "test:1", runAt: now, on: app.db)
            try await JobQueue.enqueue(kind: "unknown-kind", payload: ["x": 1], idempotencyKey: "test:1", runAt: now, on: app.db)
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
                try await JobQueue.enqueue(kind: "notify", payload: Outbox.NotificationPayload(requestID: record.id!, template: .created,
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
        let process = Process()
        process.executableURL = CalendarCommandTests.binary
        process.arguments = ["jobs"]
        var env = ProcessInfo.processInfo.environment
        env["PAKN_DATA_DIR"] = dir.path
        env.removeValue(forKey: "DATABASE_URL")
        process.environment = env
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait until the worker has made its first pass (its log line says so), then stop it.
        let handle = err.fileHandleForReading
        var seen = ""
        while !seen.contains("job worker started"), process.isRunning {
            let chunk = handle.availableData   // what has arrived (blocks until something does, or end of file)
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if seen.count > 4096 { break }
        }
        process.terminate()   // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }
}

