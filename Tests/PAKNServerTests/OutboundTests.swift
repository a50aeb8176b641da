import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor

/// Notifications delivered on the channel of origin through local provider peers (issue 4 "Outbox", "Reply-window
/// router"; channels.md §1.4, §1.8, §2.4, §5.1, §6).
@Suite("Outbound notifications")
struct OutboundTests {
    static func configure(_ config: inout AppConfiguration, peer: ProviderPeer) {
        WebhookTests.configure(&config)
        config.channels.zaloAccessToken = ProviderPeer.zaloToken
        config.channels.zaloAPIBaseURL = peer.baseURL
        config.channels.messengerPageAccessToken = ProviderPeer.pageToken
        config.channels.messengerAPIBaseURL = peer.baseURL
        config.channels.esmsAPIKey = "api-key"
        config.channels.esmsSecretKey = "secret-key"
        config.channels.esmsBrandname = "UBND-GL"
        config.channels.esmsBaseURL = peer.baseURL
    }

    static let smsPath = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"

    /// A request that arrived on `channel`, with one inbound message from `sender` attached, and its "created"
    /// notification queued (IntakeService).
    static func chatRequest(_ app: Application, channel: PAKNDomain.Channel, sender: String) async throws -> ServiceRequestRecord {
        let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
        let submission = Submission(kind: "phan_anh", title: "Đèn đường hỏng", content: "Đèn đường ở tổ 5 hỏng đã một tuần.",
                                    communeCode: commune, address: "Tổ 5", fullName: "Nguyễn Thị Hoa", phone: "0912 345 678", consent: true)
        let record = try await IntakeService.submit(submission, files: [], channel: channel, acting: .system,
                                                    config: app.paknConfiguration, on: app.db).get()
        let message = MessageRecord()
        message.requestID = try record.requireID()
        message.channel = channel
        message.direction = .inbound
        message.providerMessageID = "in-\(UUID().uuidString)"
        message.senderID = sender
        message.body = "Đèn đường ở tổ 5 hỏng"
        try await message.save(on: app.db)
        return record
    }

    static func work(_ app: Application, now: Date = Date()) async throws {
        try await JobWorker.runOnce(on: app.db, logger: app.logger, config: app.paknConfiguration, client: app.client, now: now)
    }

    static func outbound(_ app: Application, _ record: ServiceRequestRecord) async throws -> [MessageRecord] {
        try await MessageRecord.query(on: app.db).filter(\.$requestID == record.requireID()).filter(\.$direction == .outbound).all()
    }

    @Test("Zalo: the receipt goes out as a v3 consultation message with the access_token header, once", arguments: TestDatabase.available)
    func zalo(_ database: TestDatabase) async throws {
        let peer = try await ProviderPeer.start()
        do {
            try await TestApp.with(database, modify: { Self.configure(&$0, peer: peer) }) { app in
                let record = try await Self.chatRequest(app, channel: .zalo, sender: "2468458835291979220")
                try await Self.work(app)
                try await Self.work(app)
                let calls = peer.requests("/v3.0/oa/message/cs")
                #expect(calls.count == 1)
                #expect(calls.first?.headers.first(name: "access_token") == ProviderPeer.zaloToken)
                let json = try #require(calls.first?.json)
                #expect((json["recipient"] as? [String: String]) == ["user_id": "2468458835291979220"])
                let text = try #require((json["message"] as? [String: String])?["text"])
                #expect(text.contains(TrackingCode(digits: record.trackingCode)!.formatted))
                #expect(text.contains("Đã tiếp nhận"))
                let sent = try await Self.outbound(app, record)
                #expect(sent.map(\.channel) == [.zalo])
                #expect(sent.first?.sendStatus == .sent)
                #expect(sent.first?.receiptID?.hasPrefix("zmsg-") == true)
                #expect(peer.requests(Self.smsPath).isEmpty)

                // Receipts out of order: seen first, then delivered; seen stays (channels.md §1.3, §1.10 item 4).
                let zaloID = try #require(sent.first?.receiptID)
                let seen = Array(#"{"app_id":"\#(WebhookTests.zaloAppID)","event_name":"user_seen_message","timestamp":"1722490900000","sender":{"id":"3886132808788086450"},"recipient":{"id":"2468458835291979220"},"message":{"msg_ids":["\#(zaloID)"]}}"#.utf8)
                let received = Array(#"{"app_id":"\#(WebhookTests.zaloAppID)","event_name":"user_received_message","timestamp":"1722490800000","sender":{"id":"3886132808788086450"},"recipient":{"id":"2468458835291979220"},"message":{"msg_id":"\#(zaloID)"}}"#.utf8)
                #expect(try await WebhookTests.postZalo(app, seen).status == .ok)
                #expect(try await WebhookTests.postZalo(app, received).status == .ok)
                try await Self.work(app)
                let after = try #require(try await MessageRecord.find(sent.first?.id, on: app.db))
                #expect(after.deliveryState == .seen)
                #expect(after.deliveryUpdatedAt != nil)
            }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }

    @Test("the worker sends notices of different cases at once, each once, and a case's notices in their order",
          arguments: TestDatabase.available)
    func concurrentNotices(_ database: TestDatabase) async throws {
        let peer = try await ProviderPeer.start()
        do {
            try await TestApp.with(database, modify: { Self.configure(&$0, peer: peer) }) { app in
                // Twelve Zalo cases, each with its "received" notice queued; one of them gets two more notices.
                var records: [ServiceRequestRecord] = []
                for n in 0..<12 {
                    records.append(try await Self.chatRequest(app, channel: .zalo, sender: "24684588352919792\(String(format: "%02d", n))"))
                }
                let first = records[0]
                for (offset, status, action) in [(1.0, RequestStatus.forwarded, WorkflowAction.forward), (2.0, .accepted, .accept)] {
                    let event = EventRecord(requestID: first.id!, occurredAt: Date().addingTimeInterval(offset), actorLabel: "Hệ thống",
                                            action: .workflow(action), from: nil, to: status, note: nil, isPublic: false)
                    try await event.save(on: app.db)
                    try await JobQueue.enqueue(kind: .notify, payload: Outbox.NotificationPayload(requestID: first.id!, template: event.action,
                                                                                               status: status, eventID: event.id!),
                                               idempotencyKey: "notify:\(event.id!.uuidString)", runAt: Date().addingTimeInterval(offset), on: app.db)
                }
                // On PostgreSQL the peer holds each call until four are in flight: a worker that sends one at a time
                // never gets there.
                if database == .postgres { peer.holdUntilInFlight(4) }
                let later = Date().addingTimeInterval(60)
                try await Self.work(app, now: later)
                try await Self.work(app, now: later)
                // Side by side on PostgreSQL; one at a time on SQLite, whose writes are serialised anyway.
                if database == .postgres {
                    #expect(peer.mostInFlight >= 4, "notices of different cases go out side by side")
                } else {
                    #expect(peer.mostInFlight == 1)
                }
                let calls = peer.requests("/v3.0/oa/message/cs")
                #expect(calls.count == 14, "12 receipts and the 2 later notices, each once")
                // The first case's three notices reached the provider in their order.
                let firstUser = "2468458835291979200"
                let texts = calls.filter { ($0.json["recipient"] as? [String: String])?["user_id"] == firstUser }
                    .compactMap { ($0.json["message"] as? [String: String])?["text"] }
                #expect(texts.count == 3)
                if texts.count == 3 {
                    #expect(texts[0].contains("Đã tiếp nhận") && texts[1].contains(RequestStatus.forwarded.label)
                            && texts[2].contains(RequestStatus.accepted.label), "\(texts)")
                }
                #expect(try await Job.query(on: app.db).filter(\.$finishedAt == nil).count() == 0)
            }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }

    @Test("Zalo -230 (no interaction in 7 days) falls back to SMS without diacritics, eSMS-shaped", arguments: TestDatabase.available)
    func zaloFallsBackToSMS(_ database: TestDatabase) async throws {
        let peer = try await ProviderPeer.start()
        do {
            try await TestApp.with(database, modify: { Self.configure(&$0, peer: peer) }) { app in
                peer.script("/v3.0/oa/message/cs", [(.ok, #"{"error":-230,"message":"User has not interacted with the OA in the past 7 days"}"#)])
                let record = try await Self.chatRequest(app, channel: .zalo, sender: "2468458835291979220")
                try await Self.work(app)
                #expect(peer.requests("/v3.0/oa/message/cs").count == 1)
                let sms = peer.requests(Self.smsPath)
                #expect(sms.count == 1)
                let json = try #require(sms.first?.json as? [String: String])
                let code = TrackingCode(digits: record.trackingCode)!.formatted
                #expect(json["Phone"] == "84912345678")
                #expect(json["SmsType"] == "2")
                #expect(json["IsUnicode"] == "0")
                #expect(json["Brandname"] == "UBND-GL")
                #expect(json["RequestId"]?.hasPrefix("notify:") == true)
                #expect(json["Content"] == "1022: Da tiep nhan phan anh cua ban. Ma tra cuu: \(code). Xem tai http://127.0.0.1:8080/tra-cuu?ma=\(code)")
                #expect(try await Self.outbound(app, record).map(\.channel) == [.sms])
                // /metrics counts both attempts by channel and result (process-wide counters: other tests add theirs).
                let metrics = try await app.testing().sendRequest(.GET, "/metrics").body.string
                for series in [#"pakn_notices_total{channel="zalo",result="fallback"}"#, #"pakn_notices_total{channel="sms",result="sent"}"#] {
                    let line = metrics.split(separator: "\n").first { $0.hasPrefix(series + " ") }
                    let value = line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
                    #expect(value >= 1, "\(series) in \(metrics.split(separator: "\n").filter { $0.hasPrefix("pakn_notices") })")
                }
            }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }

    @Test("Messenger: RESPONSE inside 24 h; outside, the automatic notice goes by SMS (no HUMAN_AGENT)", arguments: TestDatabase.available)
    func messengerWindow(_ database: TestDatabase) async throws {
        let peer = try await ProviderPeer.start()
        do {
            try await TestApp.with(database, modify: { Self.configure(&$0, peer: peer) }) { app in
                let inside = try await Self.chatRequest(app, channel: .messenger, sender: "PSID-1")
                try await Self.work(app)
                let calls = peer.requests("/me/messages")
                #expect(calls.count == 1)
                #expect(calls.first?.json["messaging_type"] as? String == "RESPONSE")
                #expect(calls.first?.json["tag"] == nil)
                #expect((calls.first?.json["recipient"] as? [String: String]) == ["id": "PSID-1"])
                #expect(try await Self.outbound(app, inside).map(\.channel) == [.messenger])

                // 25 hours later, the citizen's last message is outside the standard window.
                let outside = try await Self.chatRequest(app, channel: .messenger, sender: "PSID-2")
                try await Self.work(app, now: Date().addingTimeInterval(25 * 3600))
                #expect(peer.requests("/me/messages").count == 1, "no Messenger call outside the window")
                #expect(peer.requests(Self.smsPath).count == 1)
                #expect(try await Self.outbound(app, outside).map(\.channel) == [.sms])
            }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }

    @Test("Messenger 10/2018278 from the provider falls back; eSMS 5xx is retried with back-off and sent once", arguments: TestDatabase.available)
    func providerErrors(_ database: TestDatabase) async throws {
        let peer = try await ProviderPeer.start()
        do {
            try await TestApp.with(database, modify: { Self.configure(&$0, peer: peer) }) { app in
                peer.script("/me/messages", [(.badRequest, #"{"error":{"message":"(#10) This message is sent outside of allowed window.","type":"OAuthException","code":10,"error_subcode":2018278,"fbtrace_id":"B"}}"#)])
                peer.script(Self.smsPath, [(.internalServerError, "oops")])
                let record = try await Self.chatRequest(app, channel: .messenger, sender: "PSID-3")
                let now = Date()
                try await Self.work(app, now: now)
                #expect(try await Self.outbound(app, record).isEmpty)
                let job = try #require(try await Job.query(on: app.db).filter(\.$kind == .notify).first())
                #expect(job.attempts == 1 && job.finishedAt == nil)
                #expect(abs(job.runAt.timeIntervalSince(now.addingTimeInterval(120))) < 1, "2^1 minutes later")
                // The retry: Messenger answers normally now, so the notice goes there.
                try await Self.work(app, now: now.addingTimeInterval(121))
                try await Self.work(app, now: now.addingTimeInterval(600))
                #expect(try await Self.outbound(app, record).count == 1)
                #expect(try await Job.query(on: app.db).filter(\.$kind == .notify).first()?.finishedAt != nil)
            }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }

    static func expiredZalo(_ config: inout AppConfiguration, peer: ProviderPeer) {
        configure(&config, peer: peer)
        config.channels.zaloAccessToken = "expired-token"
        config.channels.zaloAppSecret = ProviderPeer.zaloAppSecret
        config.channels.zaloRefreshToken = ProviderPeer.firstRefreshToken
        config.channels.zaloOAuthBaseURL = peer.baseURL
    }

    @Test("Zalo -216: one refresh under the lock (single-use refresh token kept), one retry; concurrent refreshes make one call",
          arguments: TestDatabase.available)
    func zaloTokenRefresh(_ database: TestDatabase) async throws {
        let peer = try await ProviderPeer.start()
        do {
            try await TestApp.with(database, modify: { Self.expiredZalo(&$0, peer: peer) }) { app in
                let record = try await Self.chatRequest(app, channel: .zalo, sender: "2468458835291979220")
                try await Self.work(app)
                let calls = peer.requests("/v3.0/oa/message/cs")
                #expect(calls.map { $0.headers.first(name: "access_token") } == ["expired-token", "access-2"])
                #expect(peer.zaloRefreshes == 1)
                #expect(try await Self.outbound(app, record).map(\.channel) == [.zalo])
                #expect(try await Setting.find(ZaloTokens.refreshKey, on: app.db)?.value == "refresh-2", "the new refresh token is stored")
                #expect(peer.requests("/v4/oa/access_token").first?.headers.first(name: "secret_key") == ProviderPeer.zaloAppSecret)

                // Three workers that all saw "access-2" refused refresh at once: one network refresh.
                let config = app.paknConfiguration.channels
                let tokens = try await withThrowingTaskGroup(of: String?.self) { group in
                    for _ in 0..<3 {
                        group.addTask { try await ZaloTokens.refresh(after: "access-2", config: config, client: app.client, on: app.db, logger: app.logger) }
                    }
                    var all: [String?] = []
                    for try await token in group { all.append(token) }
                    return all
                }
                #expect(tokens == ["access-3", "access-3", "access-3"])
                #expect(peer.zaloRefreshes == 2)
            }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }
}
