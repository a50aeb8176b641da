import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import SQLKit
import Testing
import Vapor

/// The maintained statistics (issue 12 item 4): the daily counters equal a recount made here, in Swift, from the
/// cases and lead assignments themselves (days of Asia/Ho_Chi_Minh, restricted cases left out, the histogram's own
/// buckets), on a generated archive, after changes made by hand and by bulk SQL (which only the triggers can
/// see), and after `rebuild`; a rolled-back change logs nothing; the day's snapshot of open cases is taken once.
@Suite("Maintained statistics")
struct StatisticsCubeTests {
    struct Key: Hashable, CustomStringConvertible {
        let day: String, measure: String, agency: String, service: String, channel: String, commune: String
        let urgency: String, status: String, outcome: String, bucket: Int
        var description: String { "\(day) \(measure) \(agency.prefix(8)) \(service) \(channel) \(commune) \(urgency) \(status) \(outcome) \(bucket)" }
    }
    struct Value: Equatable {
        var n = 0, accepted = 0, returned = 0, onTimeOriginal = 0, timed = 0
        /// Hundredths of a working second: the sum of doubles may differ in its last bits between SQL and Swift.
        var secondsSum = 0
        var secondsMax: Double?
    }

    static func day(_ date: Date) -> String { SolarDay(date, in: VietnamTime.timeZone).isoString }

    /// The counters as the issue defines them, from the rows.
    static func recount(on db: Database) async throws -> [Key: Value] {
        var result: [Key: Value] = [:]
        var requests: [UUID: ServiceRequestRecord] = [:]
        for r in try await ServiceRequestRecord.query(on: db).all() where !r.restricted {
            requests[r.id!] = r
            let key = Key(day: day(r.receivedAt), measure: "received", agency: r.leadAgencyID?.uuidString.lowercased() ?? "",
                          service: r.serviceCode ?? "", channel: r.channel.rawValue, commune: r.communeCode ?? "",
                          urgency: r.urgency?.rawValue ?? "", status: r.status.rawValue, outcome: "", bucket: -1)
            result[key, default: Value()].n += 1
        }
        for a in try await Assignment.query(on: db).filter(\.$role == .lead).all() {
            guard let r = requests[a.requestID] else { continue }
            func key(_ measure: String, _ at: Date, outcome: String = "", bucket: Int = -1) -> Key {
                Key(day: day(at), measure: measure, agency: a.agencyID.uuidString.lowercased(), service: r.serviceCode ?? "",
                    channel: r.channel.rawValue, commune: r.communeCode ?? "", urgency: r.urgency?.rawValue ?? "",
                    status: "", outcome: outcome, bucket: bucket)
            }
            let forwarded = key("forwarded", a.forwardedAt)
            result[forwarded, default: Value()].n += 1
            if a.acceptedAt != nil { result[forwarded, default: Value()].accepted += 1 }
            if a.status == .returned { result[forwarded, default: Value()].returned += 1 }
            guard let answeredAt = a.answeredAt else { continue }
            let seconds = a.answerWorkingSeconds
            let answered = key("answered", answeredAt, outcome: a.outcome?.rawValue ?? "",
                               bucket: seconds.map { AnswerTimeHistogram.bucket(forSeconds: $0) } ?? -1)
            var value = result[answered, default: Value()]
            value.n += 1
            if a.outcomeOriginal == .onTime { value.onTimeOriginal += 1 }
            if let seconds {
                value.timed += 1
                value.secondsSum += Int((seconds * 100).rounded())
                value.secondsMax = max(value.secondsMax ?? seconds, seconds)
            }
            result[answered] = value
        }
        return result
    }

    /// What `statistics_daily` holds, in the same shape (rows with one key added up, so a duplicate shows as a
    /// doubled count).
    static func counters(on db: Database) async throws -> [Key: Value] {
        let sql = db as! any SQLDatabase
        var result: [Key: Value] = [:]
        for row in try await sql.raw("SELECT * FROM statistics_daily").all() {
            func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
            func int(_ column: String) throws -> Int { try row.decode(column: column, as: Int.self) }
            let agency = try row.decodeNil(column: "agency_id") ? "" : row.decode(column: "agency_id", as: UUID.self).uuidString.lowercased()
            let key = Key(day: try text("day"), measure: try text("measure"), agency: agency, service: try text("service_code"),
                          channel: try text("channel"), commune: try text("commune_code"), urgency: try text("urgency"),
                          status: try text("status"), outcome: try text("outcome"), bucket: try int("bucket"))
            var value = result[key, default: Value()]
            value.n += try int("n"); value.accepted += try int("accepted"); value.returned += try int("returned")
            value.onTimeOriginal += try int("on_time_original"); value.timed += try int("timed")
            value.secondsSum += Int((try row.decode(column: "seconds_sum", as: Double.self) * 100).rounded())
            if try !row.decodeNil(column: "seconds_max") {
                let longest = try row.decode(column: "seconds_max", as: Double.self)
                value.secondsMax = max(value.secondsMax ?? longest, longest)
            }
            result[key] = value
        }
        return result
    }

    static func pendingChanges(on db: Database) async throws -> Int {
        try await (db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM statistics_changes").first()!.decode(column: "n", as: Int.self)
    }

    static func expectAgree(on db: Database, _ comment: Comment) async throws {
        let expected = try await recount(on: db), actual = try await counters(on: db)
        #expect(expected.count > 100, "the archive fills many cells")
        let wrong = Set(expected.keys).union(actual.keys).filter { expected[$0] != actual[$0] }.sorted { $0.description < $1.description }
        #expect(wrong.isEmpty, "\(comment): \(wrong.count) cells differ, e.g. \(wrong.prefix(3).map { "\($0): want \(String(describing: expected[$0])), have \(String(describing: actual[$0]))" })")
    }

    @Test("the counters equal a recount after generation, after changes by hand and by bulk SQL, and after a rebuild",
          arguments: TestDatabase.available)
    func agree(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            try await DemoGeneratorTests.prepare(app)
            _ = try await DemoGeneratorTests.generate(app, requests: 300, seed: 5)
            #expect(try await Self.pendingChanges(on: app.db) == 0, "the generator counted its days and forgot their changes")
            try await Self.expectAgree(on: app.db, "after generation")

            // A coordinator reclassifies an old answered case: its received, forwarded and answered days all move it.
            let answered = try #require(try await Assignment.query(on: app.db).filter(\.$role == .lead).filter(\.$answeredAt != nil)
                .sort(\.$answeredAt).first())
            let old = try #require(try await ServiceRequestRecord.find(answered.requestID, on: app.db))
            let otherService = try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$serviceCode != old.serviceCode)
                .filter(\.$serviceCode != nil).first()?.serviceCode)
            let otherCommune = try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$communeCode != old.communeCode)
                .filter(\.$communeCode != nil).first()?.communeCode)
            old.serviceCode = otherService
            old.communeCode = otherCommune
            old.urgency = old.urgency == .urgent ? .normal : .urgent
            try await old.save(on: app.db)
            // An open lead assignment is answered, late, today.
            let open = try #require(try await Assignment.query(on: app.db).filter(\.$role == .lead).filter(\.$answeredAt == nil)
                .filter(\.$active == true).first())
            open.answeredAt = DemoGeneratorTests.now
            open.outcome = .late
            open.outcomeOriginal = .late
            open.answerWorkingSeconds = 123_456
            open.status = .answered
            try await open.save(on: app.db)
            // A case becomes a complaint: it leaves every count.
            let restricted = try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$restricted == false)
                .filter(\.$id != old.id!).filter(\.$leadAgencyID != nil).first())
            restricted.restricted = true
            try await restricted.save(on: app.db)
            // A bulk statement no Swift code sees: every stored answer time grows by one working hour.
            try await (app.db as! any SQLDatabase).raw("UPDATE assignments SET answer_working_seconds = answer_working_seconds + 3600 WHERE answer_working_seconds IS NOT NULL").run()
            #expect(try await Self.pendingChanges(on: app.db) > 0)

            #expect(try await StatisticsCube.refresh(on: app.db) > 0)
            #expect(try await Self.pendingChanges(on: app.db) == 0)
            try await Self.expectAgree(on: app.db, "after the changes were refreshed")

            // A rebuild from nothing gives the same counters.
            try await (app.db as! any SQLDatabase).raw("DELETE FROM statistics_daily").run()
            #expect(try await StatisticsCube.rebuild(on: app.db, now: DemoGeneratorTests.now) > 600, "two years of days")
            try await Self.expectAgree(on: app.db, "after a rebuild")
        }
    }

    @Test("a change rolled back logs no day", arguments: TestDatabase.available)
    func rollback(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            try await DemoGeneratorTests.prepare(app)
            _ = try await DemoGeneratorTests.generate(app, requests: 5, seed: 3)
            #expect(try await Self.pendingChanges(on: app.db) == 0)
            struct Abandon: Error {}
            await #expect(throws: Abandon.self) {
                try await app.db.writeTransaction { tx in
                    let record = try #require(try await ServiceRequestRecord.query(on: tx).first())
                    record.status = .closed
                    try await record.save(on: tx)
                    #expect(try await Self.pendingChanges(on: tx) > 0, "logged inside the transaction")
                    throw Abandon()
                }
            }
            #expect(try await Self.pendingChanges(on: app.db) == 0)
        }
    }

    @Test("the day's snapshot counts the open cases once", arguments: TestDatabase.available)
    func snapshot(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            try await DemoGeneratorTests.prepare(app)
            _ = try await DemoGeneratorTests.generate(app, requests: 200, seed: 9)
            let now = DemoGeneratorTests.now
            let open = RequestStatus.allCases.filter(\.isActive)
            let expected = try await ServiceRequestRecord.query(on: app.db).filter(\.$restricted == false).filter(\.$status ~~ open).all()
            #expect(!expected.isEmpty)
            #expect(try await StatisticsCube.snapshotOpenCases(on: app.db, now: now))
            #expect(try await StatisticsCube.snapshotOpenCases(on: app.db, now: now.addingTimeInterval(3600)) == false, "once a day")
            let sql = app.db as! any SQLDatabase
            let day = Self.day(now)
            let total = try await sql.raw("SELECT SUM(n) AS n FROM statistics_open_daily WHERE day = \(bind: day)").first()!.decode(column: "n", as: Int.self)
            #expect(total == expected.count)
            let overdue = try await sql.raw("SELECT SUM(n) AS n FROM statistics_open_daily WHERE day = \(bind: day) AND overdue = \(bind: true)").first()!
            let overdueCount = try overdue.decodeNil(column: "n") ? 0 : overdue.decode(column: "n", as: Int.self)
            #expect(overdueCount == expected.filter { ($0.dueAt ?? .distantFuture) < now }.count)
            // The next day is counted again.
            #expect(try await StatisticsCube.snapshotOpenCases(on: app.db, now: now.addingTimeInterval(86_400)))
        }
    }
}
