import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import VaporTesting

@Suite("Citizen submits a PAKN on the web form")
struct PublicSubmissionTests {
    @Test("a valid submission is stored, NFC, with a tracking code, a contact, an event and a notification", arguments: TestDatabase.available)
    func validSubmission(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            // setup
            let browser = Browser(app)
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            try await browser.get("/gui-phan-anh")
            // act: the title is typed decomposed (NFD), as some phone keyboards send it
            let nfdTitle = "Ổ gà lớn trên đường Trần Hưng Đạo".decomposedStringWithCanonicalMapping
            let response = try await browser.postMultipart("/gui-phan-anh", Fixtures.submissionFields(communeCode: commune, title: nfdTitle))
            // check
            #expect(response.status == .ok)
            let code = try #require(Fixtures.trackingCode(in: response.body.string))
            let record = try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$trackingCode == code.digits).first())
            #expect(record.title == "Ổ gà lớn trên đường Trần Hưng Đạo".precomposedStringWithCanonicalMapping)
            #expect(record.title.unicodeScalars.count == record.title.precomposedStringWithCanonicalMapping.unicodeScalars.count)
            #expect(record.status == .received)
            #expect(record.channel == .web)
            #expect(record.communeCode == commune)
            #expect(record.consentVersion == app.paknConfiguration.privacyNoticeVersion)
            let contact = try #require(try await Contact.find(record.primaryContactID, on: app.db))
            #expect(contact.phoneDigits == "0912345678")
            #expect(contact.fullName == "Nguyễn Thị Hoa")
            // personal data lives only in the contact
            #expect(!record.description.contains("0912"))
            let events = try await EventRecord.query(on: app.db).filter(\.$requestID == record.requireID()).all()
            #expect(events.map(\.action) == [.created])
            #expect(try await Job.query(on: app.db).filter(\.$kind == .notify).count() == 1)
        }
    }

    @Test("bad input gets a Vietnamese message and nothing is stored", arguments: TestDatabase.available)
    func badInput(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let browser = Browser(app)
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            let valid = Fixtures.submissionFields(communeCode: commune)
            func replacing(_ key: String, _ value: String) -> [(String, String)] {
                valid.map { $0.0 == key ? ($0.0, value) : $0 }
            }
            let hanoiWard = try await Commune.query(on: app.db).filter(\.$provinceCode == "01").first()!.id!
            let cases: [(String, [(String, String)], String)] = [
                ("empty title", replacing("title", "   "), "Vui lòng nhập tiêu đề."),
                ("oversized content", replacing("content", String(repeating: "a", count: 5001)), "Nội dung cần từ 10 đến 5000 ký tự."),
                ("script in content", replacing("content", "Xin chào <script>alert(1)</script> cán bộ"), "Nội dung không được chứa mã HTML hoặc script."),
                ("unknown commune", replacing("communeCode", "99999"), "Xã, phường không thuộc danh mục của tỉnh."),
                ("commune of another province", replacing("communeCode", hanoiWard), "Xã, phường không thuộc danh mục của tỉnh."),
                ("bad phone", replacing("phone", "12345"), "Số điện thoại không hợp lệ (ví dụ 0912 345 678)."),
                ("no consent", valid.filter { $0.0 != "consent" }, "Bạn cần đồng ý với thông báo xử lý dữ liệu cá nhân để gửi phản ánh."),
                ("no way to reply", replacing("phone", ""), "Vui lòng cho biết số điện thoại hoặc email để nhận kết quả."),
            ]
            for (name, fields, message) in cases {
                try await browser.get("/gui-phan-anh")
                let response = try await browser.postMultipart("/gui-phan-anh", fields)
                #expect(response.status == .unprocessableEntity, "\(name)")
                #expect(response.body.string.contains(message), "\(name): expected “\(message)”")
            }
            #expect(try await Fixtures.count(ServiceRequestRecord.self, on: app.db) == 0)
            #expect(try await Fixtures.count(Contact.self, on: app.db) == 0)
        }
    }

    @Test("a photo is accepted by its content and stored without EXIF (GPS included); a renamed text file is refused", arguments: TestDatabase.available)
    func attachments(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let browser = Browser(app)
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            let photo = try Fixtures.data("photo-with-gps.jpg")
            #expect(photo.range(of: Data("Exif".utf8)) != nil, "the fixture must carry EXIF to prove anything")
            try await browser.get("/gui-phan-anh")
            let ok = try await browser.postMultipart("/gui-phan-anh", Fixtures.submissionFields(communeCode: commune),
                files: [("attachments[]", "o-ga.jpg", "image/jpeg", photo), ("attachments[]", "note.png", "image/png", try Fixtures.data("photo-with-text.png"))])
            #expect(ok.status == .ok)
            let files = try await Attachment.query(on: app.db).all()
            #expect(files.count == 2)
            let store = AttachmentStore(config: app.paknConfiguration, on: app.db)
            let jpeg = try #require(files.first { $0.contentType == "image/jpeg" })
            let stored = try await store.read(jpeg.requireID())
            #expect(stored.starts(with: [0xFF, 0xD8]))
            #expect(stored.range(of: Data("Exif".utf8)) == nil)
            #expect(stored.range(of: Data("PAKN Test Camera".utf8)) == nil)
            #expect(stored.count < photo.count)
            #expect(jpeg.byteCount == stored.count)
            let png = try #require(files.first { $0.contentType == "image/png" })
            #expect(try await store.read(png.requireID()).range(of: Data("0912345678".utf8)) == nil)

            // A text file named .jpg is refused by content, and the whole submission is not stored.
            try await browser.get("/gui-phan-anh")
            let bad = try await browser.postMultipart("/gui-phan-anh", Fixtures.submissionFields(communeCode: commune),
                files: [("attachments[]", "anh.jpg", "image/jpeg", Data("not really a photo".utf8))])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("không phải ảnh JPEG, PNG hoặc tài liệu PDF"))
            #expect(try await Fixtures.count(ServiceRequestRecord.self, on: app.db) == 1)
            #expect(try await Fixtures.count(Attachment.self, on: app.db) == 2)
        }
    }

    @Test("too many or too large attachments are refused", arguments: TestDatabase.available)
    func attachmentLimits(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: { $0.maxAttachmentBytes = 1024 * 1024 }) { app in
            let browser = Browser(app)
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            let pdf = try Fixtures.data("document.pdf")
            try await browser.get("/gui-phan-anh")
            let six = try await browser.postMultipart("/gui-phan-anh", Fixtures.submissionFields(communeCode: commune),
                files: (1...6).map { ("attachments[]", "tep\($0).pdf", "application/pdf", pdf) })
            #expect(six.status == .unprocessableEntity)
            #expect(six.body.string.contains("Tối đa 5 tệp đính kèm."))
            try await browser.get("/gui-phan-anh")
            var big = Data("%PDF-1.4\n".utf8)
            big.append(Data(repeating: 0x20, count: 1024 * 1024))
            let large = try await browser.postMultipart("/gui-phan-anh", Fixtures.submissionFields(communeCode: commune),
                files: [("attachments[]", "lon.pdf", "application/pdf", big)])
            // Refused while reading, before the rest of the body (issue 11 item 7).
            #expect(large.status == .payloadTooLarge)
            #expect(large.body.string.contains("vượt quá 1 MB"))
            #expect(try await Fixtures.count(ServiceRequestRecord.self, on: app.db) == 0)
        }
    }

    @Test("the same form sent twice (a double click, a reload of the confirmation) files one request and shows its code again",
          arguments: TestDatabase.available)
    func formIsSingleUse(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            let browser = Browser(app)
            let page = try await browser.get("/gui-phan-anh")
            let range = try #require(page.body.string.range(of: #"name="formID" value="([0-9A-F-]{36})""#, options: .regularExpression))
            let formID = String(page.body.string[range].dropFirst(#"name="formID" value=""#.count).dropLast())
            // The browser sends the form's own fields again each time, its CSRF token included.
            let fields = Fixtures.submissionFields(communeCode: commune) + [("formID", formID), ("_csrf", try #require(browser.csrf))]
            // Double click: both at once.
            async let first = browser.postMultipart("/gui-phan-anh", fields, csrf: false)
            async let second = browser.postMultipart("/gui-phan-anh", fields, csrf: false)
            let (a, b) = try await (first, second)
            #expect(a.status == .ok && b.status == .ok, "\(a.status) \(b.status) \(b.body.string.suffix(600))")
            let code = try #require(Fixtures.trackingCode(in: a.body.string))
            #expect(Fixtures.trackingCode(in: b.body.string) == code)
            // The form sent again (the back button, then Send): redirected to the first request's confirmation.
            browser.followsConfirmation = false
            let resent = try await browser.postMultipart("/gui-phan-anh", fields, csrf: false)
            #expect(resent.status == .seeOther)
            #expect(resent.headers.first(name: .location) == "/gui-phan-anh/da-gui?ma=\(code.digits)")
            // Redirect after POST: the confirmation is a GET; reloading it shows it again and files nothing.
            for _ in 0..<2 {
                let reload = try await browser.get("/gui-phan-anh/da-gui?ma=\(code.digits)")
                #expect(reload.status == .ok && Fixtures.trackingCode(in: reload.body.string) == code)
            }
            // Another browser asking for that confirmation is sent to the public look-up instead.
            let stranger = try await Browser(app).get("/gui-phan-anh/da-gui?ma=\(code.digits)")
            #expect(stranger.status == .seeOther && stranger.headers.first(name: .location) == "/tra-cuu?ma=\(code.digits)")
            browser.followsConfirmation = true
            #expect(try await Fixtures.count(ServiceRequestRecord.self, on: app.db) == 1)
            // A new form (a new id) files a new request.
            let next = try await browser.get("/gui-phan-anh")
            #expect(!next.body.string.contains(formID))
        }
    }

    @Test("a large upload over a real HTTP connection (a body streamed in chunks) passes the CSRF check and is stored", arguments: TestDatabase.available)
    func streamedUpload(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let browser = Browser(app, method: .running(hostname: "127.0.0.1", port: 0))  // a real connection: the body arrives in chunks
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            try await browser.get("/gui-phan-anh")
            var pdf = try Fixtures.data("document.pdf")
            pdf.append(Data(repeating: 0x20, count: 300_000))
            let response = try await browser.postMultipart("/gui-phan-anh", Fixtures.submissionFields(communeCode: commune),
                files: [("attachments[]", "bien-ban.pdf", "application/pdf", pdf), ("attachments[]", "anh.jpg", "image/jpeg", try Fixtures.data("photo-with-gps.jpg"))])
            #expect(response.status == .ok)
            #expect(Fixtures.trackingCode(in: response.body.string) != nil)
            #expect(try await Fixtures.count(Attachment.self, on: app.db) == 2)
            // A large body that is not an upload is refused at the default limit (1 MB), not collected.
            try await browser.get("/dang-nhap")
            let huge = try await browser.post("/dang-nhap", [("email", "a@b.vn"), ("password", String(repeating: "x", count: 2_000_000))])
            #expect(huge.status == .payloadTooLarge)
        }
    }

    @Test("a form post without the CSRF token is refused with 403", arguments: TestDatabase.available)
    func csrf(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let browser = Browser(app)
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            try await browser.get("/gui-phan-anh")
            let response = try await browser.postMultipart("/gui-phan-anh", Fixtures.submissionFields(communeCode: commune), csrf: false)
            #expect(response.status == .forbidden)
            #expect(response.body.string.contains("Phiên làm việc đã hết hạn"))
            let forged = try await browser.postMultipart("/gui-phan-anh", Fixtures.submissionFields(communeCode: commune) + [("_csrf", "forged")], csrf: false)
            #expect(forged.status == .forbidden)
            #expect(try await Fixtures.count(ServiceRequestRecord.self, on: app.db) == 0)
        }
    }

    @Test("public submission is rate-limited per address", arguments: TestDatabase.available)
    func rateLimit(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: { $0.submissionsPerHour = 2 }) { app in
            let browser = Browser(app)
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            var statuses: [UInt] = []
            for _ in 0..<3 {
                try await browser.get("/gui-phan-anh")
                statuses.append(try await browser.postMultipart("/gui-phan-anh", Fixtures.submissionFields(communeCode: commune)).status.code)
            }
            #expect(statuses == [200, 200, 429])
            #expect(try await Fixtures.count(ServiceRequestRecord.self, on: app.db) == 2)
        }
    }
}

/// Uploads are read to disk with their limits applied before and while reading (issue 11 item 7).
@Suite("Uploads are limited before they are read")
struct UploadLimitTests {
    @Test("a declared body above the form's maximum is refused with 413 before reading; a client at its submission limit gets 429 before reading")
    func beforeReading() async throws {
        try await TestApp.with(.sqlite, modify: { $0.maxAttachmentBytes = 1024 * 1024; $0.submissionsPerHour = 1 }) { app in
            let browser = Browser(app)
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            // Over a real connection: the request says it will send more than the form may carry and sends a few
            // bytes; the answer comes at once (curl would otherwise wait for the server to read the rest).
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            // curl talks to this test's own server: it runs on a thread of its own, not on the cooperative pool.
            let curl = try await ChildProcess.runAsync(URL(fileURLWithPath: "/usr/bin/env"),
                ["curl", "-s", "-o", "-", "-w", "\n%{http_code}", "--max-time", "20", "-X", "POST",
                 "-H", "Content-Type: multipart/form-data; boundary=x",
                 "-H", "Content-Length: \(UploadGate.maximumBody(app.paknConfiguration) + 1)",
                 "--data-binary", "--x\r\n", "http://127.0.0.1:\(port)/gui-phan-anh"])
            let answer = curl.outText
            #expect(answer.hasSuffix("\n413"), "\(answer.suffix(200))")
            #expect(answer.contains("tối đa 5 tệp"))
            await app.server.shutdown()

            // One submission is allowed per hour here; the second is refused before its body is read.
            try await browser.get("/gui-phan-anh")
            #expect(try await browser.postMultipart("/gui-phan-anh", Fixtures.submissionFields(communeCode: commune)).status == .ok)
            try await browser.get("/gui-phan-anh")
            let limited = try await browser.postMultipart("/gui-phan-anh", Fixtures.submissionFields(communeCode: commune),
                                                          files: [("attachments[]", "a.pdf", "application/pdf", try Fixtures.data("document.pdf"))])
            #expect(limited.status == .tooManyRequests)
            #expect(try await Fixtures.count(ServiceRequestRecord.self, on: app.db) == 1)
        }
    }

    @Test("an operator's intake and an answer take files through the same gate; the staff pages refuse an anonymous upload before reading it")
    func staffRoutes() async throws {
        try await TestApp.with(.sqlite, modify: { $0.maxAttachmentBytes = 1024 * 1024 }) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let anonymous = Browser(app)
            let refused = try await anonymous.postMultipart("/quan-tri/tiep-nhan", [("title", "x")], csrf: false)
            #expect(refused.status == .seeOther && refused.headers.first(name: .location) == "/dang-nhap")
            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            try await op.get("/quan-tri/tiep-nhan")
            var big = try Fixtures.data("document.pdf")
            big.append(Data(repeating: 0x20, count: 1024 * 1024))
            let tooBig = try await op.postMultipart("/quan-tri/tiep-nhan", [("title", "x")], files: [("attachments[]", "lon.pdf", "application/pdf", big)])
            #expect(tooBig.status == .payloadTooLarge)
            #expect(tooBig.body.string.contains("vượt quá 1 MB"))
        }
    }

    @Test("a form of too many parts, a header line that never ends or a body cut short is refused while reading")
    func malformedForms() async throws {
        try await TestApp.with(.sqlite) { app in
            let browser = Browser(app)
            try await browser.get("/gui-phan-anh")
            func send(_ body: String) async throws -> BrowserResponse {
                var headers = HTTPHeaders()
                headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=b")
                if let cookie = browser.cookie { headers.add(name: .cookie, value: cookie) }
                let response = try await app.testing().sendRequest(.POST, "/gui-phan-anh", headers: headers, body: ByteBuffer(string: body))
                return BrowserResponse(status: response.status, headers: response.headers, body: response.body)
            }
            let part = "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n"
            #expect(try await send(String(repeating: part, count: 150) + "--b--\r\n").status == .payloadTooLarge)
            let longHeader = "--b\r\nContent-Disposition: form-data; name=\"" + String(repeating: "a", count: 40_000) + "\"\r\n\r\nv\r\n--b--\r\n"
            #expect(try await send(longHeader).status == .badRequest)
            #expect(try await send("--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nchưa hết").status == .badRequest)
            #expect(try await Fixtures.count(ServiceRequestRecord.self, on: app.db) == 0)
        }
    }
}
