import Fluent
import Foundation
@testable import PAKNServer
import PAKNChannels
import PAKNDomain
import Testing
import Vapor

/// The operator's reply box: the channel by the reply-window rule with the reason, the SMS cost before sending,
/// and delivery as a reply a person wrote (issue 4 "Operator experience"; channels.md §2.4, §5.2, §6).
@Suite("Operator reply box")
struct ReplyBoxTests {
    /// Moves the request's inbound messages `hours` into the past.
    static func age(_ app: Application, _ record: ServiceRequestRecord, hours: Double) async throws {
        try await MessageRecord.query(on: app.db).filter(\.$requestID == record.requireID())
            .set(\.$createdAt, to: Date().addingTimeInterval(-hours * 3600)).update()
    }

    @Test("Messenger 30 h after the citizen's last message: a person's reply goes with HUMAN_AGENT, and the page says why",
          arguments: TestDatabase.available)
    func messengerHumanAgent(_ database: TestDatabase) async throws {
        let peer = try await ProviderPeer.start()
        do {
            try await TestApp.with(database, modify: { OutboundTests.configure(&$0, peer: peer) }) { app in
                _ = try await WorkflowFlowTests.staff(on: app)
                let record = try await OutboundTests.chatRequest(app, channel: .messenger, sender: "PSID-9")
                try await OutboundTests.work(app)  // the receipt, inside 24 h: RESPONSE
                try await Self.age(app, record, hours: 30)
                let id = try record.requireID()

                let browser = Browser(app)
                try await browser.login("op@t.vn", TestApp.demoPassword)
                let page = try await browser.get(SiteURL.staffRequest(id).path)
                #expect(page.body.string.contains("id=\"reply-form\""))
                #expect(page.body.string.contains("HUMAN_AGENT"))

                let text = "Chúng tôi đã chuyển phản ánh tới UBND phường, anh chị chờ kết quả nhé."
                let preview = try await browser.post(SiteURL.staffReply(id).path, [("text", text)])
                #expect(preview.status == .ok)
                #expect(preview.body.string.contains("HUMAN_AGENT"))
                #expect(peer.requests("/me/messages").count == 1, "a preview sends nothing")
                let formKey = try #require(preview.body.string.range(of: #"name="key" value="([0-9a-f-]{36})""#, options: .regularExpression)
                    .map { String(preview.body.string[$0].dropFirst(18).dropLast(1)) })
                // The confirm form as the browser holds it; a double click posts it twice.
                let confirmForm = [("text", text), ("confirm", "1"), ("key", formKey), ("_csrf", try #require(browser.csrf))]
                let sent = try await browser.post(SiteURL.staffReply(id).path, confirmForm, csrf: false)
                #expect(sent.status == .seeOther)
                #expect(try await browser.post(SiteURL.staffReply(id).path, confirmForm, csrf: false).status == .seeOther)
                let queued = try await OutboundTests.outbound(app, record).filter { $0.providerMessageID?.hasPrefix("reply:") == true }
                #expect(queued.count == 1)
                #expect(queued.first?.sendStatus == .queued)

                try await OutboundTests.work(app)
                try await OutboundTests.work(app)
                let calls = peer.requests("/me/messages")
                try #require(calls.count == 2, "the receipt, then the reply once")
                // channels.md §2.4: after 24 h and within 7 days, MESSAGE_TAG with tag HUMAN_AGENT.
                #expect(calls[1].json["messaging_type"] as? String == "MESSAGE_TAG")
                #expect(calls[1].json["tag"] as? String == "HUMAN_AGENT")
                let code = TrackingCode(digits: record.trackingCode)!.formatted
                #expect((calls[1].json["message"] as? [String: String])?["text"] == text + "\n-- Tổng đài 1022, phản ánh \(code)")
                let delivered = try await OutboundTests.outbound(app, record).filter { $0.providerMessageID?.hasPrefix("reply:") == true }
                #expect(delivered.count == 1)
                #expect(delivered.first?.sendStatus == .sent)
                #expect(peer.requests(OutboundTests.smsPath).isEmpty)

                // Agency staff do not write to citizens from here: a case outside their agency does not exist for
                // them (404), and the provincial leader, who reads everything, changes nothing (403).
                let officer = Browser(app)
                try await officer.login("of@t.vn", TestApp.demoPassword)
                _ = try await officer.get(SiteURL.queue.path)
                #expect(try await officer.post(SiteURL.staffReply(id).path, [("text", "x"), ("confirm", "1")]).status == .notFound)
                let leader = Browser(app)
                try await leader.login("pl@t.vn", TestApp.demoPassword)
                let leaderPage = try await leader.get(SiteURL.staffRequest(id).path)
                #expect(leaderPage.status == .ok)
                #expect(!leaderPage.body.string.contains("id=\"reply-form\""))
                #expect(try await leader.post(SiteURL.staffReply(id).path, [("text", "x"), ("confirm", "1")]).status == .forbidden)
                #expect(try await OutboundTests.outbound(app, record).filter { $0.providerMessageID?.hasPrefix("reply:") == true }.count == 1)
            }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }

    @Test("a web request with a phone: the reply goes by SMS, shown without diacritics with its segments and price first",
          arguments: TestDatabase.available)
    func smsCost(_ database: TestDatabase) async throws {
        let peer = try await ProviderPeer.start()
        do {
            try await TestApp.with(database, modify: { OutboundTests.configure(&$0, peer: peer); $0.channels.smsSegmentPriceVND = 800 }) { app in
                _ = try await WorkflowFlowTests.staff(on: app)
                let record = try await OutboundTests.chatRequest(app, channel: .web, sender: "web")
                let id = try record.requireID()
                let code = TrackingCode(digits: record.trackingCode)!.formatted
                let browser = Browser(app)
                try await browser.login("co@t.vn", TestApp.demoPassword)
                _ = try await browser.get(SiteURL.staffRequest(id).path)
                let text = "Phường đã cử tổ công tác kiểm tra đèn đường tổ 5 sáng nay. Đèn sẽ được thay trong tuần này. Nếu sau thứ Sáu đèn vẫn chưa sáng, anh chị vui lòng gọi lại 1022."
                let preview = try await browser.post(SiteURL.staffReply(id).path, [("text", text)])
                let html = preview.body.string
                // What goes out: unaccented GSM-7 (channels.md §5.2), đ → d.
                let expected = "Phuong da cu to cong tac kiem tra den duong to 5 sang nay. Den se duoc thay trong tuan nay. Neu sau thu Sau den van chua sang, anh chi vui long goi lai 1022.\n-- Tong dai 1022, phan anh \(code)"
                #expect(html.contains(expected))
                // 157 + 1 + 39 = 197 septets > 160 → ⌈197 / 153⌉ = 2 segments, at 800 đ each.
                #expect(expected.count == 197)
                #expect(html.contains("2 tin SMS"))
                #expect(html.contains("1.600 đ"))
                #expect(html.contains("SMS"))
            }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }

    @Test("a Zalo reply longer than 2,000 characters goes as two consultation messages, in order", arguments: TestDatabase.available)
    func longZaloReply(_ database: TestDatabase) async throws {
        let peer = try await ProviderPeer.start()
        do {
            try await TestApp.with(database, modify: { OutboundTests.configure(&$0, peer: peer) }) { app in
                _ = try await WorkflowFlowTests.staff(on: app)
                let record = try await OutboundTests.chatRequest(app, channel: .zalo, sender: "2468458835291979220")
                try await OutboundTests.work(app)
                let sentence = "Ủy ban nhân dân phường đã kiểm tra hiện trường và lập biên bản. "  // 64 characters
                let text = String(repeating: sentence, count: 40).trimmingCharacters(in: .whitespaces)
                let acting = Acting(userID: nil, actor: .staff(.operator), agencyID: nil, label: "Tổng đài viên")
                _ = try await StaffReply.enqueue(text, about: record, acting: acting, on: app.db, now: Date())
                try await OutboundTests.work(app)
                let calls = peer.requests("/v3.0/oa/message/cs")
                try #require(calls.count == 3, "the receipt, then the reply in two parts")
                let parts = calls.dropFirst().compactMap { ($0.json["message"] as? [String: String])?["text"] }
                #expect(parts.allSatisfy { $0.count <= 2000 })
                #expect(parts.joined() == StaffReply.signed(text, request: record))
                #expect(parts.count == 2)
            }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }

    @Test("the same reply form sent twice at the same instant queues one reply, without an error", arguments: TestDatabase.available)
    func simultaneousCopies(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let record = try await OutboundTests.chatRequest(app, channel: .web, sender: "web")
            let acting = Acting(userID: nil, actor: .staff(.operator), agencyID: nil, label: "Tổng đài viên")
            let formKey = UUID()
            let keys = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await StaffReply.enqueue("Đã chuyển xử lý.", about: record, acting: acting, formKey: formKey, on: app.db, now: Date()) }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(Set(keys) == ["reply:\(formKey.uuidString.lowercased())"])
            #expect(try await MessageRecord.query(on: app.db).filter(\.$providerMessageID == keys[0]).count() == 1)
            #expect(try await Job.query(on: app.db).filter(\.$kind == .reply).count() == 1)
        }
    }
}
