import Fluent
import Foundation
@testable import PAKNServer
import PAKNChannels
import PAKNDomain
import Testing
import Vapor
import VaporTesting

/// `pakn mail receive` (issue 4 channel 2; channels.md §3.1, §3.2, §3.4).
@Suite("E-mail intake")
struct MailReceiveTests {
    static func mail(_ text: String) -> [UInt8] { Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8) }

    static func receive(_ app: Application, _ raw: [UInt8]) async -> MailReceiver.Outcome {
        await MailReceiver.receive(raw, recipient: "phananh@tinh.gov.vn", maxBytes: 1_000_000, on: app.db, logger: app.logger)
    }

    @Test("stored raw once per Message-ID; a citizen's mail waits in the intake queue; a reply with the code in the subject joins the request",
          arguments: TestDatabase.available)
    func intakeAndThreading(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let first = Self.mail("""
            From: =?utf-8?q?Nguy=E1=BB=85n_V=C4=83n?= An <An.Nguyen@example.vn>
            Subject: =?utf-8?B?xJDhu4Egbmdo4buLIHPhu61hIMSRw6huIGNoaeG6v3Ugc8OhbmcgxJHGsOG7nW5nIFRy4bqnbiBQaMO6?=
            Message-ID: <m1@example.vn>
            Content-Type: text/plain; charset=utf-8

            Xin cảm ơn.
            """)
            for _ in 0..<2 { #expect(await Self.receive(app, first) == .stored) }
            #expect(try await InboundEvent.query(on: app.db).filter(\.$channel == .email).count() == 1)
            let event = try #require(try await InboundEvent.query(on: app.db).first())
            #expect(Array(event.rawBody) == first)
            #expect(event.providerEventID.hasPrefix("<m1@example.vn> sha256:"))
            try await OutboundTests.work(app)
            let message = try #require(try await MessageRecord.query(on: app.db).filter(\.$channel == .email).first())
            #expect(message.senderID == "an.nguyen@example.vn")
            #expect(message.body == "Đề nghị sửa đèn chiếu sáng đường Trần Phú\n\nXin cảm ơn.")
            #expect(message.requestID == nil, "a first mail waits in the intake queue")

            // A reply naming the tracking code of an open request attaches to it when its sender stands behind the
            // case (here: the contact's address).
            let request = try await OutboundTests.chatRequest(app, channel: .web, sender: "someone")
            let contact = try #require(try await Contact.find(request.primaryContactID, on: app.db))
            contact.email = "an.nguyen@example.vn"
            try await contact.save(on: app.db)
            let code = TrackingCode(digits: request.trackingCode)!.formatted
            let reply = Self.mail("From: an.nguyen@example.vn\nSubject: Re: TL: [#\(code)]\nMessage-ID: <m2@example.vn>\n\nBổ sung ảnh.")
            #expect(await Self.receive(app, reply) == .stored)
            try await OutboundTests.work(app)
            let attached = try #require(try await MessageRecord.query(on: app.db).filter(\.$providerMessageID == "<m2@example.vn>").first())
            #expect(attached.requestID == request.id)
            // Anyone can type a code into a subject: a stranger's mail naming it waits in the intake queue, flagged
            // as a third party (channels.md §3.2).
            let stranger = Self.mail("From: someone.else@example.vn\nSubject: [#\(code)] tôi cũng bị\nMessage-ID: <m3@example.vn>\n\nNhà tôi cũng mất đèn.")
            #expect(await Self.receive(app, stranger) == .stored)
            try await OutboundTests.work(app)
            let unattached = try #require(try await MessageRecord.query(on: app.db).filter(\.$providerMessageID == "<m3@example.vn>").first())
            #expect(unattached.requestID == nil)
            #expect(unattached.details?.contains("\"third_party\":\"true\"") == true)
        }
    }

    @Test("every mikel/mail corpus file goes through mail receive: stored (the empty one: 65), processed without failure; citizens' mails become messages, bounces and auto-replies do not",
          arguments: TestDatabase.available)
    func corpus(_ database: TestDatabase) async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../PAKNChannelsTests/Fixtures/mikel-mail").standardizedFileURL
        let files = (FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
            .filter { !$0.hasDirectoryPath && $0.lastPathComponent != "LICENSE" }
        #expect(files.count == 104)
        try await TestApp.with(database) { app in
            var keys = Set<String>()
            var expectedMessages = Set<String>()
            for file in files {
                let raw = Array(try Data(contentsOf: file))
                let outcome = await Self.receive(app, raw)
                if raw.isEmpty { #expect(outcome == .dataError); continue }
                #expect(outcome == .stored, "\(file.lastPathComponent)")
                let parsed = EmailMessage.parse(raw)
                let key = EmailMessage.deliveryKey(raw, parsed: parsed)
                if keys.insert(key).inserted, !parsed.isAutomatic, parsed.from != nil { expectedMessages.insert(key) }
            }
            #expect(try await InboundEvent.query(on: app.db).filter(\.$channel == .email).count() == keys.count)
            // The worker takes a batch per pass.
            for _ in 0..<5 { try await OutboundTests.work(app) }
            #expect(try await InboundEvent.query(on: app.db).filter(\.$status == .received).count() == 0)
            #expect(try await InboundEvent.query(on: app.db).filter(\.$status == .failed).count() == 0)
            // One message per different mail (a Message-ID used by two different mails gives two messages).
            let messages = try await MessageRecord.query(on: app.db).filter(\.$channel == .email).all()
            #expect(messages.count == expectedMessages.count)
            #expect(Set(messages.map(\.providerMessageID)).count == messages.count)
            // The five multipart/report bounces of the corpus are among the stored-but-ignored.
            #expect(try await InboundEvent.query(on: app.db).filter(\.$status == .ignored).count() >= 5)
        }
    }

    @Test("a re-delivery is stored once even with new transport fields; two different mails that share a Message-ID are both kept",
          arguments: TestDatabase.available)
    func reusedMessageIDs(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let original = "From: An <an@example.vn>\nSubject: Đèn đường\nMessage-ID: <same@example.vn>\nDate: Fri, 4 Dec 2026 08:00:00 +0700\n\nĐèn đường tổ 3 hỏng."
            let again = "Received: from mx2.example.vn by mx.gialai.gov.vn; Fri, 4 Dec 2026 08:05:00 +0700\nDelivered-To: phananh@gialai.gov.vn\n" + original
            let different = "From: An <an@example.vn>\nSubject: Cống tắc\nMessage-ID: <same@example.vn>\nDate: Fri, 4 Dec 2026 09:00:00 +0700\n\nCống thoát nước tổ 5 bị tắc."
            // The first as the MTA piped it (LF line ends), the re-delivery through another hop (CRLF, two new fields).
            for raw in [Array(original.utf8), Self.mail(again), Self.mail(different)] { #expect(await Self.receive(app, raw) == .stored) }
            let events = try await InboundEvent.query(on: app.db).filter(\.$channel == .email).all()
            #expect(events.count == 2, "the re-delivery (new Received and Delivered-To fields, CRLF) is the same mail; the other is not")
            for _ in 0..<2 { try await OutboundTests.work(app) }
            let messages = try await MessageRecord.query(on: app.db).filter(\.$channel == .email).sort(\.$createdAt).all()
            #expect(messages.count == 2, "both mails reach the intake queue")
            #expect(Set(messages.map(\.body)) == ["Đèn đường\n\nĐèn đường tổ 3 hỏng.", "Cống tắc\n\nCống thoát nước tổ 5 bị tắc."])
            // Replies still thread on the Message-ID: the first mail keeps it as its id.
            #expect(messages.contains { $0.providerMessageID == "<same@example.vn>" })
            #expect(messages.contains { $0.providerMessageID?.hasPrefix("<same@example.vn> sha256:") == true })
        }
    }

    @Test("the intake list shows a mail's sender and a bounded excerpt; its form takes the address (no phone needed), name and subject",
          arguments: TestDatabase.available)
    func mailInTheIntakeQueue(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            // A 1 MB subject and a 2 MB body (a mail of megabytes made the intake page as large).
            let subject = "Đề nghị sửa đường " + String(repeating: "rất dài ", count: 130_000)
            let body = "Đường Lê Lợi có ổ gà. " + String(repeating: "Xin cảm ơn. ", count: 170_000)
            let raw = Self.mail("From: =?utf-8?q?Nguy=E1=BB=85n_V=C4=83n_An?= <An.Nguyen@example.vn>\nSubject: \(subject)\nMessage-ID: <big@example.vn>\nContent-Type: text/plain; charset=utf-8\n\n\(body)")
            #expect(await MailReceiver.receive(raw, recipient: nil, maxBytes: 10_000_000, on: app.db, logger: app.logger) == .stored)
            try await OutboundTests.work(app)
            let message = try #require(try await MessageRecord.query(on: app.db).filter(\.$channel == .email).first())
            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            let inbox = try await op.get("/quan-tri/kenh")
            #expect(inbox.body.readableBytes < 40_000, "the list holds an excerpt, not the mail (\(inbox.body.readableBytes) bytes)")
            #expect(inbox.body.string.contains("Từ: Nguyễn Văn An &lt;an.nguyen@example.vn&gt; · Tiêu đề: Đề nghị sửa đường rất dài"))
            // The message is the subject and the text; the list shows its first 600 characters and says how many remain.
            #expect(inbox.body.string.contains("ký tự: toàn văn ở phản ánh được tạo hoặc gắn)"))
            // The form from this mail: the address as contact, the sender's name, the subject as title (cut to 200).
            let form = try await op.get("/quan-tri/tiep-nhan?tin-nhan=\(message.id!.uuidString.lowercased())").body.string
            #expect(form.contains(#"value="an.nguyen@example.vn""#) && form.contains(#"value="Nguyễn Văn An""#))
            #expect(form.contains(#"name="title" value="Đề nghị sửa đường rất dài"#))
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            var fields = Fixtures.submissionFields(communeCode: commune, title: "Đề nghị sửa đường Lê Lợi", content: "Đường Lê Lợi có ổ gà.",
                                                   name: "Nguyễn Văn An", phone: "", email: "an.nguyen@example.vn")
            fields.append(("messageID", message.id!.uuidString))
            #expect(try await op.postMultipart("/quan-tri/tiep-nhan", fields).status == .seeOther, "an e-mail address is contact enough")
            #expect(try await MessageRecord.find(message.id, on: app.db)?.requestID != nil)
        }
    }

    @Test("on the case page a reply shows its own words, with the quoted earlier mail folded under them and kept whole",
          arguments: TestDatabase.available)
    func quotedReplyFolded(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let record = try await WorkflowFlowTests.submit(app, content: "Đèn đường tổ 3 hỏng đã một tuần.")
            let raw = Self.mail("From: Hoa <hoa@example.vn>\nSubject: Bổ sung\nMessage-ID: <reply@example.vn>\nContent-Type: text/plain; charset=utf-8\n\nVẫn chưa ai đến sửa.\n\nVào Th 5, 3 thg 12, 2026 vào lúc 10:00 Tổng đài 1022 <phananh@gialai.gov.vn> đã viết:\n> Đã tiếp nhận phản ánh của bạn.")
            #expect(await Self.receive(app, raw) == .stored)
            try await OutboundTests.work(app)
            let message = try #require(try await MessageRecord.query(on: app.db).filter(\.$channel == .email).first())
            try await ChannelInbox.attach(message, to: record.requireID(), on: app.db)
            let op = Browser(app)
            try await op.login("co@t.vn", TestApp.demoPassword)
            let page = try await op.get("/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())").body.string
            #expect(page.contains("Bổ sung\n\nVẫn chưa ai đến sửa."))
            #expect(page.contains(#"<details class="quoted"><summary>Trích dẫn thư trước (2 dòng)</summary>"#))
            #expect(page.contains("&gt; Đã tiếp nhận phản ánh của bạn.</pre></details>"))
            #expect(try await MessageRecord.find(message.id, on: app.db)?.body.contains("> Đã tiếp nhận phản ánh của bạn.") == true, "kept whole")
        }
    }

    @Test("a mail that cannot be read is kept as unreadable, listed for the admin and downloadable as it came (audited); no one else gets it",
          arguments: TestDatabase.available)
    func unreadableMailForAdmins(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let raw = Self.mail("Subject: Không có người gửi\nMessage-ID: <nofrom@example.vn>\n\nNội dung của một công dân.")
            #expect(await Self.receive(app, raw) == .stored)
            try await OutboundTests.work(app)
            let event = try #require(try await InboundEvent.query(on: app.db).filter(\.$channel == .email).first())
            #expect(event.status == .unparseable && event.error == "no From header")
            #expect(try await MessageRecord.query(on: app.db).count() == 0)
            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            let page = try await admin.get("/quan-tri/kenh-ket-noi").body.string
            let link = "/quan-tri/kenh-ket-noi/thu-khong-doc-duoc/\(event.id!.uuidString.lowercased())"
            #expect(page.contains(#"id="thu-khong-doc-duoc""#) && page.contains("no From header") && page.contains(link))
            #expect(page.contains("Sự kiện không đọc được: 1"))
            let download = try await admin.get(link)
            #expect(download.status == .ok && Array(download.body.readableBytesView) == raw)
            #expect(download.headers.contentType?.description.hasPrefix("message/rfc822") == true)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == .export).count() == 1)
            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            #expect(try await op.get(link).status == .forbidden)
            #expect(try await admin.get("/quan-tri/kenh-ket-noi/thu-khong-doc-duoc/\(UUID().uuidString)").status == .notFound)
        }
    }

    @Test("a mail's files are kept as web uploads are (content checked, GPS removed) and follow the message onto its case; a fake is refused with the reason",
          arguments: TestDatabase.available)
    func mailAttachmentsKept(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let photo = try Fixtures.data("photo-with-gps.jpg")
            #expect(photo.range(of: Data("Exif".utf8)) != nil, "the fixture must carry EXIF to prove anything")
            let encoded = photo.base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
            let fake = Data("this is not a PDF".utf8).base64EncodedString()
            let raw = Self.mail("""
            From: Hoa <hoa@example.vn>
            Subject: Ảnh hiện trường
            Message-ID: <photo@example.vn>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: text/plain; charset=utf-8

            Ảnh ổ gà trước nhà.
            --b1
            Content-Type: image/jpeg; name="o-ga.jpg"
            Content-Disposition: attachment; filename="o-ga.jpg"
            Content-Transfer-Encoding: base64

            \(encoded)
            --b1
            Content-Type: application/pdf; name="don.pdf"
            Content-Disposition: attachment; filename="don.pdf"
            Content-Transfer-Encoding: base64

            \(fake)
            --b1--
            """)
            #expect(await Self.receive(app, raw) == .stored)
            for _ in 0..<3 { try await OutboundTests.work(app) }
            let message = try #require(try await MessageRecord.query(on: app.db).filter(\.$channel == .email).first())
            let details = message.detailFields
            #expect(details["attachment0.status"] == "stored" && details["attachment0.file_name"] == "o-ga.jpg")
            #expect(details["attachment1.status"] == "refused" && details["attachment1.reason"] == "Không phải ảnh hoặc tài liệu hợp lệ")
            let fileID = try #require(details["attachment0.file"].flatMap(UUID.init(uuidString:)))
            let stored = try await AttachmentStore(config: app.paknConfiguration, on: app.db).read(fileID)
            #expect(Array(stored.prefix(3)) == [0xFF, 0xD8, 0xFF], "a JPEG")
            #expect(stored.range(of: Data("Exif".utf8)) == nil, "no EXIF (GPS) kept")
            // Attached to a case, the photo is on the case, not public.
            let record = try await WorkflowFlowTests.submit(app, content: "Ổ gà trước nhà số 12 đường Lê Lợi.")
            try await ChannelInbox.attach(message, to: record.requireID(), on: app.db)
            let onCase = try await Attachment.query(on: app.db).filter(\.$requestID == record.requireID()).filter(\.$purpose == .message).all()
            #expect(onCase.map(\.id) == [fileID] && onCase.first?.isPublic == false)
        }
    }

    @Test("no Message-ID: keyed by SHA-256 of the bytes; auto-replies and bounces stored but never messages; empty input 65",
          arguments: TestDatabase.available)
    func loopsAndEdges(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let noID = Self.mail("From: a@example.vn\nSubject: x\n\nbody")
            #expect(await Self.receive(app, noID) == .stored)
            #expect(await Self.receive(app, noID) == .stored)
            let events = try await InboundEvent.query(on: app.db).all()
            #expect(events.count == 1)
            #expect(events.first?.providerEventID.hasPrefix("sha256:") == true)

            let autoReply = Self.mail("From: a@example.vn\nAuto-Submitted: auto-replied\nMessage-ID: <ar@example.vn>\n\nOut of office")
            let bounce = Self.mail("From: MAILER-DAEMON@mx.example.vn\nReturn-Path: <>\nMessage-ID: <b@example.vn>\n\nfailed")
            #expect(await Self.receive(app, autoReply) == .stored)
            #expect(await Self.receive(app, bounce) == .stored)
            #expect(try await InboundEvent.query(on: app.db).filter(\.$status == .ignored).count() == 2)
            try await OutboundTests.work(app)
            #expect(try await MessageRecord.query(on: app.db).filter(\.$channel == .email).count() == 1)

            #expect(await Self.receive(app, []) == .dataError)
            #expect(await MailReceiver.receive(Array(repeating: 0x41, count: 11), recipient: nil, maxBytes: 10,
                                               on: app.db, logger: app.logger) == .dataError)
        }
    }
}

/// The `pakn mail receive` binary as an MTA pipe runs it: exit status per sysexits (README "E-mail in").
@Suite("pakn mail receive command", .serialized)
struct MailReceiveCommandTests {
    static func run(_ arguments: [String], stdin: [UInt8], dataDirectory: URL, databaseURL: String? = nil) throws -> Int32 {
        var env = ProcessInfo.processInfo.environment
        env["PAKN_DATA_DIR"] = dataDirectory.path
        env.removeValue(forKey: "DATABASE_URL")
        if let databaseURL { env["DATABASE_URL"] = databaseURL }
        env["LOG_LEVEL"] = "critical"
        let result = try ChildProcess.run(CalendarCommandTests.binary, arguments, environment: env, input: Data(stdin))
        return result.timedOut ? -1 : result.status
    }

    @Test("0 once stored (twice: a duplicate), 65 for empty input, 75 when the database cannot be reached")
    func exitStatuses() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-mail-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let mail = Array("From: a@example.vn\r\nSubject: x\r\nMessage-ID: <cli@example.vn>\r\n\r\nbody\r\n".utf8)
        #expect(try Self.run(["migrate"], stdin: [], dataDirectory: dir) == 0)
        #expect(try Self.run(["mail", "receive", "--recipient", "phananh@tinh.gov.vn"], stdin: mail, dataDirectory: dir) == 0)
        #expect(try Self.run(["mail", "receive"], stdin: mail, dataDirectory: dir) == 0)
        #expect(try Self.run(["mail", "receive"], stdin: [], dataDirectory: dir) == 65)
        // Nothing listens on port 1: EX_TEMPFAIL, so Postfix defers and retries.
        #expect(try Self.run(["mail", "receive"], stdin: mail, dataDirectory: dir,
                             databaseURL: "postgres://pakn:pakn@127.0.0.1:1/pakn") == 75)
    }
}
