import Fluent
import Foundation
import SQLKit

/// The database-backed job table: enqueue, claim, finish, retry with exponential back-off.
/// On PostgreSQL a claim uses `SELECT … FOR UPDATE SKIP LOCKED`, so two server processes never run one job twice;
/// SQLite serialises writers, so a plain conditional UPDATE is enough there.
public enum JobQueue {
    /// Failures after which a job is given up ("dead"): kept `finished_at` with this many `attempts`.
    static let deadAfterAttempts = 10

    /// Queues a job unless one with the same idempotency key exists.
    static func enqueue<P: Encodable>(kind: JobKind, payload: P, idempotencyKey: String, runAt: Date, on db: Database) async throws {
        if try await Job.query(on: db).filter(\.$idempotencyKey == idempotencyKey).count() > 0 { return }
        let job = Job()
        job.kind = kind
        job.payload = String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
        job.idempotencyKey = idempotencyKey
        job.runAt = runAt
        job.attempts = 0
        try await job.save(on: db)
    }

    /// Claims up to `limit` due jobs for `lease` seconds. Returns the claimed jobs.
    static func claim(limit: Int, lease: TimeInterval, on db: Database, now: Date = Date()) async throws -> [Job] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let until = now.addingTimeInterval(lease)
        let isPostgres = sql.dialect.name == "postgresql"
        return try await db.writeTransaction { tx in
            let tsql = tx as! any SQLDatabase
            let lock = isPostgres ? SQLRaw(" FOR UPDATE SKIP LOCKED") : SQLRaw("")
            let rows = try await tsql.raw("""
                SELECT id FROM jobs WHERE finished_at IS NULL AND run_at <= \(bind: now)
                AND (locked_until IS NULL OR locked_until < \(bind: now)) ORDER BY run_at, created_at LIMIT \(literal: limit)\(lock)
                """).all()
            let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
            guard !ids.isEmpty else { return [] }
            try await Job.query(on: tx).filter(\.$id ~~ ids).set(\.$lockedUntil, to: until).update()
            // A row the code cannot read (a kind it does not know) is logged once and retired as dead, so that it
            // neither stops the other jobs nor comes back on every pass.
            let (jobs, unreadable) = try await Job.query(on: tx).filter(\.$id ~~ ids).readAll(logger: tx.logger)
            let bad = Set(unreadable.compactMap { UUID(uuidString: $0.id) })
            if !bad.isEmpty {
                try await tsql.update("jobs").set("finished_at", to: SQLBind(now)).set("attempts", to: SQLBind(deadAfterAttempts))
                    .set("last_error", to: SQLBind("unreadable row: a stored value the code does not know"))
                    .where("id", .in, SQLBind.group(Array(bad))).run()
            }
            // In due order (the second query does not keep the first one's): a case's notices go out as they were queued.
            return jobs.sorted { ($0.runAt, $0.createdAt ?? $0.runAt) < ($1.runAt, $1.createdAt ?? $1.runAt) }
        }
    }

    static func finish(_ job: Job, on db: Database, now: Date = Date()) async throws {
        job.finishedAt = now
        job.lockedUntil = nil
        try await job.save(on: db)
    }

    /// Moves a job to `until` without counting an attempt (a provider said "not now, later": Zalo -234).
    /// Gives a claimed job back, untouched, for the next pass of any worker (a worker that is stopping).
    static func release(_ job: Job, on db: Database) async throws {
        job.lockedUntil = nil
        try await job.save(on: db)
    }

    static func postpone(_ job: Job, until: Date, reason: String, on db: Database) async throws {
        job.lastError = String(reason.prefix(500))
        job.lockedUntil = nil
        job.runAt = until
        try await job.save(on: db)
    }

    /// Gives a job up at once (a final refusal: retrying would not help): finished with ``deadAfterAttempts`` attempts,
    /// so it counts as failed wherever failed jobs are shown, with `error` as its last error.
    static func giveUp(_ job: Job, error: String, on db: Database, now: Date = Date()) async throws {
        job.attempts = max(job.attempts + 1, deadAfterAttempts)
        job.lastError = String(error.prefix(500))
        job.lockedUntil = nil
        job.finishedAt = now
        try await job.save(on: db)
    }

    /// Records a failure; retries after 2^attempts minutes (at most 24 h); gives up after ``deadAfterAttempts``.
    static func fail(_ job: Job, error: String, on db: Database, now: Date = Date()) async throws {
        job.attempts += 1
        job.lastError = String(error.prefix(500))
        job.lockedUntil = nil
        if job.attempts >= deadAfterAttempts {
            job.finishedAt = now
        } else {
            job.runAt = now.addingTimeInterval(min(pow(2, Double(job.attempts)) * 60, 86_400))
        }
        try await job.save(on: db)
    }
}
