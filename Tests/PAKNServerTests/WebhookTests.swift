import Fluent
import Foundation
import NIOCore
import PAKNChannels
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor
import VaporTesting

/// Inbound webhooks (issue 4 "Common machinery", "Conversations"; channels.md §1.10, §2.5).
@Suite("Channel webhooks")
struct WebhookTests {
    static let zaloAppID = "1234567890"
    static let oaSecret = "oa_secret"
    static let appSecret = "app_secret"

    static func configure(_ config: inout AppConfiguration) {
        config.channels.zaloAppID = zaloAppID
        config.channels.zaloOASecretKey = oaSecret
        config.channels.messengerAppSecret = appSecret
        config.channels.messengerVerifyToken = "verify-me"
        config.channels.messengerAppID = "555"
    }

    static func smallLimit(_ config: inout AppConfiguration) {
        configure(&config)
        config.channels.webhookMaxBytes = 100_000
    }

    /// A Zalo `user_send_text` body in the documented envelope (channels.md §1.3).
    static func zaloText(msgID: String, sender: String = "2468458835291979220", text: String, timestamp: String = "1722490800123") -> [UInt8] {
        Array(#"{"app_id":"\#(zaloAppID)","user_id_by_app":"5521772797175877300","event_name":"user_send_text","timestamp":"\#(timestamp)","sender":{"id":"\#(sender)"},"recipient":{"id":"3886132808788086450"},"message":{"msg_id":"\#(msgID)","text":"\#(text)"}}"#.utf8)
    }

    static func post(_ app: Application, _ path: String, body: [UInt8], headers: [(String, String)],
                     method: Application.Method = .inMemory) async throws -> BrowserResponse {
        var h = HTTPHeaders(headers)
        h.contentType = .json
        if case .running = method { return try await LiveHTTP.send(app, .POST, path, headers: h, body: ByteBuffer(bytes: body)) }
        let response = try await app.testing(method: method).sendRequest(.POST, path, headers: h, body: ByteBuffer(bytes: body))
        return BrowserResponse(status: response.status, headers: response.headers, body: response.body)
    }

    static func postZalo(_ app: Application, _ body: [UInt8], signature: String? = nil,
                         method: Application.Method = .inMemory) async throws -> BrowserResponse {
        let header = signature ?? ZaloSignature.headerValue(rawBody: body, oaSecretKey: oaSecret)!
        return try await post(app, "/webhooks/zalo", body: body, headers: [("X-ZEvent-Signature", header)], method: method)
    }

    static func postMessenger(_ app: Application, _ body: [UInt8], signature: String? = nil) async throws -> BrowserResponse {
        let header = signature ?? MessengerSignature.headerValue(rawBody: body, appSecret: appSecret)
        return try await post(app, "/webhooks/messenger", body: body, headers: [("X-Hub-Signature-256", header)])
    }

    static func work(_ app: Application) async throws {
        try await JobWorker.runOnce(on: app.db, logger: app.logger, config: app.paknConfiguration)
    }

    @Test("Zalo: the golden-vector body is accepted, stored raw with its headers, processed once; a duplicate adds nothing",
          arguments: TestDatabase.available)
    func zaloValidAndDuplicate(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.configure) { app in
            // setup: the exact body and header of channels.md §1.2.
            let golden = Array(#"{"app_id":"1234567890","event_name":"user_send_text","timestamp":"1700000000000"}"#.utf8)
            // act
            let response = try await Self.postZalo(app, golden, signature: "mac=443ece2ca211ad2eb7e4dd35eb6ca874283dc1693af2689de12abe465b8a4148")
            // check: accepted (a text event without a message creates no message)
            #expect(response.status == .ok)
            let stored = try #require(try await InboundEvent.query(on: app.db).first())
            #expect(Array(stored.rawBody) == golden)
            #expect(stored.headers.contains("443ece2ca211ad2eb7e4dd35eb6ca874283dc1693af2689de12abe465b8a4148"))

            let body = Self.zaloText(msgID: "e5d1a8b0c6f34e2bb1f0", text: "Đường Lê Lợi bị ngập, đề nghị xử lý")
            for _ in 0..<3 { #expect(try await Self.postZalo(app, body).status == .ok) }
            #expect(try await InboundEvent.query(on: app.db).count() == 2)
            try await Self.work(app)
            try await Self.work(app)
            let messages = try await MessageRecord.query(on: app.db).filter(\.$channel == .zalo).all()
            #expect(messages.count == 1)
            #expect(messages.first?.body == "Đường Lê Lợi bị ngập, đề nghị xử lý")
            #expect(messages.first?.senderID == "2468458835291979220")
            #expect(messages.first?.requestID == nil, "a first message waits in the intake queue")
            #expect(try await InboundEvent.query(on: app.db).filter(\.$processedAt == nil).count() == 0)
        }
    }

    @Test("Zalo: bad or missing signature → 401 and nothing stored; unknown event → 200 ignored; unparseable → 200 kept",
          arguments: TestDatabase.available)
    func zaloRefusals(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.configure) { app in
            let body = Self.zaloText(msgID: "m1", text: "x")
            var tampered = body
            tampered[tampered.count - 5] = UInt8(ascii: "y")
            #expect(try await Self.postZalo(app, tampered, signature: ZaloSignature.headerValue(rawBody: body, oaSecretKey: Self.oaSecret)).status == .unauthorized)
            #expect(try await Self.post(app, "/webhooks/zalo", body: body, headers: []).status == .unauthorized)
            // The App Secret instead of the OA secret key (channels.md §1.2 warning).
            #expect(try await Self.postZalo(app, body, signature: ZaloSignature.headerValue(rawBody: body, oaSecretKey: Self.appSecret)).status == .unauthorized)
            #expect(try await InboundEvent.query(on: app.db).count() == 0)
            #expect(try await Job.query(on: app.db).filter(\.$kind == .inbound).count() == 0)

            let unknown = Array(#"{"app_id":"1234567890","event_name":"shop_has_order","timestamp":"1"}"#.utf8)
            #expect(try await Self.postZalo(app, unknown).status == .ok)
            let noEventName = Array(#"{"app_id":"1234567890","timestamp":"2","message":"#.utf8) + Array(#"{}}"#.utf8)
            #expect(try await Self.postZalo(app, noEventName).status == .ok)
            let statuses = try await InboundEvent.query(on: app.db).all().map(\.status.rawValue).sorted()
            #expect(statuses == ["ignored", "unparseable"])
            #expect(try await Job.query(on: app.db).filter(\.$kind == .inbound).count() == 0)
        }
    }

    @Test("webhooks take bodies above Vapor's 16 KB default, up to the configured limit", arguments: TestDatabase.available)
    func largeBodies(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.smallLimit) { app in
            let long = String(repeating: "Nước ngập sâu. ", count: 2000) // about 36 KB
            let body = Self.zaloText(msgID: "big", text: long)
            #expect(body.count > 16 * 1024)
            // Through a real HTTP connection, where the body arrives in chunks and the limit applies.
            let running = Application.Method.running(hostname: "127.0.0.1", port: 0)
            let accepted = try await Self.postZalo(app, body, method: running)
            #expect(accepted.status == .ok)
            let tooBig = Self.zaloText(msgID: "huge", text: String(repeating: long, count: 4))
            let refused = try await Self.postZalo(app, tooBig, method: running)
            #expect(refused.status == .payloadTooLarge)
            #expect(try await InboundEvent.query(on: app.db).count() == 1)
        }
    }

    @Test("conversation: create a request from a Zalo message, later messages of the sender join it; attach by code",
          arguments: TestDatabase.available)
    func conversation(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.configure) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            #expect(try await Self.postZalo(app, Self.zaloText(msgID: "z1", text: "Cống bị tắc ở tổ 3")).status == .ok)
            try await Self.work(app)
            let first = try #require(try await MessageRecord.query(on: app.db).filter(\.$providerMessageID == "z1").first())

            // The operator sees it in the intake queue with its channel, and opens the prefilled form.
            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            let inbox = try await op.get("/quan-tri/kenh")
            #expect(inbox.body.string.contains("Cống bị tắc ở tổ 3"))
            #expect(inbox.body.string.contains("channel-zalo"))
            let form = try await op.get("/quan-tri/tiep-nhan?tin-nhan=\(first.id!.uuidString.lowercased())")
            #expect(form.body.string.contains("from-message"))
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            var fields = Fixtures.submissionFields(communeCode: commune, content: "Cống bị tắc ở tổ 3, nước tràn ra đường.")
            fields.append(("messageID", first.id!.uuidString))
            let created = try await op.postMultipart("/quan-tri/tiep-nhan", fields)
            #expect(created.status == .seeOther)
            let record = try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$channel == .zalo).first())
            #expect(try await MessageRecord.find(first.id, on: app.db)?.requestID == record.id)

            // act: the citizen writes again on Zalo.
            #expect(try await Self.postZalo(app, Self.zaloText(msgID: "z2", text: "Đã 2 ngày chưa ai đến", timestamp: "1722490900123")).status == .ok)
            try await Self.work(app)
            // check
            #expect(try await MessageRecord.query(on: app.db).filter(\.$providerMessageID == "z2").first()?.requestID == record.id)

            // Another sender's message is attached by tracking code from the queue.
            #expect(try await Self.postZalo(app, Self.zaloText(msgID: "z3", sender: "111", text: "Tôi cũng thấy")).status == .ok)
            try await Self.work(app)
            let third = try #require(try await MessageRecord.query(on: app.db).filter(\.$providerMessageID == "z3").first())
            #expect(third.requestID == nil)
            try await op.get("/quan-tri/kenh")
            let attached = try await op.post("/quan-tri/kenh/\(third.id!.uuidString.lowercased())/gan",
                                             [("ma", TrackingCode(digits: record.trackingCode)!.formatted)])
            #expect(attached.status == .seeOther)
            #expect(try await MessageRecord.find(third.id, on: app.db)?.requestID == record.id)
            try await op.get("/quan-tri/kenh")
            let wrong = try await op.post("/quan-tri/kenh/\(first.id!.uuidString.lowercased())/gan", [("ma", "000-000-0000")])
            #expect(wrong.status == .notFound, "an attached message is no longer in the queue")
        }
    }

    static func verifier(_ config: inout AppConfiguration) {
        config.channels.zaloVerifierFile = "zalo_verifierABC123.html"
        config.channels.zaloVerifierContent = #"<html><head><meta property="zalo-platform-site-verification" content="ABC123" /></head></html>"#
    }

    @Test("Zalo's domain-verification file is served at the site root when configured", arguments: TestDatabase.available)
    func zaloVerifier(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.verifier) { app in
            let response = try await app.testing().sendRequest(.GET, "/zalo_verifierABC123.html")
            #expect(response.status == .ok)
            #expect(response.body.string.contains(#"content="ABC123""#))
            #expect(try await app.testing().sendRequest(.GET, "/zalo_verifierOTHER.html").status == .notFound)
        }
    }

    @Test("Messenger: GET verification echoes the challenge as text/plain; wrong token 403; missing 400",
          arguments: TestDatabase.available)
    func messengerVerify(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.configure) { app in
            let ok = try await app.testing().sendRequest(.GET, "/webhooks/messenger?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=verify-me")
            #expect(ok.status == .ok)
            #expect(ok.body.string == "1158201444")
            #expect(ok.headers.contentType?.type == "text" && ok.headers.contentType?.subType == "plain")
            #expect(try await app.testing().sendRequest(.GET, "/webhooks/messenger?hub.mode=subscribe&hub.challenge=1&hub.verify_token=nope").status == .forbidden)
            #expect(try await app.testing().sendRequest(.GET, "/webhooks/messenger?hub.mode=subscribe").status == .badRequest)
        }
    }

    @Test("Messenger: 2 entries × 3 events make 6 messages once; our echo and reads are not messages; bad signature 401",
          arguments: TestDatabase.available)
    func messengerBatch(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.configure) { app in
            func event(_ n: Int) -> String {
                #"{"sender":{"id":"PSID\#(n % 2)"},"recipient":{"id":"PAGE"},"timestamp":\#(1722490800000 + n),"message":{"mid":"m_\#(n)","text":"Đèn đường hỏng \#(n)"}}"#
            }
            let echo = #"{"sender":{"id":"PAGE"},"recipient":{"id":"PSID0"},"timestamp":1722490809000,"message":{"mid":"m_echo","is_echo":true,"app_id":555,"text":"reply"}}"#
            // A reply staff typed in Meta Business Suite (another app id) is imported as an outbound message.
            let inboxEcho = #"{"sender":{"id":"PAGE"},"recipient":{"id":"PSID1"},"timestamp":1722490809500,"message":{"mid":"m_staff","is_echo":true,"app_id":263902037430900,"text":"Chúng tôi đã nhận"}}"#
            let read = #"{"sender":{"id":"PSID0"},"recipient":{"id":"PAGE"},"timestamp":1722490809000,"read":{"watermark":1722490809000}}"#
            let body = Array(#"{"object":"page","entry":[{"id":"PAGE","time":1,"messaging":[\#(event(1)),\#(event(2)),\#(event(3))]},{"id":"PAGE","time":2,"messaging":[\#(event(4)),\#(event(5)),\#(event(6)),\#(echo),\#(inboxEcho),\#(read)]}]}"#.utf8)

            #expect(try await Self.postMessenger(app, body, signature: "sha256=" + String(repeating: "0", count: 64)).status == .unauthorized)
            #expect(try await InboundEvent.query(on: app.db).count() == 0)

            #expect(try await Self.postMessenger(app, body).status == .ok)
            #expect(try await Self.postMessenger(app, body).status == .ok) // Meta retries the batch
            try await Self.work(app)
            // The same mid arriving in a different batch is still one message.
            let again = Array(#"{"object":"page","entry":[{"id":"PAGE","messaging":[\#(event(2))]}]}"#.utf8)
            #expect(try await Self.postMessenger(app, again).status == .ok)
            try await Self.work(app)
            let messages = try await MessageRecord.query(on: app.db).filter(\.$channel == .messenger).filter(\.$direction == .inbound).all()
            #expect(messages.count == 6)
            let staff = try await MessageRecord.query(on: app.db).filter(\.$channel == .messenger).filter(\.$direction == .outbound).all()
            #expect(staff.map(\.providerMessageID) == ["m_staff"])
            #expect(staff.first?.senderID == "PSID1")
            #expect(Set(messages.compactMap(\.providerMessageID)) == Set((1...6).map { "m_\($0)" }))

            // Valid signature, unreadable payload: 200 and kept.
            #expect(try await Self.postMessenger(app, Array("not json".utf8)).status == .ok)
            #expect(try await InboundEvent.query(on: app.db).filter(\.$status == .unparseable).count() == 1)
        }
    }
}
