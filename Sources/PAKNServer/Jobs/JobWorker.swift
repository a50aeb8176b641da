import Fluent
import Foundation
import PAKNDomain
import Vapor

/// Runs due jobs. Inside `pakn serve` (unless `PAKN_JOBS=0`) and as `pakn jobs` on its own.
public enum JobWorker {
    /// Runs one pass over due jobs; returns how many were handled.
    @discardableResult
    public static func runOnce(on db: Database, logger: Logger, config: AppConfiguration, now: Date = Date()) async throws -> Int {
        try await DeadlineScheduler.scan(on: db, provincialAfterWorkingHours: config.provincialEscalationAfterWorkingHours, now: now)
        let jobs = try await JobQueue.claim(limit: 50, lease: 300, on: db, now: now)
        for job in jobs {
            do {
                try await handle(job, on: db, config: config)
                try await JobQueue.finish(job, on: db, now: now)
            } catch {
                logger.warning("job \(job.kind) \(job.id?.uuidString ?? "-") failed: \(error)")
                try await JobQueue.fail(job, error: String(describing: error), on: db, now: now)
            }
        }
        return jobs.count
    }

    static func handle(_ job: Job, on db: Database, config: AppConfiguration) async throws {
        switch job.kind {
        case "inbound":
            let payload = try JSONDecoder().decode(InboundStore.InboundJob.self, from: Data(job.payload.utf8))
            try await InboundProcessor.process(eventID: payload.eventID, config: config, on: db)
        case "notify":
            let payload = try JSONDecoder().decode(Outbox.NotificationPayload.self, from: Data(job.payload.utf8))
            try await Notifications.record(payload, on: db)
        default:
            throw AppError(.internalServerError, "unknown_job", "Unknown job kind \(job.kind)")
        }
    }

    /// Loops until cancelled, polling every `interval` seconds.
    public static func loop(app: Application, interval: Duration = .seconds(5)) async {
        while !Task.isCancelled {
            do { try await runOnce(on: app.db, logger: app.logger, config: app.paknConfiguration) } catch { app.logger.error("job pass failed: \(error)") }
            try? await Task.sleep(for: interval)
        }
    }
}

/// Until the channel adapters land, a notification is recorded as an outbound message on the case's channel,
/// rendered from its template, so the back office shows what the citizen was (or will be) told.
enum Notifications {
    static func record(_ payload: Outbox.NotificationPayload, on db: Database) async throws {
        guard let request = try await ServiceRequestRecord.find(payload.requestID, on: db) else { return }
        let code = TrackingCode(digits: request.trackingCode)?.formatted ?? request.trackingCode
        let status = RequestStatus(rawValue: payload.status)?.label ?? payload.status
        let message = MessageRecord()
        message.requestID = payload.requestID
        message.channel = request.channel
        message.direction = "outbound"
        message.providerMessageID = "notify:\(payload.eventID.uuidString)"
        message.body = "1022: Phản ánh \(code) — \(status)."
        if try await MessageRecord.query(on: db).filter(\.$channel == message.channel)
            .filter(\.$providerMessageID == message.providerMessageID).count() == 0 {
            try await message.save(on: db)
        }
    }
}
