import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import SQLKit
import Testing
import Vapor

/// Clocks, pauses, extensions, reminders and escalations wired into the workflow (issue 3 §3–4, §6).
/// Every expected instant is worked out by hand from the 2026 public-sector calendar (domain.md §3.4) and the
/// standard hours Mon–Fri 07:00–11:00, 13:00–17:00 (+07:00).
@Suite("Deadlines in the workflow")
struct DeadlineWorkflowTests {
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    struct Fixture {
        let app: Application
        let agency: Agency
        let record: ServiceRequestRecord
        var id: UUID { record.id! }
        var coordinator: Acting { Acting(userID: nil, actor: .staff(.coordinator), agencyID: nil, label: "Điều phối") }
        var officer: Acting { Acting(userID: nil, actor: .staff(.agencyOfficer), agencyID: agency.id, label: "Cán bộ") }

        func move(_ action: WorkflowAction, _ acting: Acting, _ when: String, _ input: ActionInput = ActionInput()) async throws -> ServiceRequestRecord {
            try await CaseWorkflow.perform(action, requestID: id, by: acting, input: input, config: app.paknConfiguration, on: app.db, now: DeadlineWorkflowTests.at(when))
        }

        func lead() async throws -> Assignment {
            try #require(try await Assignment.query(on: app.db).filter(\.$requestID == id).filter(\.$role == .lead).filter(\.$active == true).first())
        }
    }

    /// A "thường" request in a field without an on-site rule: 10 working days after acceptance.
    static func fixture(_ app: Application, serviceCode: String = "giao_duc", received: String = "2026-03-02T08:00:00+07:00") async throws -> Fixture {
        let agency = Agency(name: "Sở Giáo dục và Đào tạo", kind: .department)
        try await agency.create(on: app.db)
        let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
        let submission = Submission(kind: "kien_nghi", title: "Tuyển sinh lớp 1", content: "Đề nghị công bố sớm tuyến tuyển sinh lớp 1 năm học mới.",
                                    serviceCode: serviceCode, communeCode: commune, address: "", fullName: "Võ Văn Bình", phone: "0935111222", consent: true)
        guard case .success(let record) = try await IntakeService.submit(submission, files: [], channel: .web, acting: .citizen,
                                                                         config: app.paknConfiguration, on: app.db, now: at(received)) else {
            throw AppError.invalid("fixture")
        }
        return Fixture(app: app, agency: agency, record: record)
    }

    @Test("pause while waiting for the citizen, resume, answer on time", arguments: TestDatabase.available)
    func pauseAndResume(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let f = try await Self.fixture(app)
            _ = try await f.move(.forward, f.coordinator, "2026-03-02T09:00:00+07:00", ActionInput(leadAgencyID: f.agency.id))
            // Accepted Tue 3/3 09:00; thường, 10 working days → same clock time on the 10th following working day:
            // Wed 4, Thu 5, Fri 6, Mon 9 … Fri 13 (8th), Mon 16 (9th), Tue 17/3 (10th) 09:00.
            let accepted = try await f.move(.accept, f.officer, "2026-03-03T09:00:00+07:00")
            #expect(accepted.dueAt == Self.at("2026-03-17T09:00:00+07:00"))
            // Paused Wed 4/3 10:00 (no due instant while waiting), resumed Thu 5/3 10:00: the pause lasted
            // 8 working hours (Wed 10–11, 13–17, Thu 07–10), so the due instant moves 8 working hours later:
            // Tue 17/3 09:00 + 8 h = 09–11 (2), 13–17 (4), Wed 18/3 07–09 (2) → Wed 18/3 09:00.
            let paused = try await f.move(.requestInformation, f.officer, "2026-03-04T10:00:00+07:00", ActionInput(note: "Xin số điện thoại trường."))
            #expect(paused.dueAt == nil)
            let resumed = try await f.move(.supplyInformation, .citizen, "2026-03-05T10:00:00+07:00", ActionInput(note: "0256 3822 111", notePublic: false))
            #expect(resumed.dueAt == Self.at("2026-03-18T09:00:00+07:00"))
            _ = try await f.move(.answer, f.officer, "2026-03-18T08:30:00+07:00", ActionInput(note: "Đã công bố tuyến tuyển sinh."))
            let lead = try #require(try await Assignment.query(on: app.db).filter(\.$requestID == f.id).filter(\.$role == .lead).first())
            #expect(lead.outcome == .onTime)
            #expect(lead.outcomeOriginal == .onTime)
        }
    }

    @Test("an extension asked before the due instant, approved: both due instants kept, the citizen sees the new one", arguments: TestDatabase.available)
    func extensionApproved(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let f = try await Self.fixture(app)
            _ = try await f.move(.forward, f.coordinator, "2026-03-02T09:00:00+07:00", ActionInput(leadAgencyID: f.agency.id))
            _ = try await f.move(.accept, f.officer, "2026-03-03T09:00:00+07:00")  // due Tue 17/3 09:00
            // Not later than the current due instant: refused.
            await #expect(throws: AppError.self) {
                try await Extensions.request(requestID: f.id, reason: "Cần khảo sát", proposedDue: Self.at("2026-03-16T09:00:00+07:00"), by: f.officer, on: app.db, now: Self.at("2026-03-10T09:00:00+07:00"))
            }
            try await Extensions.request(requestID: f.id, reason: "Cần khảo sát thực tế tại 5 trường", proposedDue: Self.at("2026-03-24T16:00:00+07:00"),
                                         by: f.officer, on: app.db, now: Self.at("2026-03-10T09:00:00+07:00"))
            // Only the coordinator decides.
            await #expect(throws: AppError.self) {
                try await Extensions.decide(requestID: f.id, approve: true, reason: nil, by: f.officer, on: app.db, now: Self.at("2026-03-10T10:00:00+07:00"))
            }
            try await Extensions.decide(requestID: f.id, approve: true, reason: nil, by: f.coordinator, on: app.db, now: Self.at("2026-03-10T10:00:00+07:00"))
            let record = try #require(try await ServiceRequestRecord.find(f.id, on: app.db))
            #expect(record.dueAt == Self.at("2026-03-24T16:00:00+07:00"))
            let lead = try await f.lead()
            #expect(lead.dueAt == Self.at("2026-03-24T16:00:00+07:00"))
            #expect(lead.originalDueAt == Self.at("2026-03-17T09:00:00+07:00"))
            let publicEvents = try await EventRecord.query(on: app.db).filter(\.$requestID == f.id).filter(\.$isPublic == true).all()
            #expect(publicEvents.contains { $0.action == .extensionApproved && ($0.note ?? "").contains("24/03/2026 16:00") })
            // Answered Fri 20/3: late against the original due instant, on time against the extension.
            _ = try await f.move(.answer, f.officer, "2026-03-20T10:00:00+07:00", ActionInput(note: "Đã trả lời."))
            let answered = try #require(try await Assignment.query(on: app.db).filter(\.$requestID == f.id).filter(\.$role == .lead).first())
            #expect(answered.outcome == .onTime)
            #expect(answered.outcomeOriginal == .late)
        }
    }

    @Test("an extension cannot be asked after the due instant", arguments: TestDatabase.available)
    func extensionAfterDue(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let f = try await Self.fixture(app)
            _ = try await f.move(.forward, f.coordinator, "2026-03-02T09:00:00+07:00", ActionInput(leadAgencyID: f.agency.id))
            _ = try await f.move(.accept, f.officer, "2026-03-03T09:00:00+07:00")
            await #expect(throws: AppError.self) {
                try await Extensions.request(requestID: f.id, reason: "Trễ", proposedDue: Self.at("2026-03-30T09:00:00+07:00"), by: f.officer, on: app.db,
                                             now: Self.at("2026-03-17T09:30:00+07:00"))
            }
        }
    }

    @Test("a request arriving at 22:30 within intake hours counts from then; at 23:30 on a Friday from Monday 07:00", arguments: TestDatabase.available)
    func intakeHours(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            // Gia Lai's pilot intake hours: 07:00–23:00 on working days (domain.md §1.1).
            let inside = try await Self.fixture(app, received: "2026-03-04T22:30:00+07:00")
            #expect(inside.record.countedFrom == Self.at("2026-03-04T22:30:00+07:00"))
            let outside = try await Self.fixture(app, received: "2026-03-06T23:30:00+07:00")
            #expect(outside.record.countedFrom == Self.at("2026-03-09T07:00:00+07:00"))
            // Fri 9/1/2026 23:30 → the next opening is the make-up working Saturday 10/1 at 07:00.
            let makeUp = try await Self.fixture(app, received: "2026-01-09T23:30:00+07:00")
            #expect(makeUp.record.countedFrom == Self.at("2026-01-10T07:00:00+07:00"))
        }
    }

    @Test("reminders and escalations are written once each, even with two schedulers at once", arguments: TestDatabase.available)
    func remindersAndEscalations(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let f = try await Self.fixture(app)
            _ = try await f.move(.forward, f.coordinator, "2026-03-02T09:00:00+07:00", ActionInput(leadAgencyID: f.agency.id))
            _ = try await f.move(.accept, f.officer, "2026-03-03T09:00:00+07:00")  // due Tue 17/3 09:00, reminder lead 8 working hours
            func scan(_ when: String) async throws {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<2 { group.addTask { try await DeadlineScheduler.scan(on: app.db, provincialAfterWorkingHours: 8, now: Self.at(when)) } }
                    try await group.waitForAll()
                }
            }
            // The forward itself told the agency's officers and leader (issue 14); the scans add the deadline notices.
            let deadlineKinds: [StaffNoticeKind] = [.reminder, .escalation, .provincialEscalation]
            let forwarded = try await StaffNotification.query(on: app.db).filter(\.$kind == .newAssignment).all()
            #expect(Set(forwarded.map(\.role)) == [.agencyOfficer, .agencyLeader] && forwarded.count == 2)
            func kinds() async throws -> [String] {
                try await StaffNotification.query(on: app.db).filter(\.$kind ~~ deadlineKinds).sort(\.$kind).all().map(\.kind.rawValue)
            }
            try await scan("2026-03-13T09:00:00+07:00")   // more than 8 working hours before: nothing
            #expect(try await kinds() == [])
            try await scan("2026-03-16T10:00:00+07:00")   // 7 working hours before the due instant: the reminder
            try await scan("2026-03-16T11:00:00+07:00")
            #expect(try await kinds() == ["reminder"])
            try await scan("2026-03-17T10:00:00+07:00")   // 1 working hour late: leader and coordinator
            try await scan("2026-03-17T14:00:00+07:00")
            #expect(try await kinds() == ["escalation", "escalation", "reminder"])
            try await scan("2026-03-18T09:30:00+07:00")   // 8.5 working hours late: the provincial leaders too
            try await scan("2026-03-18T15:00:00+07:00")
            let notices = try await StaffNotification.query(on: app.db).filter(\.$kind ~~ deadlineKinds).all()
            #expect(notices.map(\.kind.rawValue).sorted() == ["escalation", "escalation", "provincialEscalation", "reminder"])
            #expect(Set(notices.map(\.role)) == [.agencyOfficer, .agencyLeader, .coordinator, .provincialLeader])
        }
    }

    @Test("a scan reads only the assignments whose next check has come, and schedules the next one", arguments: TestDatabase.available)
    func scanSizedToTheWorkDue(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let f = try await Self.fixture(app)
            _ = try await f.move(.forward, f.coordinator, "2026-03-02T09:00:00+07:00", ActionInput(leadAgencyID: f.agency.id))
            _ = try await f.move(.accept, f.officer, "2026-03-03T09:00:00+07:00")  // due Tue 17/3 09:00
            // A changed clock is checked at the next pass (a marker on 1 January 1970, before any real instant).
            #expect(try #require(try await f.lead().nextCheckAt) < Self.at("1970-01-02T00:00:00Z"))
            func waiting(_ when: String) async throws -> Int {
                try await Assignment.query(on: app.db).filter(\.$nextCheckAt <= Self.at(when)).count()
            }
            func scan(_ when: String) async throws -> Int {
                try await DeadlineScheduler.scan(on: app.db, provincialAfterWorkingHours: 8, now: Self.at(when))
            }
            // Fri 13/3: nothing due; the next check is the reminder time, 8 working hours before the due instant:
            // Tue 17/3 07–09 (2 h), Mon 16/3 13–17 (4 h), 09–11 (2 h) → Mon 16/3 09:00.
            #expect(try await scan("2026-03-13T09:00:00+07:00") == 0)
            #expect(try await f.lead().nextCheckAt == Self.at("2026-03-16T09:00:00+07:00"))
            #expect(try await waiting("2026-03-13T10:00:00+07:00") == 0)  // a second pass reads nothing
            #expect(try await scan("2026-03-16T10:00:00+07:00") == 1)     // the reminder; next: the due instant
            #expect(try await f.lead().nextCheckAt == Self.at("2026-03-17T09:00:00+07:00"))
            #expect(try await scan("2026-03-16T11:00:00+07:00") == 0)     // not re-issued, not even read
            // 1 working hour late: leader and coordinator; next: 8 working hours after the due instant:
            // Tue 17/3 09–11 (2 h), 13–17 (4 h), Wed 18/3 07–09 (2 h) → Wed 18/3 09:00.
            #expect(try await scan("2026-03-17T10:00:00+07:00") == 2)
            #expect(try await f.lead().nextCheckAt == Self.at("2026-03-18T09:00:00+07:00"))
            #expect(try await scan("2026-03-18T09:30:00+07:00") == 1)     // the provincial leaders; nothing after
            #expect(try await f.lead().nextCheckAt == nil)
            #expect(try await scan("2026-03-30T09:00:00+07:00") == 0)
            #expect(try await StaffNotification.query(on: app.db).filter(\.$kind != .newAssignment).count() == 4)
            // A changed clock is looked at again: an approved extension moves the due instant and the checks.
            #expect(try await waiting("2026-03-30T09:00:00+07:00") == 0)
        }
    }

    @Test("an unreadable assignment neither blocks the scan nor is read again at once; the others get their notices", arguments: TestDatabase.available)
    func scanMovesPastUnreadableRows(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let damaged = try await Self.fixture(app)
            _ = try await damaged.move(.forward, damaged.coordinator, "2026-03-02T09:00:00+07:00", ActionInput(leadAgencyID: damaged.agency.id))
            let healthy = try await Self.fixture(app)
            _ = try await healthy.move(.forward, healthy.coordinator, "2026-03-02T09:00:00+07:00", ActionInput(leadAgencyID: healthy.agency.id))
            try await (app.db as! any SQLDatabase).update("assignments").set("status", to: "teleported")
                .where("id", .equal, try await damaged.lead().requireID()).run()
            // Acceptance due Tue 3/3 09:00 (8 working hours from Mon 09:00); at Tue 10:00 both are late. With a batch
            // of one, the unreadable row comes first and must not stop the pass.
            let now = Self.at("2026-03-03T10:00:00+07:00")
            let written = try await DeadlineScheduler.scan(on: app.db, provincialAfterWorkingHours: 8, now: now, batchSize: 1)
            #expect(written == 2)  // the healthy case's leader and coordinator
            let rows = try await (app.db as! any SQLDatabase).select().column("status").column("next_check_at").from("assignments")
                .where("status", .equal, "teleported").all()
            let retry = try #require(try rows.first?.decode(column: "next_check_at", as: Date?.self))
            #expect(retry >= now.addingTimeInterval(DeadlineScheduler.retryUnreadableAfter))
            #expect(try await DeadlineScheduler.scan(on: app.db, provincialAfterWorkingHours: 8, now: now.addingTimeInterval(60), batchSize: 1) == 0)
        }
    }

    @Test("the lookups that run on every pass or delivery use an index, not a scan of the archive (SQLite query plans)")
    func indexedLookups() async throws {
        try await TestApp.with(.sqlite) { app in
            let sql = app.db as! any SQLDatabase
            func plan(_ query: String) async throws -> String {
                try await sql.raw(SQLQueryString(query)).all().map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "; ")
            }
            // The outbox's "already sent?" and the reply box's lookups by key, without the channel.
            let byKey = try await plan("EXPLAIN QUERY PLAN SELECT id FROM messages WHERE provider_message_id = 'notify:x'")
            #expect(byKey.contains("USING INDEX") || byKey.contains("USING COVERING INDEX"), "\(byKey)")
            // The deadline scan's batch.
            let due = try await plan("EXPLAIN QUERY PLAN SELECT id FROM assignments WHERE next_check_at <= 0 ORDER BY next_check_at LIMIT 200")
            #expect(due.contains("idx_assignments_next_check"), "\(due)")
            // A case's files (the look-up page) and calls, a person's contacts by e-mail, a user's tokens, the
            // retention job's oldest messages and calls, a user's sessions (revocation).
            for (query, index) in [("SELECT id FROM attachments WHERE request_id = X'00'", "idx_attachments_request"),
                                   ("SELECT id FROM calls WHERE request_id = X'00'", "idx_calls_request"),
                                   ("SELECT id FROM contacts WHERE email = 'a@b.vn'", "idx_contacts_email"),
                                   ("SELECT id FROM api_tokens WHERE user_id = X'00'", "idx_api_tokens_user"),
                                   ("SELECT id FROM messages WHERE created_at < 0 LIMIT 200", "idx_messages_created"),
                                   ("SELECT id FROM calls WHERE initialized_at < 0 LIMIT 200", "idx_calls_initialized"),
                                   ("SELECT id FROM staff_sessions WHERE user_id = X'00'", "idx_staff_sessions_user"),
                                   // A delivery receipt finds its message; the channel-health counts.
                                   ("SELECT id FROM messages WHERE channel = 'zalo' AND receipt_id = 'zmsg-1'", "idx_messages_receipt"),
                                   ("SELECT count(*) FROM messages WHERE channel = 'sms' AND send_status = 'recorded' AND created_at >= 0", "idx_messages_send_status"),
                                   ("SELECT count(*) FROM messages WHERE channel = 'sms' AND delivery_state = 'failed' AND created_at >= 0", "idx_messages_delivery_state"),
                                   // Keyset pages of the staff queue and the public list seek in their order's index.
                                   ("SELECT id FROM service_requests WHERE restricted = 0 AND (CASE WHEN \"service_requests\".\"urgency\" = 'khan' THEN 0 ELSE 1 END) = 1 AND (\"service_requests\".\"received_at\", \"service_requests\".\"id\") < (0, X'00') ORDER BY \"service_requests\".\"received_at\" DESC, \"service_requests\".\"id\" DESC LIMIT 51", "idx_requests_queue_order"),
                                   ("SELECT id FROM service_requests WHERE restricted = 0 AND published_at IS NOT NULL AND (published_at, id) < (0, X'00') ORDER BY published_at DESC, id DESC LIMIT 21", "idx_requests_published_order"),
                                   // The maintained statistics: a day's recount deletes by day and reads each measure's
                                   // rows of the day; the reports sum a measure over a range of days.
                                   ("DELETE FROM statistics_daily WHERE day = '2026-12-05'", "idx_statistics_daily_day"),
                                   ("SELECT COUNT(*) FROM assignments WHERE role = 'lead' AND forwarded_at >= 0 AND forwarded_at < 1", "idx_assignments_forwarded"),
                                   ("SELECT SUM(n) FROM statistics_daily WHERE measure = 'answered' AND day >= '2026-01-01' AND day <= '2026-12-31'", "idx_statistics_daily")] {
                let found = try await plan("EXPLAIN QUERY PLAN " + query)
                #expect(found.contains(index), "\(query): \(found)")
            }
        }
    }

    /// PostgreSQL only: on SQLite the migration has nothing to convert (its JSON is text), so the test could not fail there.
    @Test("migration 0006 turns the clocks stored as text into jsonb columns in place, rows kept",
          arguments: TestDatabase.available.filter { $0 == .postgres })
    func clocksMigrateInPlace(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let f = try await Self.fixture(app)
            _ = try await f.move(.forward, f.coordinator, "2026-03-02T09:00:00+07:00", ActionInput(leadAgencyID: f.agency.id))
            _ = try await f.move(.accept, f.officer, "2026-03-03T09:00:00+07:00")
            _ = try await f.move(.requestInformation, f.officer, "2026-03-04T10:00:00+07:00", ActionInput(note: "Xin ảnh hiện trường."))
            _ = try await f.move(.supplyInformation, .citizen, "2026-03-05T10:00:00+07:00", ActionInput(note: "Đã gửi ảnh.", notePublic: false))
            let before = try await f.lead()
            // Back to the columns as main made them (text holding the JSON), then forward again.
            try await ClocksAsJSON().revert(on: app.db)
            func columnType() async throws -> String? {
                try await (app.db as! any SQLDatabase).raw("SELECT data_type FROM information_schema.columns WHERE table_name = 'assignments' AND column_name = 'resolution_clock'")
                    .first()?.decode(column: "data_type", as: String.self)
            }
            #expect(try await columnType() == "text")
            try await ClocksAsJSON().prepare(on: app.db)
            #expect(try await columnType() == "jsonb")
            let after = try await f.lead()
            #expect(after.acceptance == before.acceptance)
            #expect(after.resolution == before.resolution)
            #expect(after.resolution?.pauses.count == 1)
            #expect(try await Assignment.query(on: app.db).count() == 1)
        }
    }

    @Test("the admin changes next year's calendar and the due dates that depend on it follow", arguments: TestDatabase.available)
    func calendarEditMovesDueDates(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let f = try await Self.fixture(app, received: "2026-12-21T08:00:00+07:00")
            _ = try await f.move(.forward, f.coordinator, "2026-12-21T09:00:00+07:00", ActionInput(leadAgencyID: f.agency.id))
            // Accepted Mon 28/12/2026 09:00: 10 working days: Tue 29, Wed 30, Thu 31, (Fri 1/1/2027 off),
            // Mon 4, Tue 5, Wed 6, Thu 7, Fri 8, Mon 11, Tue 12/1/2027 09:00.
            let accepted = try await f.move(.accept, f.officer, "2026-12-28T09:00:00+07:00")
            #expect(accepted.dueAt == Self.at("2027-01-12T09:00:00+07:00"))
            // The admin stores 2027 from the rules and gives Mon 4/1/2027 off: the due instant moves a working day.
            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            try await admin.get("/quan-tri/lich")
            #expect(try await admin.post("/quan-tri/lich/2027/tao-tu-quy-tac", []).status == .seeOther)
            try await admin.get("/quan-tri/lich/2027")
            let added = try await admin.post("/quan-tri/lich/2027/them", [("date", "2027-01-04"), ("role", "other_off"), ("name", "Nghỉ thêm"), ("legalBasis", "Thông báo giả định cho kiểm thử")])
            #expect(added.status == .seeOther)
            #expect(try await ServiceRequestRecord.find(f.id, on: app.db)?.dueAt == Self.at("2027-01-13T09:00:00+07:00"))
            #expect(try await f.lead().dueAt == Self.at("2027-01-13T09:00:00+07:00"))
            // Switching it off again moves it back.
            let page = try await admin.get("/quan-tri/lich/2027").body.string
            let row = try #require(page.range(of: "2027-01-04"))
            let index = try #require(page[row.upperBound...].range(of: #"name="index" value="(\d+)""#, options: .regularExpression)).lowerBound
            let digits = page[index...].dropFirst(#"name="index" value=""#.count).prefix { $0.isNumber }
            #expect(try await admin.post("/quan-tri/lich/2027/sua", [("index", String(digits)), ("op", "toggle")]).status == .seeOther)
            #expect(try await ServiceRequestRecord.find(f.id, on: app.db)?.dueAt == Self.at("2027-01-12T09:00:00+07:00"))
        }
    }

    @Test("the dashboard reports on-time rates by agency", arguments: TestDatabase.available)
    func statistics(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let f = try await Self.fixture(app)
            _ = try await f.move(.forward, f.coordinator, "2026-03-02T09:00:00+07:00", ActionInput(leadAgencyID: f.agency.id))
            _ = try await f.move(.accept, f.officer, "2026-03-03T09:00:00+07:00")      // due Tue 17/3 09:00
            _ = try await f.move(.answer, f.officer, "2026-03-18T09:00:00+07:00", ActionInput(note: "Trả lời trễ."))  // late
            let report = try await Statistics.report(from: Self.at("2026-03-01T00:00:00+07:00"), to: Self.at("2026-04-01T00:00:00+07:00"),
                                                     on: app.db, now: Self.at("2026-03-20T09:00:00+07:00"))
            let row = try #require(report.performanceByAgency.first { $0.label == "Sở Giáo dục và Đào tạo" })
            #expect(row.answered == 1 && row.onTime == 0 && row.late == 1 && row.onTimeRate == 0)
            // Forwarded Mon 2/3 09:00, answered Wed 18/3 09:00: 12 working days of 8 hours = 96 working hours.
            #expect(row.averageHandlingHours == 96)
            // 96 working hours are 12 working days of 8 hours; with one answer, the 90th percentile is the same.
            #expect(row.averageWorkingDays == 12 && row.p90WorkingDays == 12)
            #expect(report.flow == Statistics.Flow(received: 1, accepted: 1, returned: 0, answered: 1))
            // The same for the agency's own scope; another agency's scope has nothing.
            let own = try await Statistics.report(from: Self.at("2026-03-01T00:00:00+07:00"), to: Self.at("2026-04-01T00:00:00+07:00"),
                                                  scope: .agency(f.agency.id!), on: app.db, now: Self.at("2026-03-20T09:00:00+07:00"))
            #expect(own.performanceByAgency.map(\.answered) == [1] && own.total == 1)
            let none = try await Statistics.report(from: Self.at("2026-03-01T00:00:00+07:00"), to: Self.at("2026-04-01T00:00:00+07:00"),
                                                   scope: .agency(UUID()), on: app.db, now: Self.at("2026-03-20T09:00:00+07:00"))
            #expect(none.total == 0 && none.performanceByAgency.isEmpty && none.flow == Statistics.Flow(received: 0, accepted: 0, returned: 0, answered: 0))
        }
    }
}
