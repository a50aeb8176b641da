import Fluent
import Foundation
@testable import PAKNServer
import PAKNChannels
import PAKNDomain
import Testing
import Vapor
import VaporTesting

/// `GET /webhooks/sms/esms`: inbound SMS (MO, signed) and delivery reports (channels.md §5.1, §5.3 items 5–6).
@Suite("SMS webhooks")
struct SMSWebhookTests {
    // channels.md §5.1 vector: MD5("CP01"+"SMS123"+"PA 0042"+"20240801093000"+"privkey").
    static let mo = "sender=84901234567&content=PA+0042&serviceNumber=8079&keyword=PA&smsid=SMS123&receiverTime=20240801093000&cpid=CP01&sign=c4395e2dbe59dc82de93514355e9e60a"

    @Test("MO: the documented sign vector is accepted once, answered with well-formed XML; tampered → 401, nothing stored",
          arguments: TestDatabase.available)
    func inbound(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: { $0.channels.esmsPrivateKey = "privkey" }) { app in
            let tampered = try await app.testing().sendRequest(.GET, "/webhooks/sms/esms?" + Self.mo.replacingOccurrences(of: "0042", with: "0043"))
            #expect(tampered.status == .unauthorized)
            #expect(try await InboundEvent.query(on: app.db).count() == 0)

            let first = try await app.testing().sendRequest(.GET, "/webhooks/sms/esms?" + Self.mo)
            #expect(first.status == .ok)
            #expect(first.body.string == #"<?xml version="1.0" encoding="UTF-8"?><ClientResponse><Message>1022 da nhan tin nhan cua ban.</Message><Smsid>SMS123</Smsid><Receiver>84901234567</Receiver></ClientResponse>"#)
            #expect(try await app.testing().sendRequest(.GET, "/webhooks/sms/esms?" + Self.mo).status == .ok)
            try await JobWorker.runOnce(on: app.db, logger: app.logger, config: app.paknConfiguration)
            let messages = try await MessageRecord.query(on: app.db).filter(\.$channel == .sms).all()
            #expect(messages.count == 1)
            #expect(messages.first?.body == "PA 0042")
            #expect(messages.first?.senderID == "0901234567")
            #expect(try await app.testing().sendRequest(.GET, "/webhooks/sms/other?" + Self.mo).status == .notFound)
        }
    }

    /// A signed MO query for `content` from `sender` (the sign computed by the documented rule, channels.md §5.1).
    static func signedMO(sender: String, content: String, smsID: String) -> String {
        let sign = ESMS.InboundMessage.sign(cpID: "CP01", smsID: smsID, content: content, receiveTime: "20261130093000", privateKey: "privkey")
        let encoded = content.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? content
        return "sender=\(sender)&content=\(encoded)&serviceNumber=8079&keyword=PA&smsid=\(smsID)&receiverTime=20261130093000&cpid=CP01&sign=\(sign)"
    }

    @Test("MO \"PA <code> …\" from the case's phone joins that request; from another phone it waits as a third party",
          arguments: TestDatabase.available)
    func keywordWithCode(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: { $0.channels.esmsPrivateKey = "privkey" }) { app in
            // The request's contact phone is 0912 345 678 (OutboundTests.chatRequest).
            let request = try await OutboundTests.chatRequest(app, channel: .web, sender: "web")
            let code = TrackingCode(digits: request.trackingCode)!.formatted
            let own = Self.signedMO(sender: "84912345678", content: "PA \(code) den van chua sang", smsID: "MO-1")
            let other = Self.signedMO(sender: "84987000111", content: "PA \(code) nha toi cung vay", smsID: "MO-2")
            #expect(try await app.testing().sendRequest(.GET, "/webhooks/sms/esms?" + own).status == .ok)
            #expect(try await app.testing().sendRequest(.GET, "/webhooks/sms/esms?" + other).status == .ok)
            try await JobWorker.runOnce(on: app.db, logger: app.logger, config: app.paknConfiguration)
            let joined = try #require(try await MessageRecord.query(on: app.db).filter(\.$providerMessageID == "mo:MO-1").first())
            #expect(joined.requestID == request.id)
            let waiting = try #require(try await MessageRecord.query(on: app.db).filter(\.$providerMessageID == "mo:MO-2").first())
            #expect(waiting.requestID == nil)
            #expect(waiting.details?.contains("\"third_party\":\"true\"") == true)
        }
    }

    @Test("DLR: delivered, duplicate and late reports; a failure is final; unknown SMSID is acknowledged", arguments: TestDatabase.available)
    func deliveryReports(_ database: TestDatabase) async throws {
        let peer = try await ProviderPeer.start()
        do {
            try await TestApp.with(database, modify: { OutboundTests.configure(&$0, peer: peer) }) { app in
                // A web request: its receipt goes by SMS.
                _ = try await WorkflowFlowTests.submit(app, content: "Rác thải tồn đọng ở chợ phường nhiều ngày.")
                try await OutboundTests.work(app)
                let sms = try #require(try await MessageRecord.query(on: app.db).filter(\.$channel == .sms).first())
                let key = try #require(sms.providerMessageID)
                let requestID = key.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                func report(_ success: Int, _ failed: Int) async throws -> HTTPStatus {
                    try await app.testing().sendRequest(.GET, "/webhooks/sms/esms?SMSID=sms-1&SendFailed=\(failed)&SendStatus=5&SendSuccess=\(success)&TotalPrice=500&TotalReceiver=1&TotalSent=1&RequestId=\(requestID)&TypeId=2&telcoid=1&phonenumber=84912345678").status
                }
                func delivery() async throws -> String? {
                    try await MessageRecord.find(sms.id, on: app.db)?.deliveryState?.rawValue
                }
                // Reports are unsigned: one whose SMSID is a pattern wildcard must match nothing (attack run, finding 8).
                for id in ["%25", "_", "%25-%25"] {
                    #expect(try await app.testing().sendRequest(.GET, "/webhooks/sms/esms?SMSID=\(id)&SendFailed=1&SendStatus=5&SendSuccess=0").status == .ok)
                }
                #expect(try await delivery() == nil)
                // A report naming only eSMS's SMSID finds the message by its receipt id (an indexed equality).
                let smsID = try #require(sms.receiptID)
                #expect(smsID.hasPrefix("sms-"))
                #expect(try await app.testing().sendRequest(.GET, "/webhooks/sms/esms?SMSID=\(smsID)&SendFailed=0&SendStatus=2&SendSuccess=0").status == .ok)
                #expect(try await delivery() == "pending")
                #expect(try await report(0, 1) == .ok)
                #expect(try await report(0, 1) == .ok) // eSMS retries up to 5 times
                #expect(try await delivery() == "failed")
                #expect(try await report(1, 0) == .ok) // a late "sent" does not overwrite the failure
                #expect(try await delivery() == "failed")
                #expect(try await InboundEvent.query(on: app.db).filter(\.$channel == .sms).count() == 6, "3 wildcard reports, the pending one, then (failed, sent)")
                #expect(try await app.testing().sendRequest(.GET, "/webhooks/sms/esms?SMSID=nobody&SendSuccess=1").status == .ok)
                #expect(try await app.testing().sendRequest(.GET, "/webhooks/sms/esms?hello=1").status == .badRequest)
            }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }

    @Test("a signed MO replayed with characters moved between smsid and content, or another sender, is stored once",
          arguments: TestDatabase.available)
    func replayedMO(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: { $0.channels.esmsPrivateKey = "privkey" }) { app in
            let request = try await OutboundTests.chatRequest(app, channel: .web, sender: "web")
            let code = TrackingCode(digits: request.trackingCode)!.formatted
            let content = "PA \(code) den van chua sang"
            let original = Self.signedMO(sender: "84912345678", content: content, smsID: "MO-7")
            // The same concatenation cpid+smsid+content+receiverTime, so the same sign: "MO-7" + "PA…" = "MO-7P" + "A…".
            let sign = try #require(original.components(separatedBy: "sign=").last)
            let shifted = "sender=84987000111&content=\(String(content.dropFirst()).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&serviceNumber=8079&keyword=PA&smsid=MO-7P&receiverTime=20261130093000&cpid=CP01&sign=\(sign)"
            #expect(try await app.testing().sendRequest(.GET, "/webhooks/sms/esms?" + original).status == .ok)
            #expect(try await app.testing().sendRequest(.GET, "/webhooks/sms/esms?" + shifted).status == .ok, "signed, so acknowledged")
            try await JobWorker.runOnce(on: app.db, logger: app.logger, config: app.paknConfiguration)
            #expect(try await InboundEvent.query(on: app.db).filter(\.$channel == .sms).count() == 1)
            #expect(try await MessageRecord.query(on: app.db).filter(\.$channel == .sms).count() == 1)
        }
    }
}
