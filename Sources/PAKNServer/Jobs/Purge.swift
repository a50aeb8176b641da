import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// Deletes what `Retention` no longer keeps: finished and dead jobs, idempotency answers, the payloads of
/// processed inbound events (their `(channel, provider_event_id)` row stays), and sessions past `SessionPolicy`. Run by the job worker at most once an
/// hour per process, in batches of `batchSize` rows per statement so no statement holds the database for long.
enum Purge {
    /// What one run removed.
    struct Report: Equatable, Sendable {
        var jobs = 0
        var idempotencyKeys = 0
        var inboundPayloads = 0
        var sessions = 0
    }

    static let batchSize = 1000
    /// The most batches per table per run.
    static let maximumBatches = 100
    static let interval: TimeInterval = 3600
    private static let lastRun = NIOLockedValueBox<Date?>(nil)

    /// Runs `run` when the last run in this process is an hour old or more.
    static func runIfDue(retention: Retention, sessions: SessionPolicy, on db: Database, now: Date = Date()) async throws -> Report? {
        let due = lastRun.withLockedValue { last -> Bool in
            guard last.map({ now.timeIntervalSince($0) >= interval }) ?? true else { return false }
            last = now
            return true
        }
        return due ? try await run(retention: retention, sessions: sessions, on: db, now: now) : nil
    }

    /// One purge, now.
    static func run(retention: Retention, sessions: SessionPolicy = SessionPolicy(), on db: Database,
                    now: Date = Date()) async throws -> Report {
        guard let sql = db as? any SQLDatabase else { return Report() }
        var report = Report()
        let day: TimeInterval = 86_400
        let finishedBefore = now.addingTimeInterval(-Double(retention.finishedJobsDays) * day)
        let deadBefore = now.addingTimeInterval(-Double(retention.deadJobsDays) * day)
        report.jobs += try await deleteInBatches(sql, table: "jobs") { select in
            select.where("finished_at", .lessThan, finishedBefore).where("attempts", .lessThan, JobQueue.deadAfterAttempts)
        }
        report.jobs += try await deleteInBatches(sql, table: "jobs") { select in
            select.where("finished_at", .lessThan, deadBefore).where("attempts", .greaterThanOrEqual, JobQueue.deadAfterAttempts)
        }
        let keysBefore = now.addingTimeInterval(-Double(retention.idempotencyHours) * 3600)
        report.idempotencyKeys += try await deleteInBatches(sql, table: "idempotency_keys") { select in
            select.where("created_at", .lessThan, keysBefore)
        }
        // Sessions past their timeouts (`SessionPolicy`); a read would refuse them anyway, this only frees the rows.
        report.sessions += try await deleteInBatches(sql, table: StaffSession.schema) { select in
            select.where("user_id", .is, SQLLiteral.null).where("seen_at", .lessThan, now.addingTimeInterval(-sessions.visitorLifetime))
        }
        report.sessions += try await deleteInBatches(sql, table: StaffSession.schema) { select in
            select.where("user_id", .isNot, SQLLiteral.null).where("seen_at", .lessThan, now.addingTimeInterval(-sessions.idle))
        }
        report.sessions += try await deleteInBatches(sql, table: StaffSession.schema) { select in
            select.where("signed_in_at", .lessThan, now.addingTimeInterval(-sessions.absolute))
        }
        let payloadsBefore = now.addingTimeInterval(-Double(retention.inboundPayloadDays) * day)
        for _ in 0..<maximumBatches {
            let rows = try await sql.select().column("id").from("inbound_events")
                .where("received_at", .lessThan, payloadsBefore)
                .where("status", .in, ["processed", "ignored"])
                .where(SQLFunction("length", args: SQLIdentifier("raw_body")), .greaterThan, SQLLiteral.numeric("0"))
                .limit(batchSize).all()
            let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
            guard !ids.isEmpty else { break }
            try await sql.update("inbound_events").set("raw_body", to: Data()).set("headers", to: "{}").where("id", .in, ids).run()
            report.inboundPayloads += ids.count
            if ids.count < batchSize { break }
        }
        // SQLite's planner needs statistics, or it picks a poor index at scale (issue 12: 2.3 s instead of 7 ms on a
        // queue page at 1 M cases); `PRAGMA optimize` gathers them where they are missing or stale, cheaply.
        // PostgreSQL's autovacuum keeps its own.
        if sql.dialect.name == "sqlite" { try await sql.raw("PRAGMA optimize").run() }
        return report
    }

    /// Deletes the rows of `table` that `filter` selects, `batchSize` at a time (by id, which works on SQLite and
    /// PostgreSQL alike); returns how many.
    private static func deleteInBatches(_ sql: any SQLDatabase, table: String,
                                        _ filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> Int {
        var deleted = 0
        for _ in 0..<maximumBatches {
            let rows = try await filter(sql.select().column("id").from(table)).limit(batchSize).all()
            let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
            guard !ids.isEmpty else { break }
            try await sql.delete(from: table).where("id", .in, ids).run()
            deleted += ids.count
            if ids.count < batchSize { break }
        }
        return deleted
    }
}
