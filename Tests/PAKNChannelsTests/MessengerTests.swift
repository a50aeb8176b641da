import Foundation
import Testing
@testable import PAKNChannels

/// channels.md §2.3 golden vector, §2.5 items 1–4, 6, 9; §2.4 error codes.
@Suite struct MessengerSignatureTests {
    static let body = Array(#"{"app_id":"1234567890","event_name":"user_send_text","timestamp":"1700000000000"}"#.utf8)
    // channels.md §2.3: key "app_secret", the 81-byte Zalo body.
    static let golden = "sha256=6ce6b6f59b659b3b2219636fcc083eed54fe22e8c7b84b6213c214f0ea2b5010"

    @Test func goldenVector() {
        #expect(MessengerSignature.headerValue(rawBody: Self.body, appSecret: "app_secret") == Self.golden)
        #expect(MessengerSignature.isValid(header: Self.golden, rawBody: Self.body, appSecret: "app_secret"))
    }

    @Test func rejectsTamperingMissingSha1UppercaseAndPrefixes() {
        var tampered = Self.body
        tampered[10] ^= 0x20
        #expect(!MessengerSignature.isValid(header: Self.golden, rawBody: tampered, appSecret: "app_secret"))
        #expect(!MessengerSignature.isValid(header: nil, rawBody: Self.body, appSecret: "app_secret"))
        #expect(!MessengerSignature.isValid(header: "sha1=" + String(Self.golden.dropFirst(7)), rawBody: Self.body, appSecret: "app_secret"))
        #expect(!MessengerSignature.isValid(header: "sha256=" + Self.golden.dropFirst(7).uppercased(), rawBody: Self.body, appSecret: "app_secret"))
        #expect(!MessengerSignature.isValid(header: String(Self.golden.dropFirst(7)), rawBody: Self.body, appSecret: "app_secret"))
        #expect(!MessengerSignature.isValid(header: Self.golden, rawBody: Self.body, appSecret: "other"))
    }

    @Test func escapedAndRawUTF8BodyVerifiedOnBytes() {
        // python3 -c 'import hmac,hashlib; b="{\"object\":\"page\",\"entry\":[{\"id\":\"1\",\"messaging\":[{\"message\":
        //   {\"text\":\"\\u0110\u00e8n\"}}]}]}".encode(); print(hmac.new(b"app_secret",b,hashlib.sha256).hexdigest())'
        let body = Array(#"{"object":"page","entry":[{"id":"1","messaging":[{"message":{"text":"\u0110èn"}}]}]}"#.utf8)
        #expect(MessengerSignature.isValid(
            header: "sha256=86db0172386a460ffbceabd2aa205e733a59a05383ad2f7ad4493b85dffaf88a", rawBody: body, appSecret: "app_secret"))
    }

    @Test func verificationHandshake() {
        #expect(MessengerVerification.answer(mode: "subscribe", verifyToken: "tok", challenge: "1158201444", expectedToken: "tok")
                == .challenge("1158201444"))
        #expect(MessengerVerification.answer(mode: "subscribe", verifyToken: "bad", challenge: "1", expectedToken: "tok") == .forbidden)
        #expect(MessengerVerification.answer(mode: "unsubscribe", verifyToken: "tok", challenge: "1", expectedToken: "tok") == .forbidden)
        #expect(MessengerVerification.answer(mode: nil, verifyToken: "tok", challenge: "1", expectedToken: "tok") == .badRequest)
        #expect(MessengerVerification.answer(mode: "subscribe", verifyToken: "", challenge: "1", expectedToken: "") == .forbidden)
    }
}

@Suite struct MessengerWebhookTests {
    @Test func documentedSampleWithTextAttachmentReplyAndPostback() throws {
        // channels.md §2.3 sample.
        let body = """
        { "object": "page", "entry": [ { "id": "PAGE", "time": 1722490800456, "messaging": [
          { "sender": { "id": "PSID" }, "recipient": { "id": "PAGE" }, "timestamp": 1722490800123,
            "message": { "mid": "m_AbC", "text": "Đèn đường hỏng ở tổ 5",
                         "attachments": [ { "type": "image", "payload": { "url": "https://scontent.xx.fbcdn.net/x" } } ],
                         "reply_to": { "mid": "m_prev" } } },
          { "sender": { "id": "PSID" }, "recipient": { "id": "PAGE" }, "timestamp": 1722490801000,
            "postback": { "mid": "m_XyZ", "title": "Tra cứu phản ánh", "payload": "LOOKUP_REPORT" } } ] } ] }
        """
        let webhook = try MessengerWebhook.decode(Array(body.utf8))
        #expect(webhook.events.count == 2)
        guard case .message(let message) = webhook.events[0].kind else { Issue.record("not a message"); return }
        #expect(message.mid == "m_AbC")
        #expect(message.text == "Đèn đường hỏng ở tổ 5")
        #expect(message.attachments == [.init(type: "image", url: "https://scontent.xx.fbcdn.net/x")])
        #expect(message.replyToMID == "m_prev")
        #expect(webhook.events[0].citizenID == "PSID")
        #expect(webhook.events[0].pageID == "PAGE")
        #expect(webhook.events[1].kind == .postback(.init(mid: "m_XyZ", title: "Tra cứu phản ánh", payload: "LOOKUP_REPORT")))
        #expect(webhook.events[1].idempotencyKey == "m_XyZ")
    }

    @Test func twoEntriesTimesThreeEventsWithOneBrokenAndLocation() throws {
        func event(_ n: Int) -> String {
            #"{"sender":{"id":"U\#(n)"},"recipient":{"id":"P"},"timestamp":\#(1722490800000 + n),"message":{"mid":"m\#(n)","text":"t\#(n)"}}"#
        }
        let location = #"{"sender":{"id":"U9"},"recipient":{"id":"P"},"timestamp":1,"message":{"mid":"loc","attachments":[{"type":"location","title":"Pin","url":"https://l","payload":{"coordinates":{"lat":13.98,"long":108.0}}}]}}"#
        let broken = #"{"sender":{"id":"U7"},"message":{"text":"no mid"}}"#
        let body = #"{"object":"page","entry":[{"id":"P","messaging":[\#(event(1)),\#(event(2)),\#(broken)]},{"id":"P","messaging":[\#(event(4)),\#(location),{"sender":{"id":"U5"},"read":{"watermark":1722490800000}}]}]}"#
        let webhook = try MessengerWebhook.decode(Array(body.utf8))
        #expect(webhook.events.count == 6)
        #expect(webhook.events.map(\.kindName) == ["message", "message", "unparseable", "message", "message", "read"])
        guard case .message(let place) = webhook.events[4].kind else { Issue.record("no location"); return }
        #expect(place.attachments.first?.latitude == 13.98)
        #expect(place.attachments.first?.longitude == 108.0)
        #expect(webhook.events[5].kind == .read(watermark: 1_722_490_800_000))
    }

    @Test func echoesAndMalformed() throws {
        let echo = #"{"object":"page","entry":[{"id":"P","messaging":[{"sender":{"id":"P"},"recipient":{"id":"PSID"},"message":{"mid":"m_e","is_echo":true,"app_id":1517776481860111,"text":"x"}}]}]}"#
        let event = try MessengerWebhook.decode(Array(echo.utf8)).events[0]
        guard case .message(let message) = event.kind else { Issue.record("not a message"); return }
        #expect(message.isEcho && message.appID == "1517776481860111")
        #expect(event.citizenID == "PSID")

        #expect(throws: MessengerWebhook.DecodingFailure.notPage("instagram")) {
            try MessengerWebhook.decode(Array(#"{"object":"instagram","entry":[]}"#.utf8))
        }
        #expect(throws: MessengerWebhook.DecodingFailure.malformed) { try MessengerWebhook.decode(Array("[]".utf8)) }
        let feed = try MessengerWebhook.decode(Array(#"{"object":"page","entry":[{"id":"P","changes":[{"field":"feed"}]}],"extra":1}"#.utf8))
        #expect(feed.events.isEmpty)
    }

    @Test func sendRequestShapesAndDocumentedErrors() throws {
        let response = try JSONSerialization.jsonObject(with: JSONEncoder().encode(
            MessengerSendAPI.Request(psid: "PSID", text: "Phản ánh 123-456-7894", type: .response))) as? [String: Any]
        #expect(response?["messaging_type"] as? String == "RESPONSE")
        #expect(response?["tag"] == nil)
        #expect((response?["recipient"] as? [String: String]) == ["id": "PSID"])
        let tagged = try JSONSerialization.jsonObject(with: JSONEncoder().encode(
            MessengerSendAPI.Request(psid: "PSID", text: "x", type: .humanAgent))) as? [String: Any]
        #expect(tagged?["messaging_type"] as? String == "MESSAGE_TAG")
        #expect(tagged?["tag"] as? String == "HUMAN_AGENT")

        #expect(MessengerSendAPI.outcome(httpStatus: 200, body: Array(#"{"recipient_id":"PSID","message_id":"m_1"}"#.utf8))
                == .sent(providerMessageID: "m_1"))
        func graph(_ code: Int, _ subcode: Int?) -> DeliveryOutcome {
            let sub = subcode.map { #","error_subcode":\#($0)"# } ?? ""
            return MessengerSendAPI.outcome(httpStatus: 400, body: Array(#"{"error":{"message":"m","type":"OAuthException","code":\#(code)\#(sub),"fbtrace_id":"A"}}"#.utf8))
        }
        #expect(graph(10, 2018278) == .fallback(reason: "Messenger 10/2018278: m"))
        #expect(graph(551, nil) == .fallback(reason: "Messenger 551: m"))
        #expect(graph(100, 2018001) == .fallback(reason: "Messenger 100/2018001: m"))
        #expect(graph(613, nil) == .retry(reason: "Messenger 613: m"))
        #expect(graph(2, nil) == .retry(reason: "Messenger 2: m"))
        #expect(graph(190, nil) == .failed(reason: "Messenger 190: m"))
        #expect(MessengerSendAPI.outcome(httpStatus: 503, body: Array("oops".utf8)) == .retry(reason: "Messenger HTTP 503: unreadable answer"))
    }
}
