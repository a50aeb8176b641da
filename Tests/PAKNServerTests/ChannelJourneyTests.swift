import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor
import VaporTesting

/// Issue 4 "Done when": a call, a Zalo message, a Messenger message and an e-mail about one problem end up on one
/// tracking code, the citizen is told the code on a channel they can receive, and the operator sees one conversation.
@Suite("One request across channels")
struct ChannelJourneyTests {
    static func configure(_ config: inout AppConfiguration, peer: ProviderPeer) {
        OutboundTests.configure(&config, peer: peer)
        CTITests.configure(&config)
    }

    @Test("call → request; Zalo, Messenger and e-mail messages attached; later messages follow; one conversation", arguments: TestDatabase.available)
    func journey(_ database: TestDatabase) async throws {
        let peer = try await ProviderPeer.start()
        do {
            try await TestApp.with(database, modify: { Self.configure(&$0, peer: peer) }) { app in
                _ = try await WorkflowFlowTests.staff(on: app)
                let op = Browser(app)
                try await op.login("op@t.vn", TestApp.demoPassword)

                // 1. A call, answered; the operator creates the request from it.
                for event in ["newCall", "answer", "hangup"] {
                    _ = try await CTITests.send(app, "event=\(event)&direction=in&callId=j1&from=%2B84912345678&to=1022&cause=normalClearing")
                }
                let call = try #require(try await CallRecord.query(on: app.db).filter(\.$callID == "j1").first())
                try await op.get("/quan-tri/tiep-nhan?call=\(call.id!.uuidString.lowercased())")
                let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
                var fields = Fixtures.submissionFields(communeCode: commune, content: "Cây đổ chắn ngang đường Lê Lợi.", phone: "0912345678")
                fields.append(("callID", call.id!.uuidString))
                #expect(try await op.postMultipart("/quan-tri/tiep-nhan", fields).status == .seeOther)
                let record = try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$channel == .phone).first())
                let code = TrackingCode(digits: record.trackingCode)!.formatted

                // The caller is told the code by SMS (a phone call has no reply channel of its own).
                try await OutboundTests.work(app)
                let sms = peer.requests(OutboundTests.smsPath)
                #expect(sms.count == 1)
                #expect((sms.first?.json["Content"] as? String)?.contains(code) == true)

                // 2. The same citizen writes on Zalo and on Messenger; the operator attaches both to the code.
                #expect(try await WebhookTests.postZalo(app, WebhookTests.zaloText(msgID: "jz1", sender: "777", text: "Cây vẫn chưa được dọn")).status == .ok)
                let messengerBody = Array(#"{"object":"page","entry":[{"id":"PAGE","messaging":[{"sender":{"id":"PSID-J"},"recipient":{"id":"PAGE"},"timestamp":1722490800000,"message":{"mid":"m_j1","text":"Ảnh cây đổ"}}]}]}"#.utf8)
                #expect(try await WebhookTests.postMessenger(app, messengerBody).status == .ok)
                try await OutboundTests.work(app)
                let mail = MailReceiveTests.mail("From: Trần Thị Bình <binh.tran@example.vn>\nSubject: Cây đổ đường Lê Lợi\nMessage-ID: <j-mail-1@example.vn>\nContent-Type: text/plain; charset=utf-8\n\nCây đổ từ tối qua, xe máy không qua được.")
                #expect(await MailReceiveTests.receive(app, mail) == .stored)
                try await OutboundTests.work(app)
                for mid in ["jz1", "m_j1", "<j-mail-1@example.vn>"] {
                    let message = try #require(try await MessageRecord.query(on: app.db).filter(\.$providerMessageID == mid).first())
                    try await op.get("/quan-tri/kenh")
                    #expect(try await op.post("/quan-tri/kenh/\(message.id!.uuidString.lowercased())/gan", [("ma", code)]).status == .seeOther)
                }

                // 3. A later Zalo message joins the request by itself.
                #expect(try await WebhookTests.postZalo(app, WebhookTests.zaloText(msgID: "jz2", sender: "777", text: "Cảm ơn", timestamp: "1722490999999")).status == .ok)
                try await OutboundTests.work(app)
                let attached = try await MessageRecord.query(on: app.db).filter(\.$requestID == record.requireID()).filter(\.$direction == .inbound).all()
                #expect(Set(attached.compactMap(\.providerMessageID)) == ["jz1", "m_j1", "<j-mail-1@example.vn>", "jz2"])

                // 4. One conversation on the case page: the call, both chats and the SMS sent.
                let page = try await op.get("/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())")
                let html = page.body.string
                #expect(html.contains(#"id="conversation""#))
                for text in ["Cây vẫn chưa được dọn", "Ảnh cây đổ", "Cây đổ từ tối qua, xe máy không qua được.", "Cảm ơn",
                             "Cuộc gọi +84912345678", "Tin nhắn SMS", "Facebook Messenger", "Thư điện tử"] {
                    #expect(html.contains(text), "\(text) on the case page")
                }
            }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }
}
