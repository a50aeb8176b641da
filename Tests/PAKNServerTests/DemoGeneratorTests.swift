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
            _ = try await StatisticsTests.submit(app, commune: "Phường Quy Nhơn", name: "Trần Thị Bình", phone: "0912 345 678")
            await #expect(throws: AppError.self) { try await DemoGenerator.checkTarget(on: app.db, force: false) }
            try await DemoGenerator.checkTarget(on: app.db, force: true)
            // Once it has written, the marker says the archive is generated: a second run may add to it.
            _ = try await Self.generate(app, requests: 5, seed: 1)
            try await DemoGenerator.checkTarget(on: app.db, force: false)
        }
    }
}
