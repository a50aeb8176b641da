import Foundation
import Testing
@testable import PAKNChannels

/// channels.md §1.2 golden vector and §1.10 items 1, 2, 5, 6, 8.
@Suite struct ZaloSignatureTests {
    // channels.md §1.2: app_id "1234567890", timestamp "1700000000000", OA secret key "oa_secret", this 81-byte body.
    static let body = Array(#"{"app_id":"1234567890","event_name":"user_send_text","timestamp":"1700000000000"}"#.utf8)
    static let golden = "mac=443ece2ca211ad2eb7e4dd35eb6ca874283dc1693af2689de12abe465b8a4148"

    @Test func goldenVector() {
        // setup / act / check
        #expect(Self.body.count == 81)
        #expect("mac=" + ZaloSignature.mac(appID: "1234567890", rawBody: Self.body, timestamp: "1700000000000",
                                           oaSecretKey: "oa_secret") == Self.golden)
        #expect(ZaloSignature.headerValue(rawBody: Self.body, oaSecretKey: "oa_secret") == Self.golden)
        #expect(ZaloSignature.isValid(header: Self.golden, rawBody: Self.body, oaSecretKey: "oa_secret"))
    }

    @Test func acceptsBareAndUppercaseHex() {
        let hex = String(Self.golden.dropFirst(4))
        #expect(ZaloSignature.isValid(header: hex, rawBody: Self.body, oaSecretKey: "oa_secret"))
        #expect(ZaloSignature.isValid(header: "mac=" + hex.uppercased(), rawBody: Self.body, oaSecretKey: "oa_secret"))
    }

    @Test func oneByteChangedFails() {
        var tampered = Self.body
        tampered[40] ^= 0x01
        #expect(!ZaloSignature.isValid(header: Self.golden, rawBody: tampered, oaSecretKey: "oa_secret"))
    }

    @Test func wrongKeyOrHMACOrMissingHeaderFails() {
        #expect(!ZaloSignature.isValid(header: Self.golden, rawBody: Self.body, oaSecretKey: "app_secret"))
        #expect(!ZaloSignature.isValid(header: nil, rawBody: Self.body, oaSecretKey: "oa_secret"))
        #expect(!ZaloSignature.isValid(header: "", rawBody: Self.body, oaSecretKey: "oa_secret"))
        // HMAC-SHA256(key "oa_secret", body), the common mistake: python3 -c 'import hmac,hashlib;
        // print(hmac.new(b"oa_secret", body, hashlib.sha256).hexdigest())' differs from the plain SHA-256.
        #expect(!ZaloSignature.isValid(header: "mac=" + String(repeating: "0", count: 64), rawBody: Self.body,
                                       oaSecretKey: "oa_secret"))
    }

    @Test func otherApplicationRejectedWhenAppIDConfigured() {
        #expect(ZaloSignature.isValid(header: Self.golden, rawBody: Self.body, oaSecretKey: "oa_secret", expectedAppID: "1234567890"))
        #expect(!ZaloSignature.isValid(header: Self.golden, rawBody: Self.body, oaSecretKey: "oa_secret", expectedAppID: "999"))
    }

    @Test func numericTimestampUsesItsDigits() {
        // python3: hashlib.sha256(b"1234567890" + body + b"1700000000000" + b"oa_secret").hexdigest()
        // with body = {"app_id":"1234567890","event_name":"follow","timestamp":1700000000000}
        let body = Array(#"{"app_id":"1234567890","event_name":"follow","timestamp":1700000000000}"#.utf8)
        let expected = ZaloSignature.mac(appID: "1234567890", rawBody: body, timestamp: "1700000000000", oaSecretKey: "oa_secret")
        #expect(expected == "cced354503e8aa7de4ffdfc81fac211ca38a80b1a14d80eb131b3cdbd1e26e77")
        #expect(ZaloSignature.isValid(header: "mac=" + expected, rawBody: body, oaSecretKey: "oa_secret"))
    }

    @Test func escapesAreSignedAsReceived() {
        // The same text with a \u escape and as raw UTF-8 are different bodies with different MACs.
        let escaped = Array(#"{"app_id":"1","timestamp":"2","message":{"text":"\u0111"}}"#.utf8)
        let raw = Array(#"{"app_id":"1","timestamp":"2","message":{"text":"đ"}}"#.utf8)
        let header = ZaloSignature.headerValue(rawBody: escaped, oaSecretKey: "k")
        #expect(ZaloSignature.isValid(header: header, rawBody: escaped, oaSecretKey: "k"))
        #expect(!ZaloSignature.isValid(header: header, rawBody: raw, oaSecretKey: "k"))
    }
}

@Suite struct ZaloEventTests {
    @Test func textEventFromTheDocumentedEnvelope() throws {
        // channels.md §1.3 common envelope.
        let body = """
        {"app_id":"3608465249409039670","user_id_by_app":"5521772797175877300","event_name":"user_send_text",
         "timestamp":"1722490800123","sender":{"id":"2468458835291979220"},"recipient":{"id":"3886132808788086450"},
         "message":{"msg_id":"e5d1a8b0c6f34e2bb1f0","text":"Đường Lê Lợi bị ngập, đề nghị xử lý"}}
        """
        let event = try ZaloEvent.decode(Array(body.utf8))
        #expect(event.kind == .userMessage("text"))
        #expect(event.citizenID == "2468458835291979220")
        #expect(event.recipientID == "3886132808788086450")
        #expect(event.messageID == "e5d1a8b0c6f34e2bb1f0")
        #expect(event.idempotencyKey == "e5d1a8b0c6f34e2bb1f0")
        #expect(event.text == "Đường Lê Lợi bị ngập, đề nghị xử lý")
        #expect(event.date == Date(timeIntervalSince1970: 1_722_490_800.123))
    }

    @Test func nineteenDigitNumericIDsKeepPrecision() throws {
        let body = #"{"event_name":"user_send_text","timestamp":1722490800123,"sender":{"id":9223372036854775807},"message":{"msg_id":"x","text":"a"}}"#
        let event = try ZaloEvent.decode(Array(body.utf8))
        #expect(event.senderID == "9223372036854775807")
        #expect(event.timestamp == "1722490800123")
    }

    @Test func fileImageAndLocationAttachments() throws {
        let file = #"{"event_name":"user_send_file","message":{"msg_id":"f1","attachments":[{"type":"file","payload":{"url":"https://z/f","name":"Don phan anh.pdf","size":"1024000","type":"pdf"}}]}}"#
        let fileEvent = try ZaloEvent.decode(Array(file.utf8))
        #expect(fileEvent.attachments == [.init(type: "file", url: "https://z/f", name: "Don phan anh.pdf", sizeBytes: 1_024_000)])

        let location = #"{"event_name":"user_send_location","message":{"msg_id":"l1","text":"","attachments":[{"type":"location","payload":{"coordinates":{"latitude":"13.9833","longitude":"108.0000"}}}]}}"#
        let place = try ZaloEvent.decode(Array(location.utf8)).attachments.first
        #expect(place?.latitude == 13.9833)
        #expect(place?.longitude == 108.0)

        let numbers = #"{"event_name":"user_send_location","message":{"msg_id":"l2","attachments":[{"type":"location","payload":{"coordinates":{"latitude":13.5,"longitude":""}}}]}}"#
        let odd = try ZaloEvent.decode(Array(numbers.utf8)).attachments.first
        #expect(odd?.latitude == 13.5)
        #expect(odd?.longitude == nil)
    }

    @Test func followUnfollowAndDeliveryEvents() throws {
        let follow = #"{"app_id":"1","oa_id":"3886132808788086450","event_name":"follow","follower":{"id":"2468458835291979220"},"source":"oa_profile","timestamp":"1722490800123"}"#
        let event = try ZaloEvent.decode(Array(follow.utf8))
        #expect(event.kind == .follow)
        #expect(event.citizenID == "2468458835291979220")
        #expect(event.idempotencyKey == "follow:2468458835291979220:1722490800123")

        let seen = #"{"event_name":"user_seen_message","sender":{"id":"oa"},"recipient":{"id":"u"},"message":{"msg_ids":["a","b"]}}"#
        let seenEvent = try ZaloEvent.decode(Array(seen.utf8))
        #expect(seenEvent.kind == .seen)
        #expect(seenEvent.messageIDs == ["a", "b"])
        #expect(seenEvent.citizenID == "u")
    }

    @Test func malformedAndUnknown() throws {
        #expect(throws: ZaloEvent.DecodingFailure.malformed) { try ZaloEvent.decode(Array("not json".utf8)) }
        #expect(throws: ZaloEvent.DecodingFailure.malformed) { try ZaloEvent.decode(Array(#"{"app_id":"1"}"#.utf8)) }
        let unknown = try ZaloEvent.decode(Array(#"{"event_name":"shop_has_order"}"#.utf8))
        #expect(unknown.kind == .unknown("shop_has_order"))
        let noMessage = try ZaloEvent.decode(Array(#"{"event_name":"user_send_text","sender":{"id":"1"}}"#.utf8))
        #expect(noMessage.messageID == nil && noMessage.attachments.isEmpty)
        let badAttachments = try ZaloEvent.decode(Array(#"{"event_name":"user_send_image","message":{"msg_id":"m","attachments":[7,{"type":"hologram"}]}}"#.utf8))
        #expect(badAttachments.attachments.map(\.type) == ["hologram"])
    }
}

@Suite struct ZaloSendingTests {
    @Test func requestBodyShape() throws {
        let data = try JSONEncoder().encode(ZaloConsultationMessage.Request(userID: "2468458835291979220", text: "Đã tiếp nhận"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: [String: String]]
        #expect(object?["recipient"] == ["user_id": "2468458835291979220"])
        #expect(object?["message"] == ["text": "Đã tiếp nhận"])
        #expect(ZaloConsultationMessage.path == "/v3.0/oa/message/cs")
    }

    @Test func documentedSuccessAndErrors() {
        let now = Date(timeIntervalSince1970: 1_722_490_800) // 2024-08-01 12:40 +07:00
        let success = #"{"error":0,"message":"Success","data":{"message_id":"63ecf43f0df7dba892e6","user_id":"2512523625412515","sent_time":"1626926349402","quota":{"quota_type":"reply","remain":"8","total":"8"}}}"#
        #expect(ZaloConsultationMessage.outcome(httpStatus: 200, body: Array(success.utf8), now: now)
                == .sent(providerMessageID: "63ecf43f0df7dba892e6"))
        func code(_ value: Int) -> DeliveryOutcome {
            ZaloConsultationMessage.outcome(httpStatus: 200, body: Array(#"{"error":\#(value),"message":"m"}"#.utf8), now: now)
        }
        #expect(code(-32) == .retry(reason: "Zalo -32: m"))
        #expect(code(-216) == .refreshToken(reason: "Zalo -216: m"))
        #expect(code(-220) == .refreshToken(reason: "Zalo -220: m"))
        #expect(code(-230) == .fallback(reason: "Zalo -230: m"))
        #expect(code(-232) == .fallback(reason: "Zalo -232: m"))
        #expect(code(-213) == .fallback(reason: "Zalo -213: m"))
        #expect(code(-201) == .failed(reason: "Zalo -201: m"))
        // -234 at 12:40 (UTC+7) → 06:00 the next morning, 2024-08-01T23:00:00Z.
        #expect(code(-234) == .deferred(until: Date(timeIntervalSince1970: 1_722_553_200), reason: "Zalo -234: m"))
        #expect(ZaloConsultationMessage.outcome(httpStatus: 502, body: [], now: now) == .retry(reason: "Zalo HTTP 502"))
    }

    @Test func splittingKeepsGraphemes() {
        let text = String(repeating: "ệ", count: 2500)
        let parts = TextSplitting.split(text, maximumCharacters: 2000)
        #expect(parts.map(\.count) == [2000, 500])
        #expect(parts.joined() == text)
        #expect(TextSplitting.split("một hai ba", maximumCharacters: 6) == ["một ", "hai ba"])
    }
}

@Suite struct ZaloOAuthTests {
    @Test func refreshFormAndAnswers() {
        #expect(ZaloOAuth.path == "/v4/oa/access_token")
        #expect(ZaloOAuth.refreshForm(refreshToken: "r+/1", appID: "123") == "refresh_token=r%2B%2F1&app_id=123&grant_type=refresh_token")
        // channels.md §1.5: expires_in is a string in the official example; a number is accepted too.
        #expect(ZaloOAuth.tokens(from: Array(#"{"access_token":"A","refresh_token":"R","expires_in":"90000"}"#.utf8))
                == .init(accessToken: "A", refreshToken: "R", expiresIn: 90_000))
        #expect(ZaloOAuth.tokens(from: Array(#"{"access_token":"A","refresh_token":"R","expires_in":3600}"#.utf8))?.expiresIn == 3600)
        #expect(ZaloOAuth.tokens(from: Array(#"{"error":-14014,"error_name":"Invalid refresh token","error_description":"Invalid refresh token"}"#.utf8)) == nil)
        #expect(ZaloOAuth.tokens(from: Array("oops".utf8)) == nil)
    }
}
