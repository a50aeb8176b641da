import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing

/// Due dates set by the workflow follow Vietnamese working time (issue 3; domain.md §3).
@Suite("Due dates in working time")
struct DeadlineWiringTests {
    static func vietnam(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("an urgent pothole forwarded before Tết 2026 is due after the holiday, in working hours", arguments: TestDatabase.available)
    func urgentAcrossTet(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            // setup
            let agency = Agency(name: "Sở Xây dựng", kind: .department)
            try await agency.create(on: app.db)
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            let submission = Submission(kind: "phan_anh", title: "Ổ gà", content: "Ổ gà sâu giữa đường, rất nguy hiểm.", serviceCode: "su_co_duong",
                                        communeCode: commune, address: "", fullName: "Lê Văn Tám", phone: "0905123456", consent: true)
            guard case .success(let record) = try await IntakeService.submit(submission, files: [], channel: .web, acting: .citizen,
                                                                             config: app.paknConfiguration, on: app.db) else { Issue.record("submit failed"); return }
            #expect(record.urgency == .urgent)  // the field's default urgency
            let coordinator = Acting(userID: nil, actor: .staff(.coordinator), agencyID: nil, label: "t")
            let officer = Acting(userID: nil, actor: .staff(.agencyOfficer), agencyID: agency.id, label: "t")
            // act: forwarded Fri 13/2/2026 09:00 (+07:00), the last working day before Tết (Sat 14/2–Sun 22/2 off).
            let forwarded = try await CaseWorkflow.perform(.forward, requestID: record.requireID(), by: coordinator,
                input: ActionInput(leadAgencyID: agency.id), config: app.paknConfiguration, on: app.db, now: Self.vietnam("2026-02-13T09:00:00+07:00"))
            // check: acceptance within 8 working hours: Fri 09–11 (2 h) + 13–17 (4 h), then Mon 23/2 07–09 (2 h) → Mon 09:00.
            let assignment = try #require(try await Assignment.query(on: app.db).filter(\.$requestID == record.requireID()).first())
            #expect(assignment.dueAt == Self.vietnam("2026-02-23T09:00:00+07:00"))
            // Expected answer: khẩn = 4 working hours after that acceptance deadline: Mon 09–11 (2 h) + 13–15 (2 h) → Mon 15:00.
            #expect(forwarded.dueAt == Self.vietnam("2026-02-23T15:00:00+07:00"))
            // act: accepted Mon 23/2 08:00; 4 working hours: 08–11 (3 h) + 13–14 (1 h) → Mon 14:00.
            let accepted = try await CaseWorkflow.perform(.accept, requestID: record.requireID(), by: officer, input: ActionInput(),
                                                          config: app.paknConfiguration, on: app.db, now: Self.vietnam("2026-02-23T08:00:00+07:00"))
            #expect(accepted.dueAt == Self.vietnam("2026-02-23T14:00:00+07:00"))
        }
    }
}
