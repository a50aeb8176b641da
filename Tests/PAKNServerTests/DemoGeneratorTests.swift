import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor

/// `pakn demo generate` (issue 12 item 1) at a small size: every request's history is a chain of the domain's
/// transitions ending in its status, published copies carry no requester's phone, the same seed writes the same
/// archive, and a database with real requests is refused.
@Suite("Demo archive generator")
struct DemoGeneratorTests {
    /// Two agencies and a catch-all routing rule, as the demo seed would leave them.
    static func prepare(_ app: Application) async throws {
        let (agency, _) = try await WorkflowFlowTests.staff(on: app)
        try await RoutingRuleRecord(serviceCode: nil, communeCode: nil, agencyID: agency.requireID()).create(on: app.db)
    }

    static let now = ISO8601DateFormatter().date(from: "2026-12-01T03:00:00Z")!

    static func generate(_ app: Application, requests: Int, seed: UInt64) async throws -> DemoGenerator.Report {
        var options = DemoGenerator.Options(requests: requests)
        options.years = 2; options.seed = seed; options.batchSize = 64; options.now = now
        return try await DemoGenerator.run(options, config: app.paknConfiguration, on: app.db)
    }

    @Test("histories are chains of allowed moves ending in the stored status; published copies are masked",
          arguments: TestDatabase.available)
    func consistent(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            try await Self.prepare(app)
            let report = try await Self.generate(app, requests: 300, seed: 7)
            #expect(report.requests == 300)
            let records = try await ServiceRequestRecord.query(on: app.db).all()
            #expect(records.count == 300)
            let events = Dictionary(grouping: try await EventRecord.query(on: app.db).sort(\.$occurredAt).all(), by: \.requestID)
            var statuses: [RequestStatus: Int] = [:]
            for record in records {
                statuses[record.status, default: 0] += 1
                let chain = events[record.id!] ?? []
                #expect(chain.first?.action == .created && chain.first?.toStatus == .received)
                var status = RequestStatus.received
                for event in chain.dropFirst() {
                    guard case .workflow(let action) = event.action else { continue }
                    #expect(event.fromStatus == status, "\(record.trackingCode): \(action) from \(status)")
                    let actor: Actor = switch action {
                    case .accept, .answer: .staff(.agencyOfficer)
                    case .approve: .staff(.agencyLeader)
                    case .reject, .redirectToEmergency, .referToComplaintProcedure, .markDuplicate: .staff(.operator)
                    default: .staff(.coordinator)
                    }
                    let next = try? Workflow.transition(action, from: status, by: actor, note: event.note)
                    #expect(next == event.toStatus, "\(record.trackingCode): \(action) from \(status) is not in the table")
                    status = event.toStatus ?? status
                }
                #expect(status == record.status, "\(record.trackingCode): history ends in \(status), stored \(record.status)")
                #expect(record.receivedAt <= Self.now)
                // Historical, as the last event: not the moment the generator ran (Fluent stamps it on create).
                #expect(record.updatedAt == chain.last?.occurredAt, "\(record.trackingCode)")
                if record.publishedAt != nil {
                    #expect(record.publicTitle != nil && record.publicAnswer != nil && !record.publicSearch.isEmpty)
                    for text in [record.publicTitle ?? "", record.publicDescription ?? ""] {
                        #expect(text.range(of: #"0\d{3} ?\d{3} ?\d{3}"#, options: .regularExpression) == nil, "a phone number in \(text)")
                    }
                }
                if [.forwarded, .accepted].contains(record.status) { #expect(record.leadAgencyID != nil) }
            }
            // A spread of statuses, as the age of each request allows: published answers and some still open.
            #expect((statuses[.published] ?? 0) + (statuses[.closed] ?? 0) > 100, "\(statuses)")
            let anyActive = statuses.keys.contains { $0.isActive }
            #expect(anyActive, "\(statuses)")
            #expect(try await Assignment.query(on: app.db).filter(\.$role == .lead).count() == report.assignments)
            // Due instants as the workflow keeps them: every lead assignment has one, and an answered one keeps the
            // due instant of its stopped resolution clock (what the statistics, the map and the backtest read).
            let context = try await DeadlineStore.load(on: app.db)
            for lead in try await Assignment.query(on: app.db).filter(\.$role == .lead).all() {
                #expect(lead.dueAt != nil, "lead assignment \(lead.id!) without a due instant")
                if lead.answeredAt != nil, let due = lead.dueAt {
                    // PostgreSQL keeps microseconds.
                    let clockDue = try #require(lead.resolution?.due(in: context.calendar(for: lead.agencyID)))
                    #expect(abs(due.timeIntervalSince(clockDue)) < 0.001)
                }
            }
            // The staff search finds generated text without diacritics.
            let acting = Acting(userID: nil, actor: .staff(.coordinator), agencyID: nil, label: "Điều phối viên")
            let found = try await QueueQuery.run(.init(status: "all", q: "duong"), paging: Paging(page: 1, size: 5), acting: acting, on: app.db)
            #expect(found.total > 0)
        }
    }

    @Test("the same seed writes the same archive", arguments: TestDatabase.available)
    func deterministic(_ database: TestDatabase) async throws {
        func archive() async throws -> [String] {
            var rows: [String] = []
            try await TestApp.with(database) { app in
                try await Self.prepare(app)
                _ = try await Self.generate(app, requests: 60, seed: 42)
                rows = try await ServiceRequestRecord.query(on: app.db).sort(\.$trackingCode).all()
                    .map { "\($0.trackingCode) \($0.status.rawValue) \($0.channel.rawValue) \($0.title)" }
            }
            return rows
        }
        let first = try await archive()
        #expect(first.count == 60)
        #expect(try await archive() == first)
    }

    @Test("a database with requests of its own is refused unless forced", arguments: TestDatabase.available)
    func refusesRealData(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            try await Self.prepare(app)
            try await DemoGenerator.checkTarget(on: app.db, force: false)  // empty: fine
            // Only the demo seed's requests (it records how many): fine; one request more: refused.
            let seeded = try await StatisticsTests.submit(app, commune: "Phường Quy Nhơn", name: "Trần Thị Bình", phone: "0912 345 678")
            try await Setting(key: DemoGenerator.seededKey, value: "1").save(on: app.db)
            try await DemoGenerator.checkTarget(on: app.db, force: false)
            _ = seeded
            _ = try await StatisticsTests.submit(app, commune: "Phường Quy Nhơn", name: "Trần Thị Bình", phone: "0912 345 678")
            await #expect(throws: AppError.self) { try await DemoGenerator.checkTarget(on: app.db, force: false) }
            try await DemoGenerator.checkTarget(on: app.db, force: true)
            // Once it has written, the marker says the archive is generated: a second run may add to it.
            _ = try await Self.generate(app, requests: 5, seed: 1)
            try await DemoGenerator.checkTarget(on: app.db, force: false)
        }
    }
}

/// Statistics from stored answer times (issue 12 item 4) agree with a recount from the raw rows on a generated
/// archive, and `AnswerTimes.rebuild` restores them after they were damaged.
@Suite("Statistics against a recount")
struct StatisticsRecountTests {
    /// The 90th percentile as the fixed histogram gives it: the nearest-rank value's bucket, and the longest value
    /// in that bucket (`AnswerTimeHistogram`), computed here from the values themselves.
    static func histogramP90(_ values: [Double]) -> Double? {
        guard let exact = Statistics.percentile(0.9, of: values) else { return nil }
        let bucket = AnswerTimeHistogram.bucket(forSeconds: exact)
        return values.filter { AnswerTimeHistogram.bucket(forSeconds: $0) == bucket }.max()
    }

    @Test("per agency and per field: answered, on time, late, mean and 90th percentile equal a recount", arguments: TestDatabase.available)
    func agree(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            try await DemoGeneratorTests.prepare(app)
            // A second agency with its own rule, so that there are two rows to compare.
            let other = try #require(try await Agency.query(on: app.db).filter(\.$name == "Sở Y tế").first())
            try await RoutingRuleRecord(serviceCode: "chieu_sang", communeCode: nil, agencyID: other.requireID()).create(on: app.db)
            _ = try await DemoGeneratorTests.generate(app, requests: 400, seed: 11)
            // Statistics count whole days of Asia/Ho_Chi_Minh: the 400 days before the generator's today.
            let today = SolarDay(DemoGeneratorTests.now, in: VietnamTime.timeZone)
            let from = today.adding(days: -400).startDate(in: VietnamTime.timeZone), to = today.startDate(in: VietnamTime.timeZone)

            func recount() async throws -> [String: (n: Int, onTime: Int, late: Int, mean: Double?, p90: Double?)] {
                let context = try await DeadlineStore.load(on: app.db)
                var seconds: [String: [Double]] = [:], onTime: [String: Int] = [:], late: [String: Int] = [:]
                for lead in try await Assignment.query(on: app.db).filter(\.$role == .lead).filter(\.$answeredAt >= from).filter(\.$answeredAt < to).all() {
                    guard let record = try await ServiceRequestRecord.find(lead.requestID, on: app.db), !record.restricted else { continue }
                    let key = lead.agencyID.uuidString.lowercased()
                    seconds[key, default: []].append(context.calendar(for: lead.agencyID).workingSeconds(from: lead.forwardedAt, to: lead.answeredAt!))
                    if lead.outcome == .onTime { onTime[key, default: 0] += 1 }
                    if lead.outcome == .late { late[key, default: 0] += 1 }
                }
                func tenth(_ v: Double) -> Double { (v * 10).rounded() / 10 }
                var result: [String: (n: Int, onTime: Int, late: Int, mean: Double?, p90: Double?)] = [:]
                for (key, values) in seconds {
                    result[key] = (values.count, onTime[key] ?? 0, late[key] ?? 0,
                                   tenth(values.reduce(0, +) / Double(values.count) / Statistics.workingDay),
                                   Self.histogramP90(values).map { tenth($0 / Statistics.workingDay) })
                }
                return result
            }
            func compare() async throws {
                let expected = try await recount()
                #expect(expected.count >= 2, "two agencies answered")
                let report = try await Statistics.report(from: from, to: to, on: app.db, now: DemoGeneratorTests.now)
                #expect(report.performanceByAgency.count == expected.count)
                for row in report.performanceByAgency {
                    let want = try #require(expected[row.key])
                    #expect(row.answered == want.n && row.onTime == want.onTime && row.late == want.late, "\(row.key)")
                    #expect(row.averageWorkingDays == want.mean && row.p90WorkingDays == want.p90, "\(row.key): \(row) vs \(want)")
                }
                #expect(report.performanceByService.reduce(0) { $0 + $1.answered } == expected.values.reduce(0) { $0 + $1.n })
            }
            try await compare()
            // Damaged stored times (a calendar changed since): the rebuild recomputes them and the figures agree again.
            try await Assignment.query(on: app.db).set(\.$answerWorkingSeconds, to: 1).update()
            #expect(try await AnswerTimes.rebuild(on: app.db) > 0)
            try await compare()
        }
    }
}
