import Foundation
import Testing
@testable import PAKNChannels

/// channels.md §5.1 (eSMS) and §5.3 items 1–3, 5, 6.
@Suite struct SMSTextTests {
    @Test func segmentBoundaries() {
        #expect(SMSText.count(String(repeating: "a", count: 160)) == .init(encoding: .gsm7, units: 160, segments: 1, unitsPerSegment: 160))
        #expect(SMSText.count(String(repeating: "a", count: 161)) == .init(encoding: .gsm7, units: 161, segments: 2, unitsPerSegment: 153))
        #expect(SMSText.count(String(repeating: "a", count: 306)).segments == 2)
        #expect(SMSText.count(String(repeating: "a", count: 307)).segments == 3)
        #expect(SMSText.count(String(repeating: "ả", count: 70)) == .init(encoding: .ucs2, units: 70, segments: 1, unitsPerSegment: 70))
        #expect(SMSText.count(String(repeating: "ả", count: 71)) == .init(encoding: .ucs2, units: 71, segments: 2, unitsPerSegment: 67))
        #expect(SMSText.count(String(repeating: "ả", count: 134)).segments == 2)
        #expect(SMSText.count(String(repeating: "ả", count: 135)).segments == 3)
        // Extension characters take two septets: 80 × "€" = 160 septets, one more is 2 segments.
        #expect(SMSText.count(String(repeating: "€", count: 80)).units == 160)
        #expect(SMSText.count(String(repeating: "€", count: 80) + "a").segments == 2)
        #expect(SMSText.count("").segments == 0)
        // One Vietnamese letter makes the whole message UCS-2 (§5.2).
        #expect(SMSText.count("Phản ánh").encoding == .ucs2)
        #expect(SMSText.count("Phan anh à è é").encoding == .gsm7)
    }

    @Test func documentedPracticeMessageIsOneGSMSegment() {
        // channels.md §5.2 calls this text 85 characters; Python len() gives 76. Either way it is 1 GSM-7 segment.
        let text = SMSText.unaccented("Phản ánh 123-456-7894 của bạn đã được tiếp nhận. Tra cứu: 1022.gialai.gov.vn")
        #expect(text == "Phan anh 123-456-7894 cua ban da duoc tiep nhan. Tra cuu: 1022.gialai.gov.vn")
        #expect(SMSText.count(text) == .init(encoding: .gsm7, units: 76, segments: 1, unitsPerSegment: 160))
    }

    @Test func allVietnameseLettersBecomeASCII() {
        // The 67 lower-case letters with their marks (a ă â e ê i o ô ơ u ư y × 6 tones, minus plain, plus đ).
        let lower = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
        let expected = "aaaaaaaaaaaaaaaaaaeeeeeeeeeeeeiiiiiioooooooooooooooooouuuuuuuuuuuuyyyyyyd"
        #expect(lower.count == 73) // 12 vowels × 6 tones + đ; 67 of them outside ASCII (§5.3 item 1)
        #expect(SMSText.unaccented(lower) == expected)
        #expect(SMSText.unaccented(lower.uppercased()) == expected.uppercased())
        #expect(SMSText.unaccented(lower.decomposedStringWithCanonicalMapping) == expected)
    }

    @Test func smartPunctuationAndEmoji() {
        #expect(SMSText.unaccented("“Đường” – hỏng… 👍") == "\"Duong\" - hong... ")
        #expect(SMSText.isGSM7(SMSText.unaccented("Ứng dụng “1022” – ✅")))
    }
}

@Suite struct ESMSTests {
    @Test func sendRequestShape() throws {
        let request = ESMS.SendRequest(apiKey: "K", secretKey: "S", phone: "84901234567", content: "Phan anh", brandname: "UBND",
                                       unicode: false, sandbox: true, requestID: String(repeating: "r", count: 60), callbackURL: "https://x/cb")
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(request)) as? [String: String]
        #expect(object == ["ApiKey": "K", "SecretKey": "S", "Phone": "84901234567", "Content": "Phan anh", "Brandname": "UBND",
                           "SmsType": "2", "IsUnicode": "0", "Sandbox": "1", "RequestId": String(repeating: "r", count: 50),
                           "CallbackUrl": "https://x/cb"])
    }

    @Test func documentedResultCodes() {
        func code(_ value: String) -> DeliveryOutcome {
            ESMS.outcome(httpStatus: 200, body: Array(#"{"CodeResult":"\#(value)","CountRegenerate":0,"SMSID":"S1","ErrorMessage":"e"}"#.utf8))
        }
        #expect(code("100") == .sent(providerMessageID: "S1"))
        #expect(code("124") == .sent(providerMessageID: "S1"))
        #expect(code("146") == .fallback(reason: "eSMS 146: e"))
        #expect(code("108") == .fallback(reason: "eSMS 108: e"))
        #expect(code("99") == .fallback(reason: "eSMS 99: e"))
        #expect(code("103") == .failed(reason: "eSMS 103: e"))
        #expect(code("101") == .failed(reason: "eSMS 101: e"))
        #expect(code("140") == .failed(reason: "eSMS 140: e"))
        #expect(ESMS.outcome(httpStatus: 200, body: Array(#"{"CodeResult":100,"SMSID":12345}"#.utf8)) == .sent(providerMessageID: "12345"))
        #expect(ESMS.outcome(httpStatus: 500, body: []) == .retry(reason: "eSMS HTTP 500"))
    }

    @Test func deliveryReport() {
        let ok = ESMS.DeliveryReport(query: ["SMSID": "S1", "SendFailed": "0", "SendStatus": "5", "SendSuccess": "1", "RequestId": "n-1", "phonenumber": "84901234567"])
        #expect(ok?.state == .delivered && ok?.requestID == "n-1")
        #expect(ESMS.DeliveryReport(query: ["SMSID": "S1", "SendFailed": "1", "SendSuccess": "0"])?.state == .failed)
        #expect(ESMS.DeliveryReport(query: ["phonenumber": "1"]) == nil)
    }

    @Test func inboundSignVectorAndXML() {
        // channels.md §5.1: MD5("CP01"+"SMS123"+"PA 0042"+"20240801093000"+"privkey").
        #expect(ESMS.InboundMessage.sign(cpID: "CP01", smsID: "SMS123", content: "PA 0042", receiveTime: "20240801093000", privateKey: "privkey")
                == "c4395e2dbe59dc82de93514355e9e60a")
        let query = ["sender": "84901234567", "content": "PA 0042", "serviceNumber": "8079", "keyword": "PA", "smsid": "SMS123",
                     "receiverTime": "20240801093000", "cpid": "CP01", "sign": "C4395E2DBE59DC82DE93514355E9E60A"]
        let message = ESMS.InboundMessage(query: query)
        #expect(message?.hasValidSign(privateKey: "privkey") == true)
        #expect(message?.hasValidSign(privateKey: "other") == false)
        var tampered = query
        tampered["content"] = "PA 0043"
        #expect(ESMS.InboundMessage(query: tampered)?.hasValidSign(privateKey: "privkey") == false)
        #expect(ESMS.inboundResponseXML(message: "Cảm ơn <b> &", smsID: "SMS123", receiver: "84901234567")
                == #"<?xml version="1.0" encoding="UTF-8"?><ClientResponse><Message>Cảm ơn &lt;b&gt; &amp;</Message><Smsid>SMS123</Smsid><Receiver>84901234567</Receiver></ClientResponse>"#)
    }
}

/// channels.md §6 and issue 4: the reply-window router.
@Suite struct ReplyWindowTests {
    let now = Date(timeIntervalSince1970: 1_722_490_800)

    @Test func zalo() {
        #expect(ReplyWindow.route(channel: .zalo, lastInboundAt: now - 47 * 3600, now: now, author: .automatic) == .zaloConsultation(free: true))
        #expect(ReplyWindow.route(channel: .zalo, lastInboundAt: now - 7 * 86400, now: now, author: .automatic) == .zaloConsultation(free: false))
        guard case .fallback = ReplyWindow.route(channel: .zalo, lastInboundAt: now - 7 * 86400 - 60, now: now, author: .person) else {
            Issue.record("7 days + 1 minute must fall back"); return
        }
    }

    @Test func messenger() {
        // 23h59 → RESPONSE; 24h01 → HUMAN_AGENT only for a person's reply; after 7 days → fallback.
        #expect(ReplyWindow.route(channel: .messenger, lastInboundAt: now - (23 * 3600 + 59 * 60), now: now, author: .automatic) == .messengerResponse)
        #expect(ReplyWindow.route(channel: .messenger, lastInboundAt: now - (24 * 3600 + 60), now: now, author: .person) == .messengerHumanAgent)
        guard case .fallback = ReplyWindow.route(channel: .messenger, lastInboundAt: now - (24 * 3600 + 60), now: now, author: .automatic),
              case .fallback = ReplyWindow.route(channel: .messenger, lastInboundAt: now - (7 * 86400 + 1), now: now, author: .person),
              case .fallback = ReplyWindow.route(channel: .web, lastInboundAt: now, now: now, author: .person),
              case .fallback = ReplyWindow.route(channel: .zalo, lastInboundAt: nil, now: now, author: .person) else {
            Issue.record("expected fallbacks"); return
        }
    }
}
