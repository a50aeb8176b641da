import Fluent
import SQLKit
import Foundation
import PAKNDomain
import Vapor

/// Runs due jobs. Inside `pakn serve` (unless `PAKN_JOBS=0`) and as `pakn jobs` on its own.
public enum JobWorker {
    /// Runs one pass: the maintenance (`maintain`), then the jobs due (`drain`); returns how many jobs were handled.
    /// `client` makes the providers' HTTP calls (notifications); without one, notifications are only recorded and
    /// attachment downloads wait for a worker that has one (their own streaming client is used only when it is given).
    @discardableResult
    public static func runOnce(on db: Database, logger: Logger, config: AppConfiguration, client: (any Client)? = nil,
                               now: Date = Date()) async throws -> Int {
        await maintain(on: db, logger: logger, config: config, now: now)
        return try await drain(on: db, logger: logger, config: config, client: client, now: now)
    }

    /// The background passes that are not jobs: the deadline scan, the hourly purges, anonymisation and sweep of
    /// orphan attachment files, the maintained statistics. Each failure is logged and retried at the next pass.
    static func maintain(on db: Database, logger: Logger, config: AppConfiguration, now: Date = Date()) async {
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
                let anonymised = try await Anonymisation.run(retention: config.retention, config: config, on: db, now: now)
                if !anonymised.isEmpty { logger.notice("anonymisation: \(anonymised.summary)") }
                // Attachment files in PostgreSQL that a crash left without a case or a message (`OrphanFiles`).
                let orphans = try await OrphanFiles.sweep(on: db, now: now)
                if orphans > 0 { logger.notice("orphan attachment files removed: \(orphans)") }
            }
        } catch {
            logger.error("purge failed: \(error)")
        }
        do {
            // The maintained statistics: the days of changes logged since the last pass (bounded per pass), and the
            // day's snapshot of open cases.
            try await StatisticsCube.refresh(on: db, rounds: 20)
            try await StatisticsCube.snapshotOpenCases(on: db, now: now)
        } catch {
            logger.error("statistics refresh failed: \(error)")
        }
    }

    /// Claims the jobs due and runs them; returns how many were claimed.
    /// - Throws: a database error of the claim.
    static func drain(on db: Database, logger: Logger, config: AppConfiguration, client: (any Client)?, now: Date = Date()) async throws -> Int {
        let jobs = try await JobQueue.claim(limit: batchSize, lease: 300, on: db, now: now)
        // Chains run side by side, `concurrency` at a time on PostgreSQL; the jobs of one chain one after another.
        // On SQLite one at a time: its writes are serialised anyway, and a job's plain write beside another job's
        // write transaction waits in SQLite's busy handler, which stalled every writer of the process (seen in CI).
        let width = (db as? any SQLDatabase)?.dialect.name == "sqlite" ? 1 : concurrency
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for chain in chains(jobs) {
                if running == width {
                    await group.next()
                    running -= 1
                }
                group.addTask { await run(chain, on: db, config: config, client: client, logger: logger, now: now) }
                running += 1
            }
        }
        return jobs.count
    }

    /// Jobs handled at once (chains in flight) on PostgreSQL: a provider's HTTP call or a mail command takes
    /// milliseconds to seconds, and one job at a time left the outbox at about 10 notices a second. Providers' own rate limits answer
    /// "later" (Zalo -234, HTTP 429, eSMS 5xx), which postpones the job without counting an attempt.
    static let concurrency = 8

    /// The claimed jobs cut into chains, each in claim order (`run_at`): the notices and replies of one case (a
    /// citizen reads "received" before "forwarded"), all inbound events together (a sender's next message may join
    /// the request their first one made), the files of one message together.
    static func chains(_ jobs: [Job]) -> [[Job]] {
        struct CasePayload: Decodable { let requestID: UUID }
        var order: [String] = [], byKey: [String: [Job]] = [:]
        for job in jobs {
            let key: String
            switch job.kind {
            case .inbound: key = "inbound"
            case .attachment:
                // One message's files one after another (a mail is parsed for each: not eight copies at once).
                struct MessagePayload: Decodable { let messageID: UUID }
                key = (try? JSONDecoder().decode(MessagePayload.self, from: Data(job.payload.utf8))).map { "message:\($0.messageID.uuidString)" }
                    ?? "job:\(job.id?.uuidString ?? UUID().uuidString)"
            case .staffNotice: key = "job:\(job.id?.uuidString ?? UUID().uuidString)"
            case .nationalSync:
                // One request's records one after another, in the order of its changes; beside the citizen's notices.
                struct SyncPayload: Decodable { let requestID: UUID }
                key = (try? JSONDecoder().decode(SyncPayload.self, from: Data(job.payload.utf8))).map { "national:\($0.requestID.uuidString)" }
                    ?? "job:\(job.id?.uuidString ?? UUID().uuidString)"
            case .notify, .reply:
                if let payload = try? JSONDecoder().decode(CasePayload.self, from: Data(job.payload.utf8)) {
                    key = "case:\(payload.requestID.uuidString)"
                } else {
                    key = "job:\(job.id?.uuidString ?? UUID().uuidString)"
                }
            }
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(job)
        }
        return order.map { byKey[$0]! }
    }

    /// Runs one chain's jobs in order. Stopping (SIGTERM): the job in hand is finished, the others go back at once
    /// for the next worker instead of waiting out their lease.
    static func run(_ chain: [Job], on db: Database, config: AppConfiguration, client: (any Client)?, logger: Logger, now: Date) async {
        for (index, job) in chain.enumerated() {
            if Task.isCancelled {
                for rest in chain[index...] { try? await JobQueue.release(rest, on: db) }
                return
            }
            do {
                do {
                    try await handle(job, on: db, config: config, client: client, logger: logger, now: now)
                    try await JobQueue.finish(job, on: db, now: now)
                } catch let refused as NationalPortalDelivery.Refused {
                    // Final: retrying would not help; kept as a failed job with the reason for the admin.
                    // The portal's answer may echo what was sent: the log keeps its first line's status only (the admin page shows it masked).
                    logger.warning("job \(job.kind) \(job.id?.uuidString ?? "-") refused: \(refused.reason.prefix { $0 != ":" && $0 != "\n" })")
                    try await JobQueue.giveUp(job, error: refused.reason, on: db, now: now)
                } catch let later as NotificationDelivery.RetryLater where later.until != nil {
                    logger.info("job \(job.kind) \(job.id?.uuidString ?? "-") deferred: \(later.reason)")
                    try await JobQueue.postpone(job, until: later.until!, reason: later.reason, on: db)
                } catch {
                    logger.warning("job \(job.kind) \(job.id?.uuidString ?? "-") failed: \(error)")
                    try await JobQueue.fail(job, error: String(describing: error), on: db, now: now)
                }
            } catch {
                // The outcome could not be written (the database went away): the lease brings the job back.
                logger.error("job \(job.kind) \(job.id?.uuidString ?? "-"): outcome not recorded: \(error)")
            }
        }
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
        case .staffNotice:
            let payload = try JSONDecoder().decode(StaffNoticeDelivery.Payload.self, from: Data(job.payload.utf8))
            try await StaffNoticeDelivery.deliver(payload, config: config, client: client, on: db, logger: logger, now: now)
        case .nationalSync:
            let payload = try JSONDecoder().decode(Outbox.NationalSyncPayload.self, from: Data(job.payload.utf8))
            try await NationalPortalDelivery.deliver(payload, job: job, config: config, client: client, on: db, logger: logger, now: now)
        }
    }

    /// Jobs claimed per pass.
    static let batchSize = 50

    /// Loops until cancelled, in two lanes: the maintenance every `interval`, and the jobs, whose passes follow each
    /// other at once while they find work (a burst is drained without waiting, even while it trickles in under a full
    /// batch per pass) and are `interval` apart when a pass found no job due. Two lanes, because one pass of the hourly
    /// anonymisation over a ten-year archive held the notices for minutes (no notice left during a whole benchmark
    /// run at 1 M requests), and waiting for a full batch held a stream of creates' notices at about 10 a second.
    ///
    /// On SQLite one lane, as before: its writes are serialised anyway, and at 1 M requests two lanes held both of the
    /// pool's connections while requests waited (a pool timeout on the first request, "database is locked" for a job).
    public static func loop(app: Application, interval: Duration = .seconds(1)) async {
        if (app.db as? any SQLDatabase)?.dialect.name == "sqlite" {
            while !Task.isCancelled {
                var claimed = 0
                do { claimed = try await runOnce(on: app.db, logger: app.logger, config: app.paknConfiguration, client: app.client) } catch { app.logger.error("job pass failed: \(error)") }
                if claimed == 0 { try? await Task.sleep(for: interval) }
            }
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    await maintain(on: app.db, logger: app.logger, config: app.paknConfiguration)
                    try? await Task.sleep(for: interval)
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    var claimed = 0
                    do { claimed = try await drain(on: app.db, logger: app.logger, config: app.paknConfiguration, client: app.client) } catch { app.logger.error("job pass failed: \(error)") }
                    if claimed == 0 { try? await Task.sleep(for: interval) }
                }
            }
        }
    }
}
