import Fluent
import Foundation
@testable import PAKNServer
import PAKNChannels
import PAKNDomain
import Testing
import Vapor

/// Staff notices by e-mail and SMS (issue 14): each addressee who chose a kind gets it through the outbox, a named
/// officer alone gets the officers' notices of their case, and nothing in a notice mail threads into the case.
/// Mail goes through msmtp to a real SMTP server on loopback; SMS to a local peer that plays eSMS.
@Suite("Staff notices by e-mail and SMS", .enabled(if: SMTPPeer.enabled, "needs msmtp and .venv-smtp (scripts/test makes it)"))
struct StaffNoticeMailTests {
    @Test("a forward reaches the agency's officers and leader who chose it; a returned draft reaches the named officer only; once each",
          arguments: TestDatabase.available)
    func assignmentAndReturnedDraft(_ database: TestDatabase) async throws {
        let smtp = try SMTPPeer.start()
        defer { smtp.stop() }
        let peer = try await ProviderPeer.start()
        do {
        try await TestApp.with(database, modify: { config in
            EmailDeliveryTests.configure(&config, smtp: smtp)
            OutboundTests.configure(&config, peer: peer)
        }) { app in
            let (agency, _) = try await WorkflowFlowTests.staff(on: app)
            let quiet = User(email: "quiet@t.vn", fullName: "Cán bộ Ít Thư", passwordHash: try app.password.hash(TestApp.demoPassword),
                             role: .agencyOfficer, agencyID: agency.id)
            quiet.noticeKinds = "draftReturned,reminder"
            try await quiet.create(on: app.db)
            let leaderUser = try #require(try await User.query(on: app.db).filter(\.$email == "le@t.vn").first())
            leaderUser.noticePhone = "0905123456"
            try await leaderUser.save(on: app.db)
            let record = try await O311.makeCase(app, content: "Tôi là Nguyễn Thị Hoa, số 0912 345 678. Ổ gà sâu trước nhà số 12.")
            // The citizen's own receipt is not a staff notice: sent first, out of the way.
            try await OutboundTests.work(app)
            let before = try smtp.received().count
            let code = TrackingCode(digits: record.trackingCode)!.formatted

            try await O311.forward(app, record, to: agency)
            try await OutboundTests.work(app)
            try await OutboundTests.work(app)
            let forwarded = Array(try smtp.received().dropFirst(before))
            #expect(Set(forwarded.flatMap(\.recipients)) == ["of@t.vn", "le@t.vn"], "quiet@t.vn unticked new assignments; other agencies hear nothing")
            #expect(forwarded.count == 2, "once each, however often the worker runs")
            for mail in forwarded {
                let parsed = EmailMessage.parse(mail.raw)
                let subject = parsed.subject ?? ""
                let messageID = EmailDeliveryTests.header("Message-ID", in: mail.text) ?? ""
                #expect(EmailThreading.trackingCodes(inText: subject).isEmpty, "a reply must not thread into the case: \(subject)")
                #expect(!messageID.contains(code) && messageID.hasPrefix("<pakn.0."), "\(messageID)")
                #expect(EmailDeliveryTests.header("Auto-Submitted", in: mail.text) == "auto-replied")
                #expect(subject == "[1022] Phản ánh mới chuyển đến đơn vị")
                let body = parsed.text
                #expect(body.contains("Phản ánh \(code) được chuyển đến đơn vị (chủ trì)"))
                #expect(body.contains("http://127.0.0.1:8080/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())"))
                #expect(!body.contains("Hoa") && !body.contains("0912"), "no citizen's words or details in a notice")
            }
            // The leader gave a number: the same notice by SMS, once.
            // (The citizen's own notices go by SMS to their number too; the leader's are those to the leader's.)
            let sms = peer.requests(OutboundTests.smsPath).filter { $0.json["Phone"] as? String == "84905123456" }
            #expect(sms.count == 1)
            let json = try #require(sms.first?.json)
            #expect((json["Content"] as? String)?.hasPrefix("1022: Phan anh \(code) duoc chuyen den don vi (chu tri)") == true)

            // The leader names the quiet officer, then returns the draft: only the named officer hears of it.
            try await OfficerAssignments.assign(record.requireID(), to: quiet.requireID(), by: leaderUser.acting, on: app.db)
            try await O311.move(app, record, .accept, O311.officer(agency.id!))
            try await O311.move(app, record, .answer, O311.officer(agency.id!), ActionInput(note: "Đã vá ổ gà."))
            try await O311.move(app, record, .returnDraft, O311.leader(agency.id!), ActionInput(note: "Ghi rõ ngày vá."))
            let mark = try smtp.received().count
            try await OutboundTests.work(app)
            try await OutboundTests.work(app)
            let returned = Array(try smtp.received().dropFirst(mark))
            #expect(returned.flatMap(\.recipients) == ["quiet@t.vn"])
            #expect(returned.first.map { EmailMessage.parse($0.raw).text }?.contains("Lãnh đạo đơn vị trả lại dự thảo trả lời phản ánh \(code) để sửa.") == true)
            // The in-app list has both kinds too.
            let kinds = Set(try await StaffNotification.query(on: app.db).filter(\.$requestID == record.id!).all().map(\.kind))
            #expect(kinds == [.newAssignment, .draftReturned])
        }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }

    @Test("the account page keeps each person's choice and refuses a number that is not Vietnamese", arguments: TestDatabase.available)
    func preferences(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let officer = Browser(app)
            try await officer.login("of@t.vn", TestApp.demoPassword)
            let page = try await officer.get("/quan-tri/tai-khoan").body.string
            // Offered: the kinds addressed to officers, all ticked until chosen otherwise.
            for kind in StaffNoticePreferences.offered(to: .agencyOfficer) { #expect(page.contains("id=\"notice-\(kind.rawValue)\" checked")) }
            #expect(!page.contains("notice-escalation"), "escalations go to leaders and coordinators")
            let refused = try await officer.post("/quan-tri/tai-khoan/thong-bao", [("kinds[]", "reminder"), ("phone", "12345")])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Số điện thoại nhận tin nhắn không hợp lệ."))
            try await officer.get("/quan-tri/tai-khoan")
            #expect(try await officer.post("/quan-tri/tai-khoan/thong-bao", [("kinds[]", "reminder"), ("kinds[]", "escalation"), ("phone", "0905 123 456")]).status == .seeOther)
            let saved = try #require(try await User.query(on: app.db).filter(\.$email == "of@t.vn").first())
            #expect(saved.noticeKinds == "reminder" && saved.noticePhone == "0905123456", "a kind not addressed to officers is dropped")
            try await officer.get("/quan-tri/tai-khoan")
            #expect(try await officer.post("/quan-tri/tai-khoan/thong-bao", [("phone", "")]).status == .seeOther)
            let none = try #require(try await User.query(on: app.db).filter(\.$email == "of@t.vn").first())
            #expect(none.noticeKinds == "" && none.noticePhone == nil)
            #expect(StaffNoticePreferences.parse(none.noticeKinds, role: .agencyOfficer).isEmpty)
        }
    }
}
