import Crypto
import Fluent
import Foundation
import PAKNChannels
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor

/// The channel settings page `/quan-tri/kenh-ket-noi` (issue 4 "Operator experience"): database overrides of the
/// environment, write-only secrets encrypted at rest, admin only, and each channel's health.
@Suite("Channel settings and health")
struct ChannelSettingsTests {
    static let envOASecret = "env-oa-key-41d8e2"
    static let adminOASecret = "admin-oa-key-9c1e77b3"
    static let page = "/quan-tri/kenh-ket-noi"

    static func configure(_ config: inout AppConfiguration) {
        WebhookTests.configure(&config)
        config.channels.zaloOASecretKey = envOASecret
    }

    static func postZalo(_ app: Application, signedWith key: String, msgID: String) async throws -> HTTPStatus {
        let body = WebhookTests.zaloText(msgID: msgID, text: "Đèn đường hỏng")
        return try await WebhookTests.postZalo(app, body, signature: ZaloSignature.headerValue(rawBody: body, oaSecretKey: key)!).status
    }

    static func admin(_ app: Application) async throws -> Browser {
        let browser = Browser(app)
        try await browser.login(TestApp.adminEmail, TestApp.adminPassword)
        return browser
    }

    /// The card of one setting in the page (from its `id` to the next card).
    static func card(_ name: String, in html: String) -> String {
        guard let start = html.range(of: #"id="\#(name)""#) else { return "" }
        let rest = html[start.upperBound...]
        let end = rest.range(of: #"class="card setting""#)?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    @Test("a secret set on the page applies at once, is never shown and is stored encrypted; clearing returns to the environment",
          arguments: TestDatabase.available)
    func secretOverride(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.configure) { app in
            // setup: the environment's OA secret key is in force.
            #expect(try await Self.postZalo(app, signedWith: Self.envOASecret, msgID: "m-env-1") == .ok)
            let admin = try await Self.admin(app)
            let before = try await admin.get(Self.page)
            #expect(before.status == .ok)
            #expect(Self.card("ZALO_OA_SECRET_KEY", in: before.body.string).contains("Nguồn: môi trường"))
            #expect(!before.body.string.contains(Self.envOASecret), "an environment secret is not shown either")

            // act: the admin sets a new OA secret key.
            let saved = try await admin.post("\(Self.page)/ZALO_OA_SECRET_KEY", [("value", "  \(Self.adminOASecret)\n")])

            // check: 303 back to the page; the new key signs webhooks, the environment's no longer does.
            #expect(saved.status == .seeOther)
            #expect(saved.headers.first(name: .location)?.hasPrefix(Self.page) == true)
            #expect(try await Self.postZalo(app, signedWith: Self.adminOASecret, msgID: "m-admin-1") == .ok)
            #expect(try await Self.postZalo(app, signedWith: Self.envOASecret, msgID: "m-env-2") == .unauthorized)
            let effective = try await ChannelConfiguration.effective(base: app.paknConfiguration.channels, on: app.db)
            #expect(effective.zaloOASecretKey == Self.adminOASecret, "trimmed as typed")

            // The row holds AES-GCM ciphertext: prefix, 12-byte nonce + ciphertext + 16-byte tag, no plaintext.
            let row = try #require(try await Setting.find("channel:ZALO_OA_SECRET_KEY", on: app.db))
            #expect(row.value.hasPrefix("enc:v1:"))
            #expect(!row.value.contains(Self.adminOASecret))
            let sealed = try #require(Data(base64Encoded: String(row.value.dropFirst("enc:v1:".count))))
            #expect(sealed.count == 12 + Self.adminOASecret.utf8.count + 16)
            #expect(sealed.range(of: Data(Self.adminOASecret.utf8)) == nil)

            // The page says "set" and when, never the value, not even in the form.
            let after = try await admin.get(Self.page)
            let html = after.body.string
            #expect(!html.contains(Self.adminOASecret))
            #expect(!html.contains(String(Self.adminOASecret.prefix(8))), "not even partially")
            #expect(!html.contains(Self.envOASecret))
            let card = Self.card("ZALO_OA_SECRET_KEY", in: html)
            #expect(card.contains("Nguồn: quản trị (cập nhật"))
            #expect(card.contains("Đã đặt"))
            #expect(card.contains(#"type="password""#))

            // A refused secret is not echoed back either (422, the page with the error).
            let refused = try await admin.post("\(Self.page)/ZALO_OA_SECRET_KEY", [("value", "bad\u{7}secret-5e2a")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Giá trị không được chứa ký tự điều khiển hoặc xuống dòng."))
            #expect(!refused.body.string.contains("secret-5e2a"))

            // act: clear the override.
            let cleared = try await admin.post("\(Self.page)/ZALO_OA_SECRET_KEY/xoa", [])

            // check: the environment's key is in force again.
            #expect(cleared.status == .seeOther)
            #expect(try await Setting.find("channel:ZALO_OA_SECRET_KEY", on: app.db) == nil)
            #expect(try await Self.postZalo(app, signedWith: Self.envOASecret, msgID: "m-env-3") == .ok)
            #expect(try await Self.postZalo(app, signedWith: Self.adminOASecret, msgID: "m-admin-2") == .unauthorized)
            #expect(Self.card("ZALO_OA_SECRET_KEY", in: try await admin.get(Self.page).body.string).contains("Nguồn: môi trường"))
        }
    }

    @Test("a stored secret that does not decrypt (the key changed) is ignored: the environment's value applies, the page says so",
          arguments: TestDatabase.available)
    func undecryptableSecret(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.configure) { app in
            // setup: a value sealed with another key.
            let otherKey = SettingsCipher(key: SymmetricKey(size: .bits256))
            try await Setting(key: "channel:ZALO_OA_SECRET_KEY", value: try otherKey.seal(Self.adminOASecret, name: "ZALO_OA_SECRET_KEY")).create(on: app.db)
            // act / check
            #expect(try await ChannelConfiguration.effective(base: app.paknConfiguration.channels, on: app.db).zaloOASecretKey == Self.envOASecret)
            #expect(try await Self.postZalo(app, signedWith: Self.envOASecret, msgID: "m-env-k") == .ok)
            #expect(try await Self.postZalo(app, signedWith: Self.adminOASecret, msgID: "m-admin-k") == .unauthorized)
            let card = Self.card("ZALO_OA_SECRET_KEY", in: try await Self.admin(app).get(Self.page).body.string)
            #expect(card.contains("không giải mã được"))
            #expect(card.contains("Bỏ giá trị quản trị"), "the stale row can be removed")
        }
    }

    @Test("operators and coordinators get 403, visitors the login page; nothing is stored", arguments: TestDatabase.available)
    func adminOnly(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.configure) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            for email in ["op@t.vn", "co@t.vn"] {
                let browser = Browser(app)
                try await browser.login(email, TestApp.demoPassword)
                #expect(try await browser.get(Self.page).status == .forbidden, "\(email)")
                #expect(!browser.lastHTML.contains("ZALO_OA_SECRET_KEY"))
                try await browser.get("/quan-tri")
                #expect(!browser.lastHTML.contains(Self.page), "not in \(email)'s menu")
                #expect(try await browser.post("\(Self.page)/ZALO_OA_SECRET_KEY", [("value", "intruder-key")]).status == .forbidden)
                try await browser.get("/quan-tri")
                #expect(try await browser.post("\(Self.page)/ZALO_OA_SECRET_KEY/xoa", []).status == .forbidden)
            }
            let visitor = Browser(app)
            let anonymous = try await visitor.get(Self.page)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers.first(name: .location) == "/dang-nhap")
            #expect(try await Setting.find("channel:ZALO_OA_SECRET_KEY", on: app.db) == nil)
            // Without the CSRF token even the admin is refused.
            let admin = try await Self.admin(app)
            try await admin.get("/quan-tri")
            #expect(admin.lastHTML.contains(#"href="\#(Self.page)""#), "in the admin's menu")
            #expect(try await admin.post("\(Self.page)/ZALO_OA_SECRET_KEY", [("value", "no-csrf-key")], csrf: false).status == .forbidden)
            #expect(try await Setting.find("channel:ZALO_OA_SECRET_KEY", on: app.db) == nil)
        }
    }

    @Test("plain values: shown with their source, validated with Vietnamese messages, applied without a restart",
          arguments: TestDatabase.available)
    func plainValues(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.configure) { app in
            let admin = try await Self.admin(app)
            let html = try await admin.get(Self.page).body.string
            // Section per channel.
            for title in ["Zalo OA", "Facebook Messenger", "Thư điện tử (E-mail)", "Tổng đài / CTI", "Tin nhắn SMS (eSMS)"] {
                #expect(html.contains("<h2>\(title)</h2>"), "\(title)")
            }
            #expect(Self.card("ZALO_APP_ID", in: html).contains("1234567890"), "non-secret values are shown")
            #expect(Self.card("ZALO_APP_ID", in: html).contains("Nguồn: môi trường"))
            #expect(Self.card("ZALO_API_BASE_URL", in: html).contains("Nguồn: mặc định"))
            #expect(Self.card("ZALO_API_BASE_URL", in: html).contains("https://openapi.zalo.me"))
            #expect(Self.card("ESMS_API_KEY", in: html).contains("Nguồn: chưa đặt"))
            #expect(Self.card("PAKN_MAIL_FROM", in: html).contains("<form"), "e-mail sender address is settable")
            #expect(!Self.card("PAKN_SENDMAIL", in: html).contains("<form"), "a server command is environment-only")

            // Refused with the field's message; nothing stored.
            // Where secrets are sent is the installer's choice: an admin account pointing ESMS_BASE_URL at its own host
            // would receive the eSMS key and secret (attack run, finding 4).
            for name in ["ZALO_API_BASE_URL", "ZALO_OAUTH_BASE_URL", "MESSENGER_API_BASE_URL", "ESMS_BASE_URL"] {
                #expect(!Self.card(name, in: html).contains("<form"), "\(name) is environment-only")
                #expect(try await admin.post("\(Self.page)/\(name)", [("value", "http://127.0.0.1:9/x")]).status == .unprocessableEntity)
            }
            // One sender address, nothing before or after it (mail goes out from the first address found; finding 5).
            for refused in ["Evil <evil@attacker.vn> <phananh@gialai.gov.vn>", "evil@attacker.vn <phananh@gialai.gov.vn>",
                            "phananh@gialai.gov.vn, evil@attacker.vn", "ftp://openapi.zalo.me"] {
                #expect(try await admin.post("\(Self.page)/PAKN_MAIL_FROM", [("value", refused)]).status == .unprocessableEntity, "\(refused)")
            }
            #expect(admin.lastHTML.contains("Phải là một địa chỉ thư"))
            #expect(admin.lastHTML.contains("ftp://openapi.zalo.me"), "a refused non-secret value is shown again to correct")
            #expect(try await admin.post("\(Self.page)/PAKN_CONVERSATION_DAYS", [("value", "0")]).status == .unprocessableEntity)
            #expect(admin.lastHTML.contains("Phải là số nguyên từ 1 đến 365."))
            #expect(try await admin.post("\(Self.page)/PAKN_CONVERSATION_DAYS", [("value", "mười")]).status == .unprocessableEntity)
            #expect(try await admin.post("\(Self.page)/PAKN_MAIL_MAX_BYTES", [("value", "10")]).status == .unprocessableEntity)
            #expect(admin.lastHTML.contains("Phải là số nguyên từ 1.024 đến 209.715.200."))
            #expect(try await admin.post("\(Self.page)/PAKN_SENDMAIL", [("value", "/bin/sh -c id")]).status == .unprocessableEntity)
            #expect(try await admin.post("\(Self.page)/NOT_A_SETTING", [("value", "x")]).status == .notFound)
            #expect(try await Setting.query(on: app.db).filter(\.$id ~~ ChannelSettings.all.map(\.storageKey)).count() == 0)

            // Accepted: stored as typed (URL without its trailing slash) and in force at once.
            var location = ""
            for (name, value) in [("PAKN_MAIL_FROM", "Tổng đài 1022 Gia Lai <phananh@gialai.gov.vn>"), ("PAKN_CONVERSATION_DAYS", "7"), ("ESMS_SANDBOX", "1")] {
                try await admin.get(Self.page)
                let response = try await admin.post("\(Self.page)/\(name)", [("value", value)])
                #expect(response.status == .seeOther, "\(name)")
                location = response.headers.first(name: .location) ?? ""
            }
            let effective = try await ChannelConfiguration.effective(base: app.paknConfiguration.channels, on: app.db)
            #expect(effective.mailFrom == "Tổng đài 1022 Gia Lai <phananh@gialai.gov.vn>")
            #expect(effective.conversationWindowDays == 7)
            #expect(effective.esmsSandbox == true)
            #expect(effective.zaloAppID == Self.configureAppID, "untouched settings keep the environment's value")
            #expect(try await Setting.find("channel:PAKN_MAIL_FROM", on: app.db)?.value == "Tổng đài 1022 Gia Lai <phananh@gialai.gov.vn>", "not secret: stored as is")
            #expect(location == "\(Self.page)?da-luu=ESMS_SANDBOX#ESMS_SANDBOX")
            let page = try await admin.get(String(location.prefix { $0 != "#" })).body.string
            #expect(page.contains("Đã lưu: Chế độ thử (Sandbox: chỉ kiểm tra, không gửi)."))
            #expect(Self.card("PAKN_MAIL_FROM", in: page).contains("Nguồn: quản trị"))
            #expect(Self.card("PAKN_MAIL_FROM", in: page).contains("phananh@gialai.gov.vn"))
            #expect(Self.card("ESMS_SANDBOX", in: page).contains(#"Giá trị: <strong class="value">Bật</strong>"#))
        }
    }

    static let configureAppID = WebhookTests.zaloAppID

    @Test("a new Zalo refresh token replaces the rotated one and clears the refresh error", arguments: TestDatabase.available)
    func zaloReconsent(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.configure) { app in
            // setup: the worker rotated the tokens, then a refresh was refused.
            try await Setting(key: ZaloTokens.refreshKey, value: "rotated-refresh").create(on: app.db)
            try await Setting(key: ZaloTokens.accessKey, value: "rotated-access").create(on: app.db)
            try await Setting(key: ZaloTokens.errorKey, value: "refresh refused at 2026-03-02").create(on: app.db)
            let admin = try await Self.admin(app)
            #expect(try await admin.get(Self.page).body.string.contains("Làm mới token Zalo bị từ chối"))
            // act
            #expect(try await admin.post("\(Self.page)/ZALO_REFRESH_TOKEN", [("value", "fresh-refresh-token-0b7d")]).status == .seeOther)
            // check: the error and the rotated refresh token are gone; the new one is in force (encrypted).
            #expect(try await Setting.find(ZaloTokens.refreshKey, on: app.db) == nil)
            #expect(try await Setting.find(ZaloTokens.errorKey, on: app.db) == nil)
            #expect(try await Setting.find(ZaloTokens.accessKey, on: app.db)?.value == "rotated-access", "the access token still works until refused")
            let effective = try await ChannelConfiguration.effective(base: app.paknConfiguration.channels, on: app.db)
            #expect(effective.zaloRefreshToken == "fresh-refresh-token-0b7d")
            #expect(!(try await admin.get(Self.page).body.string.contains("fresh-refresh-token-0b7d")))
        }
    }

    @Test("health: last inbound event in Vietnam time, failed events with their error masked, stuck notifications",
          arguments: TestDatabase.available)
    func health(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.configure) { app in
            // setup: a Zalo event that failed (its error names a phone number), received 02/03/2026 08:30 UTC+7.
            let failedAt = try #require(ISO8601DateFormatter().date(from: "2026-03-02T01:30:00Z"))
            let event = InboundEvent()
            event.channel = .zalo; event.providerEventID = "m-failed"; event.headers = "{}"; event.rawBody = Data("{}".utf8)
            event.status = .failed; event.receivedAt = failedAt; event.error = "decode failed for sender 0912 345 678"
            try await event.create(on: app.db)
            // A request from Zalo whose notification is retrying, and one given up after 10 attempts.
            let record = try await WorkflowFlowTests.submit(app, content: "Cây đổ chắn ngang đường Lê Lợi.")
            record.channel = .zalo
            try await record.save(on: app.db)
            let payload = Outbox.NotificationPayload(requestID: try record.requireID(), template: .created, status: .received, eventID: UUID())
            for (key, attempts, finished) in [("stuck-retrying", 3, false), ("stuck-dead", 10, true)] {
                try await JobQueue.enqueue(kind: .notify, payload: payload, idempotencyKey: key, runAt: failedAt, on: app.db)
                let job = try #require(try await Job.query(on: app.db).filter(\.$idempotencyKey == key).first())
                job.attempts = attempts
                job.lastError = "HTTP 503 from eSMS for 0987654321"
                job.finishedAt = finished ? failedAt : nil
                try await job.save(on: app.db)
            }
            // An operator's reply to a Messenger request, retrying: part of the outbox too.
            let messengerRecord = try await WorkflowFlowTests.submit(app, content: "Đèn đường tổ 3 không sáng.")
            messengerRecord.channel = .messenger
            try await messengerRecord.save(on: app.db)
            let reply = StaffReply.Payload(requestID: try messengerRecord.requireID(), key: "reply:stuck")
            try await JobQueue.enqueue(kind: .reply, payload: reply, idempotencyKey: "reply:stuck", runAt: failedAt, on: app.db)
            let replyJob = try #require(try await Job.query(on: app.db).filter(\.$idempotencyKey == "reply:stuck").first())
            replyJob.attempts = 2
            replyJob.lastError = "messenger: HTTP 500"
            try await replyJob.save(on: app.db)
            // SMS recorded instead of sent: one within 7 days, one older (not counted).
            for (key, daysAgo) in [("notify:recent", 1.0), ("notify:old", 8.0)] {
                let message = MessageRecord()
                message.channel = .sms; message.direction = .outbound; message.providerMessageID = key; message.body = "x"
                message.sendStatus = .recorded
                message.details = MessageRecord.encodeDetails(["reason": "không có kênh gửi"])
                try await message.create(on: app.db)
                try await MessageRecord.query(on: app.db).filter(\.$providerMessageID == key)
                    .set(\.$createdAt, to: Date().addingTimeInterval(-daysAgo * 86_400)).update()
            }

            // act
            let admin = try await Self.admin(app)
            let html = try await admin.get(Self.page).body.string

            // check
            let zalo = try #require(html.range(of: #"id="suc-khoe-zalo""#).map { String(html[$0.upperBound...].prefix(2500)) })
            #expect(zalo.contains("Sự kiện đến gần nhất: <strong>02/03/2026 08:30 – lỗi khi xử lý</strong>"))
            #expect(zalo.contains("Sự kiện xử lý lỗi: 1"))
            #expect(zalo.contains("02/03/2026 08:30: decode failed for sender"))
            #expect(zalo.contains("Thông báo của phản ánh đến từ kênh này: 1 đang chờ gửi lại, 1 đã bỏ"))
            let sms = try #require(html.range(of: #"id="suc-khoe-sms""#).map { String(html[$0.upperBound...].prefix(2500)) })
            #expect(sms.contains("Thông báo chỉ ghi lại, chưa gửi (7 ngày qua): 1"))
            #expect(sms.contains("Sự kiện đến gần nhất: <strong>chưa có</strong>"))
            #expect(html.contains("Đang chờ gửi lại: 2"))
            #expect(html.contains(TrackingCode(digits: messengerRecord.trackingCode)!.formatted))
            #expect(html.contains("Đã bỏ: 1"))
            #expect(html.contains("Đã bỏ sau 10 lần thử."))
            #expect(html.contains("Đã thử 3 lần"))
            #expect(html.contains(TrackingCode(digits: record.trackingCode)!.formatted))
            // No personal data: neither the phone numbers in the errors nor the requester's phone.
            for phone in ["0912 345 678", "0912345678", "0987654321"] { #expect(!html.contains(phone), "\(phone)") }
        }
    }

    @Test("the settings key: a file generated once with mode 0600, or PAKN_SETTINGS_KEY; sealed values bind to their name")
    func cipherKey() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // setup / act: two loads from the same directory.
        let first = try SettingsCipher.load(environmentKey: nil, dataDirectory: dir)
        let second = try SettingsCipher.load(environmentKey: nil, dataDirectory: dir)
        // check: same key; file 0600 holding base64 of 32 bytes.
        let path = dir.appendingPathComponent("settings.key").path
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)
        #expect(mode.intValue & 0o777 == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Data(base64Encoded: text)?.count == 32)
        let sealed = try first.seal("s3cret", name: "ESMS_API_KEY")
        #expect(second.unseal(sealed, name: "ESMS_API_KEY") == "s3cret")
        #expect(second.unseal(sealed, name: "ESMS_SECRET_KEY") == nil, "the name is authenticated")
        #expect(try first.seal("s3cret", name: "ESMS_API_KEY") != sealed, "a fresh nonce each time")

        // PAKN_SETTINGS_KEY wins over the file; a wrong one is refused.
        let envKey = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        let fromEnv = try SettingsCipher.load(environmentKey: envKey, dataDirectory: dir)
        #expect(fromEnv.unseal(sealed, name: "ESMS_API_KEY") == nil)
        #expect(SettingsCipher(key: SymmetricKey(data: Data((0..<32).map { UInt8($0) }))).unseal(try fromEnv.seal("x", name: "A"), name: "A") == "x")
        #expect(throws: SettingsCipher.Failure.self) { try SettingsCipher.load(environmentKey: "c2hvcnQ=", dataDirectory: dir) }
    }

    @Test("secret names: SECRET, TOKEN, KEY or PASSWORD")
    func secretNames() {
        for name in ["ZALO_OA_SECRET_KEY", "ZALO_ACCESS_TOKEN", "ESMS_API_KEY", "MESSENGER_VERIFY_TOKEN", "PAKN_CTI_TOKEN", "SMTP_PASSWORD"] {
            #expect(ChannelSetting.isSecretName(name), "\(name)")
        }
        for name in ["ZALO_APP_ID", "ESMS_BRANDNAME", "ZALO_API_BASE_URL", "PAKN_MAIL_FROM", "ESMS_SANDBOX"] {
            #expect(!ChannelSetting.isSecretName(name), "\(name)")
        }
    }
}
