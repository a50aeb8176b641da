import Fluent
import Foundation
@testable import PAKNServer
import PAKNChannels
import PAKNDomain
import Testing
import Vapor

/// Outbound e-mail through msmtp to a real SMTP server on loopback, and threading of the citizen's reply
/// (issue 4 channel 2 "Outbound …", "Threading by Message-ID / In-Reply-To / References"; channels.md §3.2, §3.4).
@Suite("Outbound e-mail", .enabled(if: SMTPPeer.enabled, "needs msmtp and .venv-smtp (scripts/test makes it)"))
struct EmailDeliveryTests {
    static let from = "Tổng đài 1022 Gia Lai <phananh@gialai.gov.vn>"

    static func configure(_ config: inout AppConfiguration, smtp: SMTPPeer) {
        config.channels.sendmailCommand = smtp.sendmailCommand
        config.channels.mailFrom = from
    }

    /// A request that came by e-mail from `address` (whose first mail had Message-ID `<m1@example.vn>`), with its
    /// "created" notice queued.
    static func emailRequest(_ app: Application, address: String, phone: String? = nil) async throws -> ServiceRequestRecord {
        let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
        let submission = Submission(kind: "phan_anh", title: "Cống thoát nước bị tắc", content: "Cống trước nhà số 12 Lê Lợi bị tắc, nước tràn.",
                                    communeCode: commune, address: "12 Lê Lợi", fullName: "Nguyễn Văn An", phone: phone, email: address, consent: true)
        let record = try await IntakeService.submit(submission, files: [], channel: .email, acting: .system,
                                                    config: app.paknConfiguration, on: app.db).get()
        let message = MessageRecord()
        message.requestID = try record.requireID()
        message.channel = .email
        message.direction = .inbound
        message.providerMessageID = "<m1-\(UUID().uuidString.prefix(8))@example.vn>"
        message.senderID = address
        message.body = "Cống thoát nước bị tắc"
        try await message.save(on: app.db)
        return record
    }

    static func header(_ name: String, in raw: String) -> String? {
        raw.components(separatedBy: "\r\n\r\n").first?.components(separatedBy: "\r\n")
            .first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
            .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
    }

    @Test("the receipt of a mailed request goes back by mail: once, our Message-ID with the code, in the citizen's thread, auto-replied",
          arguments: TestDatabase.available)
    func receiptByMail(_ database: TestDatabase) async throws {
        let smtp = try SMTPPeer.start()
        defer { smtp.stop() }
        try await TestApp.with(database, modify: { Self.configure(&$0, smtp: smtp) }) { app in
            let record = try await Self.emailRequest(app, address: "an.nguyen@example.vn")
            let code = TrackingCode(digits: record.trackingCode)!.formatted
            let citizenMessageID = try #require(try await MessageRecord.query(on: app.db).filter(\.$requestID == record.requireID()).first()?.providerMessageID)
            try await OutboundTests.work(app)
            try await OutboundTests.work(app)

            let mails = try smtp.received()
            try #require(mails.count == 1, "one mail, however often the worker runs")
            let mail = mails[0]
            #expect(mail.mailFrom == "phananh@gialai.gov.vn")
            #expect(mail.recipients == ["an.nguyen@example.vn"])
            // RFC 3834 §5 and channels.md §3.4: an automatic notice says so, so auto-responders stay quiet.
            #expect(Self.header("Auto-Submitted", in: mail.text) == "auto-replied")
            #expect(Self.header("Precedence", in: mail.text) == "bulk")
            #expect(Self.header("In-Reply-To", in: mail.text) == citizenMessageID)
            #expect(Self.header("References", in: mail.text) == citizenMessageID)
            let messageID = try #require(Self.header("Message-ID", in: mail.text))
            #expect(messageID.hasPrefix("<pakn.\(code)."))
            #expect(messageID.hasSuffix("@gialai.gov.vn>"))
            let parsed = EmailMessage.parse(mail.raw)
            #expect(parsed.subject == "Đã tiếp nhận phản ánh của bạn [#\(code)]")
            #expect(parsed.from == EmailAddress(name: "Tổng đài 1022 Gia Lai", address: "phananh@gialai.gov.vn"))
            #expect(parsed.text.contains("Mã tra cứu: \(code)"))
            #expect(parsed.text.contains("Đã tiếp nhận phản ánh của bạn"))

            let sent = try await OutboundTests.outbound(app, record)
            #expect(sent.map(\.channel) == [.email])
            let details = try JSONDecoder().decode([String: String].self, from: Data(try #require(sent.first?.details).utf8))
            #expect(sent.first?.sendStatus == .sent)
            #expect(sent.first?.automatic == true, "the acknowledgement is an automatic mail")
            #expect(details["message_id"] == messageID)

            // The citizen answers in the thread: no code in the subject, our Message-ID in In-Reply-To → same request.
            let reply = MailReceiveTests.mail("From: An <an.nguyen@example.vn>\nSubject: Re: gửi thêm ảnh\nMessage-ID: <m2@example.vn>\nIn-Reply-To: \(messageID)\nReferences: \(citizenMessageID) \(messageID)\n\nNước vẫn tràn sáng nay.")
            #expect(await MailReceiveTests.receive(app, reply) == .stored)
            try await OutboundTests.work(app)
            let joined = try #require(try await MessageRecord.query(on: app.db).filter(\.$providerMessageID == "<m2@example.vn>").first())
            #expect(joined.requestID == record.id)

            // Someone else's mail carrying our Message-ID (a forwarded thread) is a third party: it waits, flagged.
            let stranger = MailReceiveTests.mail("From: hang.xom@example.vn\nSubject: Re: gửi thêm ảnh\nMessage-ID: <m3@example.vn>\nReferences: \(messageID)\n\nNhà tôi cũng bị.")
            #expect(await MailReceiveTests.receive(app, stranger) == .stored)
            try await OutboundTests.work(app)
            let waiting = try #require(try await MessageRecord.query(on: app.db).filter(\.$providerMessageID == "<m3@example.vn>").first())
            #expect(waiting.requestID == nil)
            #expect(waiting.details?.contains("\"third_party\":\"true\"") == true)
            #expect(try smtp.received().count == 1, "no answer to either reply: notices follow workflow moves only")
        }
    }

    @Test("a bounce of a notice marks that mail failed with the reason on the case, and the notice goes again by SMS to the phone given, once",
          arguments: TestDatabase.available)
    func bounceFallsBackToSMS(_ database: TestDatabase) async throws {
        let smtp = try SMTPPeer.start()
        defer { smtp.stop() }
        let peer = try await ProviderPeer.start()
        do {
            try await TestApp.with(database, modify: { OutboundTests.configure(&$0, peer: peer); Self.configure(&$0, smtp: smtp) }) { app in
                _ = try await WorkflowFlowTests.staff(on: app)
                // The mail server accepted the notice (sendmail 0); the citizen's server refuses it later with a DSN.
                let record = try await Self.emailRequest(app, address: "khong.ton.tai@example.vn", phone: "0912 345 678")
                try await OutboundTests.work(app)
                let mail = try #require(try await OutboundTests.outbound(app, record).first)
                #expect(mail.channel == .email && mail.sendStatus == .sent)
                let delivered = try #require(try smtp.received().first)
                let messageID = try #require(Self.header("Message-ID", in: delivered.text))
                #expect(mail.receiptID == messageID)
                #expect(peer.requests(OutboundTests.smsPath).isEmpty)

                // As Postfix returns it (RFC 3464 inside RFC 6522), naming our mail by its Message-ID.
                let bounce = """
                From: MAILER-DAEMON@mx.gialai.gov.vn (Mail Delivery System)
                Subject: Undelivered Mail Returned to Sender
                Auto-Submitted: auto-replied
                Message-ID: <bounce.1@mx.gialai.gov.vn>
                Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

                --B1
                Content-Type: text/plain; charset=us-ascii

                Your message could not be delivered.
                --B1
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.gialai.gov.vn

                Final-Recipient: rfc822; khong.ton.tai@example.vn
                Action: failed
                Status: 5.1.1
                Diagnostic-Code: smtp; 550 5.1.1 <khong.ton.tai@example.vn>: User unknown

                --B1
                Content-Type: text/rfc822-headers

                From: phananh@gialai.gov.vn
                Message-ID: \(messageID)
                --B1--
                """
                let raw = Array(bounce.replacingOccurrences(of: "\n", with: "\r\n").utf8)
                for _ in 0..<2 {   // delivered twice by the MTA: one event, one SMS
                    #expect(await MailReceiver.receive(raw, recipient: nil, maxBytes: 1_000_000, on: app.db, logger: app.logger) == .stored)
                }
                for _ in 0..<2 { try await OutboundTests.work(app) }
                let failed = try #require(try await MessageRecord.find(mail.id, on: app.db))
                #expect(failed.deliveryState == .failed)
                #expect(failed.detailFields["bounce"]?.hasPrefix("Thư bị trả lại (5.1.1) – smtp; 550 5.1.1") == true)
                #expect(failed.detailFields["bounce"]?.contains("khong.ton.tai@example.vn") == false, "the address is masked")
                // The notice again, by SMS only.
                let sms = peer.requests(OutboundTests.smsPath)
                #expect(sms.count == 1)
                let sent = try await OutboundTests.outbound(app, record)
                #expect(sent.map(\.channel).sorted { $0.rawValue < $1.rawValue } == [.email, .sms])
                // The case page shows it.
                let op = Browser(app)
                try await op.login("co@t.vn", TestApp.demoPassword)
                let page = try await op.get("/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())").body.string
                #expect(page.contains("Thư bị trả lại (5.1.1)"))
                // A bounce is not a citizen's message.
                #expect(try await MessageRecord.query(on: app.db).filter(\.$direction == .inbound).filter(\.$senderID == "mailer-daemon@mx.gialai.gov.vn").count() == 0)
            }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }

    @Test("sendmail's exit statuses: a 451 is retried later, a 550 falls back to SMS, a system mailbox gets nothing",
          arguments: TestDatabase.available)
    func refusals(_ database: TestDatabase) async throws {
        let smtp = try SMTPPeer.start()
        defer { smtp.stop() }
        let peer = try await ProviderPeer.start()
        do {
            try await TestApp.with(database, modify: { OutboundTests.configure(&$0, peer: peer); Self.configure(&$0, smtp: smtp) }) { app in
                // 451 → msmtp exits 69 (EX_UNAVAILABLE): the job stays queued for a later try; nothing recorded as sent.
                let later = try await Self.emailRequest(app, address: "tempfail@example.vn")
                // The back-off counts from the pass's own instant, so a slow machine cannot make "later" look past.
                let passAt = Date()
                try await OutboundTests.work(app, now: passAt)
                #expect(try await OutboundTests.outbound(app, later).isEmpty)
                let job = try #require(try await Job.query(on: app.db).filter(\.$kind == .notify).sort(\.$createdAt).first())
                #expect(job.attempts == 1)
                #expect(job.lastError?.contains("sendmail 69") == true)
                #expect(job.lastError?.contains("tempfail@example.vn") == false, "no address in errors an admin sees")
                #expect(job.runAt > passAt, "retried later, with back-off")

                // 550 → msmtp exits 65 (EX_DATAERR): permanent, so the notice goes by SMS to the phone given.
                let refused = try await Self.emailRequest(app, address: "reject@example.vn", phone: "0912 345 678")
                try await OutboundTests.work(app)
                let sent = try await OutboundTests.outbound(app, refused)
                #expect(sent.map(\.channel) == [.sms])
                #expect(sent.first?.details?.contains("sendmail 65") == true)
                #expect(peer.requests(OutboundTests.smsPath).count == 1)

                // A no-reply address never gets an automatic mail (RFC 3834 §2; channels.md §3.4): recorded instead.
                let robot = try await Self.emailRequest(app, address: "no-reply@example.vn")
                try await OutboundTests.work(app)
                let kept = try await OutboundTests.outbound(app, robot)
                #expect(kept.first?.sendStatus == .recorded)
                #expect(try smtp.received().isEmpty)
            }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }

    @Test("an answer given directly reaches the citizen in full by mail, in the same thread as the receipt", arguments: TestDatabase.available)
    func answerByMail(_ database: TestDatabase) async throws {
        let smtp = try SMTPPeer.start()
        defer { smtp.stop() }
        try await TestApp.with(database, modify: { Self.configure(&$0, smtp: smtp) }) { app in
            let record = try await Self.emailRequest(app, address: "an.nguyen@example.vn")
            try await OutboundTests.work(app)
            let answer = "Công ty Cấp thoát nước đã thông cống trước nhà số 12 Lê Lợi chiều nay.\nXin cảm ơn ông đã phản ánh."
            let acting = Acting(userID: nil, actor: .staff(.operator), agencyID: nil, label: "Tổng đài viên")
            _ = try await CaseWorkflow.perform(.answerDirectly, requestID: record.requireID(), by: acting, input: ActionInput(note: answer),
                                               config: app.paknConfiguration, on: app.db)
            try await OutboundTests.work(app)
            let mails = try smtp.received()
            try #require(mails.count == 2)
            let parsed = EmailMessage.parse(mails[1].raw)
            #expect(parsed.text.contains("Trả lời của cơ quan:\n" + answer))
            #expect(parsed.subject?.hasSuffix("[#\(TrackingCode(digits: record.trackingCode)!.formatted)]") == true)
        }
    }

    @Test("a Zalo citizen silent for 8 days, who gave only an e-mail address: the notice falls back to e-mail (channels.md §6)",
          arguments: TestDatabase.available)
    func zaloFallsBackToMail(_ database: TestDatabase) async throws {
        let smtp = try SMTPPeer.start()
        defer { smtp.stop() }
        let peer = try await ProviderPeer.start()
        do {
            try await TestApp.with(database, modify: { OutboundTests.configure(&$0, peer: peer); Self.configure(&$0, smtp: smtp) }) { app in
                let record = try await OutboundTests.chatRequest(app, channel: .zalo, sender: "2468458835291979220")
                let contact = try #require(try await Contact.find(record.primaryContactID, on: app.db))
                contact.phone = nil
                contact.email = "hoa.nguyen@example.vn"
                try await contact.save(on: app.db)
                try await OutboundTests.work(app, now: Date().addingTimeInterval(8 * 86400))
                #expect(peer.requests("/v3.0/oa/message/cs").isEmpty, "no Zalo call outside the 7-day window")
                let mails = try smtp.received()
                try #require(mails.count == 1)
                #expect(mails[0].recipients == ["hoa.nguyen@example.vn"])
                #expect(Self.header("In-Reply-To", in: mails[0].text) == nil, "nothing to thread on: she never wrote by mail")
                let sent = try await OutboundTests.outbound(app, record)
                #expect(sent.map(\.channel) == [.email])
                #expect(sent.first?.details?.contains("Đã quá 7 ngày") == true, "the reason is kept")
            }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }

    @Test("at most PAKN_AUTO_MAILS_PER_HOUR automatic mails to one address in an hour", arguments: TestDatabase.available)
    func automaticMailLimit(_ database: TestDatabase) async throws {
        let smtp = try SMTPPeer.start()
        defer { smtp.stop() }
        try await TestApp.with(database, modify: { Self.configure(&$0, smtp: smtp); $0.channels.automaticMailsPerHour = 2 }) { app in
            for _ in 0..<3 { _ = try await Self.emailRequest(app, address: "an.nguyen@example.vn") }
            try await OutboundTests.work(app)
            #expect(try smtp.received().count == 2)
            let recorded = try await MessageRecord.query(on: app.db).filter(\.$direction == .outbound).filter(\.$sendStatus == .recorded).all()
            #expect(recorded.count == 1)
        }
    }
}
