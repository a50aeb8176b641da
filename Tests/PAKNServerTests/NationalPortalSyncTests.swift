import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor

/// The national PAKN portal's sync (issue 15 item 8; docs/national-portal-sync.md): the `pakn-sync/1` record and
/// `pakn sync export`, the outbox adapter against a local peer that plays the portal, and `pakn sync import`.
@Suite("National portal sync")
struct NationalPortalSyncTests {
    static func at(_ text: String) -> Date { W3CDateTime.parse(text)! }

    /// Every line `pakn sync export` prints for the window, decoded.
    static func export(_ app: Application, since: String, until: String, pageSize: Int = NationalSyncQuery.pageSize) async throws -> [String] {
        var lines: [String] = []
        try await SyncExportCommand.export(since: at(since), until: at(until), pageSize: pageSize, on: app.db) { lines.append($0) }
        return lines
    }

    static func json(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    static func configure(_ config: inout AppConfiguration, peer: NationalPortalPeer) {
        config.nationalSyncURL = peer.url
        config.nationalSyncToken = NationalPortalPeer.token
    }

    static func syncJobs(_ app: Application) async throws -> [Job] {
        try await Job.query(on: app.db).filter(\.$kind == .nationalSync).sort(\.$createdAt).all()
    }

    /// The public events of a request, oldest first (the changes the jobs were queued for).
    static func events(_ app: Application, _ record: ServiceRequestRecord) async throws -> [EventRecord] {
        try await EventRecord.query(on: app.db).filter(\.$requestID == record.requireID()).filter(\.$isPublic == true)
            .sort(\.$occurredAt).all()
    }

    // MARK: the record and the export

    @Test("a request taken to a published answer is exported with its six status changes, the masked answer, and no contact detail",
          arguments: TestDatabase.available)
    func exportedRecord(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            // setup: the citizen's name and phone number are in her text and in the agency's answer.
            let agency = try await O311.agency(app)
            let id = try agency.requireID()
            let record = try await O311.makeCase(app, content: "Tôi là Nguyễn Thị Hoa, điện thoại 0912 345 678. Ổ gà rất lớn giữa đường, xe máy ngã hai lần.",
                                                 now: Self.at("2026-03-02T08:00:00+07:00"))
            func move(_ action: WorkflowAction, _ acting: Acting, _ when: String, _ input: ActionInput = ActionInput()) async throws {
                try await CaseWorkflow.perform(action, requestID: record.requireID(), by: acting, input: input,
                                               config: app.paknConfiguration, on: app.db, now: Self.at(when))
            }
            try await move(.forward, O311.coordinator, "2026-03-02T09:00:00+07:00", ActionInput(leadAgencyID: id))
            try await move(.accept, O311.officer(id), "2026-03-03T09:00:00+07:00")
            try await move(.answer, O311.officer(id), "2026-03-05T10:00:00+07:00",
                           ActionInput(note: "Đã vá ổ gà theo phản ánh của bà Nguyễn Thị Hoa, số điện thoại 0912 345 678. Xin cảm ơn bà."))
            try await move(.approve, O311.leader(id), "2026-03-05T14:00:00+07:00")
            try await move(.publish, O311.coordinator, "2026-03-06T09:30:00+07:00")

            // act
            let lines = try await Self.export(app, since: "2026-03-01", until: "2026-04-01")

            // check
            #expect(lines.count == 1)
            let line = try #require(lines.first)
            let json = try Self.json(line)
            #expect(json["schema"] as? String == "pakn-sync/1")
            #expect(json["tracking_code"] as? String == TrackingCode(digits: record.trackingCode)?.formatted)
            #expect(json["received_at"] as? String == "2026-03-02T08:00:00+07:00")
            #expect(json["updated_at"] as? String == "2026-03-06T09:30:00+07:00")
            #expect(json["kind"] as? [String: String] == ["code": "phan_anh", "label": "Phản ánh"])
            #expect(json["channel"] as? [String: String] == ["code": "web", "label": "Cổng thông tin"])
            #expect(json["field"] as? [String: String] == ["service_code": "su_co_duong", "name": "Đường hư hỏng – ổ gà"])
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            #expect(json["commune"] as? [String: String] == ["code": commune, "name": "Phường Quy Nhơn"])
            #expect(json["lead_agency"] as? [String: String] == ["id": id.uuidString.lowercased(), "name": "Sở Xây dựng"])
            #expect(json["status"] as? [String: String] == ["code": "published", "label": "Đã trả lời, công khai",
                                                            "national_code": "da_tra_loi", "national_label": "Đã trả lời"])
            let changes = try #require(json["status_changes"] as? [[String: Any]])
            #expect(changes.map { $0["at"] as? String } == ["2026-03-02T08:00:00+07:00", "2026-03-02T09:00:00+07:00", "2026-03-03T09:00:00+07:00",
                                                           "2026-03-05T10:00:00+07:00", "2026-03-05T14:00:00+07:00", "2026-03-06T09:30:00+07:00"])
            #expect(changes.map { $0["from"] as? String } == [nil, "received", "forwarded", "accepted", "answered", "approved"])
            #expect(changes.map { $0["to"] as? String } == ["received", "forwarded", "accepted", "answered", "approved", "published"])
            #expect(changes.map { $0["action"] as? String } == ["created", "forward", "accept", "answer", "approve", "publish"])
            #expect(changes.map { $0["label"] as? String } == ["Tiếp nhận", "Chuyển xử lý", "Tiếp nhận xử lý", "Gửi dự thảo trả lời",
                                                               "Duyệt trả lời", "Công khai trả lời"])
            #expect(changes.allSatisfy { $0["note"] == nil }, "no note was approved for the public")
            #expect(json["answer"] as? [String: String] == [
                "text": "Đã vá ổ gà theo phản ánh của bà [họ tên đã ẩn], số điện thoại [SĐT đã ẩn]. Xin cảm ơn bà.",
                "published_at": "2026-03-06T09:30:00+07:00"])
            #expect(json["rating"] == nil)
            #expect(json["national_portal_id"] == nil)
            // Nothing of the citizen: name, phone, e-mail, the address line, the coordinates, her own words.
            for personal in ["Hoa", "0912", "345 678", "hoa.nguyen", "example.com", "Trần Hưng Đạo", "13.7765", "109.2237", "xe máy ngã"] {
                #expect(!line.contains(personal), "\(personal) leaked")
            }
            // The domain type reads back what was written.
            let decoded = try NationalSyncRecord.decoder().decode(NationalSyncRecord.self, from: Data(line.utf8))
            #expect(decoded.statusChanges.count == 6 && decoded.status.nationalCode == "da_tra_loi")
        }
    }

    @Test("a restricted case (khiếu nại, tố cáo) is never exported", arguments: TestDatabase.available)
    func restrictedNotExported(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let open = try await O311.makeCase(app, content: "Ổ gà rất lớn giữa đường, cần sửa gấp.", now: Self.at("2026-03-02T08:00:00+07:00"))
            let complaint = try await O311.makeCase(app, content: "Tố cáo cán bộ phường nhận tiền khi làm thủ tục.", phone: "0912 000 111",
                                                    now: Self.at("2026-03-02T08:30:00+07:00"))
            try await CaseWorkflow.perform(.referToComplaintProcedure, requestID: complaint.requireID(), by: O311.coordinator,
                                           input: ActionInput(), config: app.paknConfiguration, on: app.db, now: Self.at("2026-03-02T10:00:00+07:00"))
            let lines = try await Self.export(app, since: "2026-03-01", until: "2026-04-01")
            #expect(lines.count == 1)
            #expect(try lines.map { try Self.json($0)["tracking_code"] as? String } == [TrackingCode(digits: open.trackingCode)?.formatted])
            #expect(try await NationalSyncQuery.records(for: [complaint.requireID()], on: app.db).isEmpty)
        }
    }

    @Test("--since includes a change at its instant, --until excludes one at its instant (UTC+7), in reception order, page by page",
          arguments: TestDatabase.available)
    func windowEdges(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let agency = try await O311.agency(app)
            func make(_ when: String) async throws -> ServiceRequestRecord {
                try await O311.makeCase(app, content: "Ổ gà rất lớn giữa đường, cần sửa gấp.", now: Self.at(when))
            }
            let earlier = try await make("2026-02-10T09:00:00+07:00")     // received before, forwarded inside: in
            try await CaseWorkflow.perform(.forward, requestID: earlier.requireID(), by: O311.coordinator,
                                           input: ActionInput(leadAgencyID: agency.id), config: app.paknConfiguration, on: app.db,
                                           now: Self.at("2026-03-10T09:00:00+07:00"))
            let atSince = try await make("2026-03-01T00:00:00+07:00")     // exactly --since: in
            _ = try await make("2026-02-28T23:59:59+07:00")               // a second before: out
            let lastSecond = try await make("2026-03-31T23:59:59+07:00")  // a second before --until: in
            _ = try await make("2026-04-01T00:00:00+07:00")               // exactly --until: out
            let expected = [earlier, atSince, lastSecond].map { TrackingCode(digits: $0.trackingCode)!.formatted }

            // The command's own forms: a date is midnight in Vietnam; a date and time without an offset is Vietnam time.
            for (since, until) in [("2026-03-01", "2026-04-01"), ("2026-03-01T00:00", "2026-04-01T00:00"),
                                   ("2026-02-28T17:00:00Z", "2026-03-31T17:00:00Z")] {
                for pageSize in [200, 2, 1] {
                    let lines = try await Self.export(app, since: since, until: until, pageSize: pageSize)
                    #expect(try lines.map { try Self.json($0)["tracking_code"] as? String } == expected, "\(since) \(until) pages of \(pageSize)")
                }
            }
            // A second later on both ends: the first one drops out, the one at --until comes in.
            let shifted = try await Self.export(app, since: "2026-03-01T00:00:01+07:00", until: "2026-04-01T00:00:01+07:00")
            #expect(shifted.count == 3)
            #expect(!shifted.contains { $0.contains(expected[1]) })
        }
    }

    // MARK: the outbox adapter

    @Test("nothing is queued for the portal when PAKN_NATIONAL_SYNC_URL is unset", arguments: TestDatabase.available)
    func nothingQueuedWithoutURL(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let agency = try await O311.agency(app)
            let record = try await O311.makeCase(app, content: "Ổ gà rất lớn giữa đường, cần sửa gấp.")
            try await O311.forward(app, record, to: agency)
            #expect(try await Self.syncJobs(app).isEmpty)
            #expect(try await Job.query(on: app.db).filter(\.$kind == .notify).count() == 2, "the citizen's notices are queued as before")
            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            #expect(try await admin.get("/quan-tri/kenh-ket-noi").body.string.contains("Đang tắt: biến môi trường PAKN_NATIONAL_SYNC_URL chưa đặt."))
        }
    }

    @Test("a 503 is retried with back-off and the record delivered once, with the same Idempotency-Key and the bearer token",
          arguments: TestDatabase.available)
    func retriedThenDelivered(_ database: TestDatabase) async throws {
        let peer = try await NationalPortalPeer.start()
        do {
            try await TestApp.with(database, modify: { Self.configure(&$0, peer: peer) }) { app in
                peer.script([.serviceUnavailable])
                let record = try await O311.makeCase(app, content: "Ổ gà rất lớn giữa đường, cần sửa gấp.")
                let created = try #require(try await Self.events(app, record).first)
                let start = Date()
                try await OutboundTests.work(app, now: start)
                #expect(peer.requests.count == 1)
                var job = try #require(try await Self.syncJobs(app).first)
                #expect(job.finishedAt == nil && job.attempts == 1)
                #expect(job.lastError == "national portal: HTTP 503")
                // Back-off: 2 minutes after the first failure; not before.
                try await OutboundTests.work(app, now: start.addingTimeInterval(60))
                #expect(peer.requests.count == 1)
                try await OutboundTests.work(app, now: start.addingTimeInterval(180))
                try await OutboundTests.work(app, now: start.addingTimeInterval(86_400))
                #expect(peer.requests.count == 2, "the 503, then one delivery")
                job = try #require(try await Self.syncJobs(app).first)
                #expect(job.finishedAt != nil && job.attempts == 1)
                let key = "pakn-sync:\(try created.requireID().uuidString.lowercased())"
                #expect(peer.requests.map { $0.headers.first(name: "Idempotency-Key") } == [key, key])
                #expect(peer.requests.allSatisfy { $0.headers.first(name: .authorization) == "Bearer \(NationalPortalPeer.token)" })
                #expect(peer.requests.allSatisfy { $0.path == NationalPortalPeer.path })
                #expect(peer.requests.allSatisfy { $0.headers.contentType == .json })
                let body = try #require(peer.requests.last?.json)
                #expect(body["schema"] as? String == "pakn-sync/1")
                #expect(body["tracking_code"] as? String == TrackingCode(digits: record.trackingCode)?.formatted)
                #expect((body["status"] as? [String: String])?["code"] == "received")
                let sent = peer.requests.last?.text ?? ""
                #expect(sent.contains(#""status_changes":[{"action":"created""#))
                #expect(!sent.contains("0912") && !sent.contains("Hoa"), "no contact detail")
            }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }

    @Test("a 400 from the portal is final: the job is failed with the status and never sent again", arguments: TestDatabase.available)
    func refusedIsFinal(_ database: TestDatabase) async throws {
        let peer = try await NationalPortalPeer.start()
        do {
            try await TestApp.with(database, modify: { Self.configure(&$0, peer: peer) }) { app in
                peer.script([.badRequest])
                let record = try await O311.makeCase(app, content: "Ổ gà rất lớn giữa đường, cần sửa gấp.")
                let start = Date()
                try await OutboundTests.work(app, now: start)
                try await OutboundTests.work(app, now: start.addingTimeInterval(86_400))
                #expect(peer.requests.count == 1)
                let job = try #require(try await Self.syncJobs(app).first)
                #expect(job.finishedAt != nil)
                #expect(job.attempts == JobQueue.deadAfterAttempts, "counted with the failed jobs")
                #expect(job.lastError == #"national portal refused the record: HTTP 400: {"error":"scripted 400"}"#)
                // The admin sees it on the channels page, with the portal's answer.
                let admin = Browser(app)
                try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
                let page = try await admin.get("/quan-tri/kenh-ket-noi").body.string
                let section = try #require(page.components(separatedBy: #"<section id="cong-quoc-gia">"#).last)
                #expect(section.contains("Bị từ chối hoặc đã bỏ: 1"))
                #expect(section.contains("Phản ánh \(TrackingCode(digits: record.trackingCode)!.formatted)"))
                #expect(section.contains("Đã dừng: cổng từ chối, hoặc đã thử 10 lần."))
                #expect(section.contains("Lỗi: national portal refused the record: HTTP 400"))
            }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }

    @Test("the records of one request reach the portal in the order of its changes, a retried one first",
          arguments: TestDatabase.available)
    func inOrder(_ database: TestDatabase) async throws {
        let peer = try await NationalPortalPeer.start()
        do {
            try await TestApp.with(database, modify: { Self.configure(&$0, peer: peer) }) { app in
                let agency = try await O311.agency(app)
                let record = try await O311.makeCase(app, content: "Ổ gà rất lớn giữa đường, cần sửa gấp.")
                try await O311.forward(app, record, to: agency)
                try await O311.move(app, record, .accept, O311.officer(agency.requireID()))
                let keys = try await Self.events(app, record).map { "pakn-sync:\(try $0.requireID().uuidString.lowercased())" }
                #expect(keys.count == 3)
                #expect(try await Self.syncJobs(app).count == 3)

                // The first (the creation's) meets a 503: the two later ones wait behind it.
                peer.script([.serviceUnavailable])
                let start = Date()
                try await OutboundTests.work(app, now: start)
                #expect(peer.requests.count == 1)
                try await OutboundTests.work(app, now: start.addingTimeInterval(180))
                try await OutboundTests.work(app, now: start.addingTimeInterval(86_400))
                #expect(peer.requests.map { $0.headers.first(name: "Idempotency-Key") ?? "" } == [keys[0]] + keys)
                // Each POST carries the record as it is when sent: the request is accepted by now.
                #expect(peer.requests.dropFirst().allSatisfy { ($0.json["status"] as? [String: String])?["code"] == "accepted" })
                #expect(try await Self.syncJobs(app).allSatisfy { $0.finishedAt != nil && $0.attempts <= 1 })
            }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }

    // MARK: the import

    static func portalLine(id: String, commune: String, phone: String = "0905 111 222") -> String {
        #"{"portal_id":"\#(id)","title":"Chậm giải quyết hồ sơ đất đai","content":"Hồ sơ cấp giấy chứng nhận nộp từ tháng 1 đến nay chưa có kết quả.","kind":"kien_nghi","field":{"code":"DD-01","name":"Đất đai"},"commune_code":"\#(commune)","contact":{"full_name":"Lê Văn Bình","phone":"\#(phone)","email":"binh.le@example.com","address":"Số 3 Lý Thường Kiệt"},"received_at":"2026-03-02T08:15:00+07:00"}"#
    }

    @Test("two deliveries of one portal id make one request through intake, on the national portal channel, with one tracking code",
          arguments: TestDatabase.available)
    func importIsIdempotent(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            let before = try await Fixtures.count(ServiceRequestRecord.self, on: app.db)
            let line = Self.portalLine(id: "000.00.00.H21-260302-0001", commune: commune)
            let first = try await SyncImportCommand.importLines(line + "\n\n", config: app.paknConfiguration, on: app.db)
            let second = try await SyncImportCommand.importLines(line, config: app.paknConfiguration, on: app.db)
            #expect(first.count == 1 && second.count == 1)
            let code = try #require(first.first?.trackingCode)
            #expect(first.first?.created == true && first.first?.error == nil)
            #expect(second.first?.created == false && second.first?.trackingCode == code)
            #expect(try await Fixtures.count(ServiceRequestRecord.self, on: app.db) == before + 1)
            #expect(try await Fixtures.count(NationalPortalLink.self, on: app.db) == 1)

            let record = try #require(try await ServiceRequestRecord.query(on: app.db)
                .filter(\.$trackingCode == TrackingCode(parsing: code)!.digits).first())
            #expect(record.channel == .nationalPortal && record.kind == .petition && record.status == .received)
            #expect(record.serviceCode == nil, "the portal's field code is not ours: the operator sets it at triage")
            #expect(record.address == "", "the citizen's home address is not the place of the problem")
            let link = try #require(try await NationalPortalLink.query(on: app.db).first())
            #expect(link.portalID == "000.00.00.H21-260302-0001" && link.portalField == "DD-01 — Đất đai")
            #expect(link.portalReceivedAt == Self.at("2026-03-02T08:15:00+07:00"))
            let contact = try #require(try await Contact.find(record.primaryContactID, on: app.db))
            #expect(contact.fullName == "Lê Văn Bình" && contact.phone == "0905111222" && contact.email == "binh.le@example.com")
            // The export names the portal's id, never the contact.
            let exported = try #require(try await NationalSyncQuery.records(for: [record.requireID()], on: app.db).first)
            #expect(exported.nationalPortalID == "000.00.00.H21-260302-0001")
            #expect(exported.channel == .init(code: "nationalPortal", label: "Cổng DVC quốc gia"))
            let text = String(decoding: try NationalSyncRecord.encoder().encode(exported), as: UTF8.self)
            #expect(!text.contains("Bình") && !text.contains("0905") && !text.contains("Lý Thường Kiệt"))
        }
    }

    @Test("a bad line is refused in the stable JSON error shape and stores nothing", arguments: TestDatabase.available)
    func importRefusesBadInput(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            let requests = try await Fixtures.count(ServiceRequestRecord.self, on: app.db)
            let contacts = try await Fixtures.count(Contact.self, on: app.db)
            let jobs = try await Fixtures.count(Job.self, on: app.db)
            let text = [
                "not json at all",
                #"{"portal_id":"  ","title":"Chậm giải quyết hồ sơ","content":"Hồ sơ nộp từ tháng 1 chưa có kết quả.","commune_code":"99999","received_at":"hôm qua"}"#,
                Self.portalLine(id: "000.00.00.H21-260302-0002", commune: commune, phone: "12"),
            ].joined(separator: "\n")
            let results = try await SyncImportCommand.importLines(text, config: app.paknConfiguration, on: app.db)
            #expect(results.map(\.line) == [1, 2, 3])
            #expect(results.map { $0.error?.code } == ["bad_line", "validation_failed", "validation_failed"])
            #expect(results[1].error?.fields.map(\.field) == ["portal_id", "received_at", "communeCode", "fullName", "phone"])
            #expect(results[2].error?.fields == [FieldError(field: "phone", message: "Số điện thoại không hợp lệ (ví dụ 0912 345 678).")])
            #expect(results.allSatisfy { $0.trackingCode == nil && $0.created == nil })
            // The stable shape: {"line", "error": {"code", "message", "fields"}}.
            let encoded = try Self.json(String(decoding: try JSONEncoder().encode(results[2]), as: UTF8.self))
            let error = try #require(encoded["error"] as? [String: Any])
            #expect(Set(error.keys) == ["code", "message", "fields"])
            #expect(encoded["portal_id"] as? String == "000.00.00.H21-260302-0002")
            // Nothing half-stored.
            #expect(try await Fixtures.count(ServiceRequestRecord.self, on: app.db) == requests)
            #expect(try await Fixtures.count(Contact.self, on: app.db) == contacts)
            #expect(try await Fixtures.count(Job.self, on: app.db) == jobs)
            #expect(try await Fixtures.count(NationalPortalLink.self, on: app.db) == 0)
        }
    }
}
