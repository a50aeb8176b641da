import Fluent
import Foundation
import PAKNDomain
import Vapor

/// Runs due jobs. Inside `pakn serve` (unless `PAKN_JOBS=0`) and as `pakn jobs` on its own.
public enum JobWorker {
    /// Runs one pass over due jobs; returns how many were handled.
    @discardableResult
    /// `client` makes the providers' HTTP calls (notifications); without one, notifications are only recorded and
    /// attachment downloads wait for a worker that has one (their own streaming client is used only when it is given).
    public static func runOnce(on db: Database, logger: Logger, config: AppConfiguration, client: (any Client)? = nil,
                               now: Date = Date()) async throws -> Int {
        do {
            try await DeadlineScheduler.scan(on: db, provincialAfterWorkingHours: config.provincialEscalationAfterWorkingHours, now: now)
        } catch {
            // The outbox must not wait for the deadline scan: it is retried at the next pass.
            logger.error("deadline scan failed: \(error)")
        }
        do {
            if let purged = try await Purge.runIfDue(retention: config.retention, sessions: config.sessions, on: db, now: now) {
                if purged != Purge.Report() {
                    logger.notice("purge: \(purged.jobs) jobs, \(purged.idempotencyKeys) idempotency keys, \(purged.inboundPayloads) inbound payloads, \(purged.sessions) sessions")
                }
                // Personal data past retention, in the same hourly pass (recorded in the audit when it changed anything).
                let anonymised = try await Anonymisation.run(retention: config.retention, dataDirectory: config.dataDirectory, on: db, now: now)
                if !anonymised.isEmpty { logger.notice("anonymisation: \(anonymised.summary)") }
            }
        } catch {
            logger.error("purge failed: \(error)")
        }
        let jobs = try await JobQueue.claim(limit: batchSize, lease: 300, on: db, now: now)
        for (index, job) in jobs.enumerated() {
            // Stopping (SIGTERM): the job in hand is finished, the others go back at once for the next worker
            // instead of waiting out their lease.
            if Task.isCancelled {
                for rest in jobs[index...] { try? await JobQueue.release(rest, on: db) }
                break
            }
            do {
                try await handle(job, on: db, config: config, client: client, logger: logger, now: now)
                try await JobQueue.finish(job, on: db, now: now)
            } catch let later as NotificationDelivery.RetryLater where later.until != nil {
                logger.info("job \(job.kind) \(job.id?.uuidString ?? "-") deferred: \(later.reason)")
                try await JobQueue.postpone(job, until: later.until!, reason: later.reason, on: db)
            } catch {
                logger.warning("job \(job.kind) \(job.id?.uuidString ?? "-") failed: \(error)")
                try await JobQueue.fail(job, error: String(describing: error), on: db, now: now)
            }
        }
        return jobs.count
    }

    static func handle(_ job: Job, on db: Database, config: AppConfiguration, client: (any Client)?, logger: Logger, now: Date) async throws {
        switch job.kind {
        case .inbound:
            let payload = try JSONDecoder().decode(InboundStore.InboundJob.self, from: Data(job.payload.utf8))
            try await InboundProcessor.process(eventID: payload.eventID, config: config, on: db)
        case .attachment:
            let payload = try JSONDecoder().decode(AttachmentDownload.Job.self, from: Data(job.payload.utf8))
            // JobQueue.fail gives up after the last allowed failure: that run records the file as lost instead.
            try await AttachmentDownload.run(payload, config: config, networkAllowed: client != nil,
                                             isLastAttempt: job.attempts >= JobQueue.deadAfterAttempts - 1, on: db, logger: logger)
        case .notify:
            let payload = try JSONDecoder().decode(Outbox.NotificationPayload.self, from: Data(job.payload.utf8))
            try await NotificationDelivery.deliver(payload, config: config, client: client, on: db, logger: logger, now: now)
        case .reply:
            let payload = try JSONDecoder().decode(StaffReply.Payload.self, from: Data(job.payload.utf8))
            try await StaffReply.deliver(payload, config: config, client: client, on: db, logger: logger, now: now)
        }
    }

    /// Jobs claimed per pass.
    static let batchSize = 50

    /// Loops until cancelled: passes follow each other at once while they find a full batch (a burst is drained
    /// without waiting), and `interval` apart when the queue has run dry.
    public static func loop(app: Application, interval: Duration = .seconds(5)) async {
        while !Task.isCancelled {
            var claimed = 0
            do { claimed = try await runOnce(on: app.db, logger: app.logger, config: app.paknConfiguration, client: app.client) } catch { app.logger.error("job pass failed: \(error)") }
            if claimed < batchSize { try? await Task.sleep(for: interval) }
        }
    }
}
