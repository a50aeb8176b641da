import Fluent
import Foundation
@testable import PAKNServer
import PAKNChannels
import PAKNDomain
import SQLKit
import Testing
import Vapor

/// Operational rows are deleted after the periods of `Retention`, in batches; a redelivery after its payload is
/// gone is still recognised (issue 10 item 7).
@Suite("Purge of what is no longer needed")
struct PurgeTests {
    struct Empty: Codable {}

    @Test("finished jobs after 30 days, dead ones after 90, idempotency answers after 24 h, inbound payloads after 30 days",
          arguments: TestDatabase.available)
    func purge(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let now = Date()
            let day: TimeInterval = 86_400
            func job(_ key: String, finishedDaysAgo: Double?, attempts: Int) async throws {
                let job = Job()
                job.kind = .notify; job.payload = "{}"; job.idempotencyKey = key; job.runAt = now.addingTimeInterval(-100 * day)
                job.attempts = attempts; job.finishedAt = finishedDaysAgo.map { now.addingTimeInterval(-$0 * day) }
                try await job.create(on: app.db)
            }
            try await job("done-old", finishedDaysAgo: 31, attempts: 0)
            try await job("done-recent", finishedDaysAgo: 29, attempts: 1)
            try await job("dead-old", finishedDaysAgo: 91, attempts: 10)
            try await job("dead-recent", finishedDaysAgo: 60, attempts: 10)
            try await job("waiting", finishedDaysAgo: nil, attempts: 3)
            for (key, hoursAgo) in [("k-old", 25.0), ("k-new", 1.0)] {
                let record = IdempotencyRecord()
                record.scope = "POST /api/v1/requests"; record.key = key; record.requestHash = "h"; record.statusCode = 201
                record.responseBody = "{}"; record.createdAt = now.addingTimeInterval(-hoursAgo * 3600)
                try await record.create(on: app.db)
            }
            func event(_ id: String, status: InboundEventStatus, daysAgo: Double) async throws {
                let event = InboundEvent()
                event.channel = .zalo; event.providerEventID = id; event.headers = #"{"x-zevent-signature":"mac=abc"}"#
                event.rawBody = Data(#"{"event_name":"user_send_text"}"#.utf8); event.status = status
                event.receivedAt = now.addingTimeInterval(-daysAgo * day); event.processedAt = event.receivedAt
                try await event.create(on: app.db)
            }
            try await event("old-processed", status: .processed, daysAgo: 31)
            try await event("old-failed", status: .failed, daysAgo: 31)
            try await event("new-processed", status: .processed, daysAgo: 2)

            let report = try await Purge.run(retention: Retention(), on: app.db, now: now)
            #expect(report == Purge.Report(jobs: 2, idempotencyKeys: 1, inboundPayloads: 1))
            #expect(Set(try await Job.query(on: app.db).all().map(\.idempotencyKey)) == ["done-recent", "dead-recent", "waiting"])
            #expect(try await IdempotencyRecord.query(on: app.db).all().map(\.key) == ["k-new"])
            let events = Dictionary(uniqueKeysWithValues: try await InboundEvent.query(on: app.db).all().map { ($0.providerEventID, $0) })
            #expect(events["old-processed"]?.rawBody.isEmpty == true && events["old-processed"]?.headers == "{}")
            #expect(events["old-failed"]?.rawBody.isEmpty == false, "a failed delivery keeps its payload for inspection")
            #expect(events["new-processed"]?.rawBody.isEmpty == false)
            // The row stays: a late redelivery of the purged event is recognised, not stored again.
            let again = try await InboundStore.store(channel: .zalo, providerEventID: "old-processed", headers: HTTPHeaders(),
                                                     rawBody: Array(#"{"event_name":"user_send_text"}"#.utf8), status: .received, on: app.db)
            #expect(again == .duplicate)
            #expect(try await InboundEvent.query(on: app.db).count() == 3)
            // A second run finds nothing.
            #expect(try await Purge.run(retention: Retention(), on: app.db, now: now) == Purge.Report())
        }
    }

    @Test("retention periods come from the environment, malformed values keep the defaults")
    func configuration() {
        let env = ["PAKN_RETAIN_JOBS_DAYS": "7", "PAKN_RETAIN_DEAD_JOBS_DAYS": "-3", "PAKN_RETAIN_IDEMPOTENCY_HOURS": "abc"]
        #expect(Retention.fromEnvironment(env) == Retention(finishedJobsDays: 7, deadJobsDays: 90, inboundPayloadDays: 30, idempotencyHours: 24))
    }
}
