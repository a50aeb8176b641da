import Foundation
import Testing
@testable import PAKNChannels

/// channels.md §4.1 (Zammad generic CTI) and §4.7 items 1–4.
@Suite struct CTIEventTests {
    @Test func documentedJSONSample() throws {
        let body = #"{ "event": "newCall", "from": "84901234567", "to": "1022", "direction": "in", "callId": "1722490800.42", "user": ["Tổng đài viên 01", "Tổng đài viên 02"], "queue": "1022" }"#
        let event = try CTIEvent.decodeJSON(Array(body.utf8))
        #expect(event.kind == .newCall)
        #expect(event.direction == .inbound)
        #expect(event.callID == "1722490800.42")
        #expect(event.from == "84901234567")
        #expect(event.citizenNumber == "84901234567")
        #expect(event.users.sorted() == ["Tổng đài viên 01", "Tổng đài viên 02"])
        #expect(event.queue == "1022")
    }

    @Test func formDataWithRepeatedUserAndHangupCause() throws {
        let form = "event=hangup&from=anonymous&to=1022&direction=in&call_id=c-1&user%5B%5D=T%E1%BB%95ng+1&user[]=B&cause=cancel"
        let event = try CTIEvent.decodeForm(Array(form.utf8))
        #expect(event.kind == .hangup)
        #expect(event.from == "anonymous")
        #expect(event.callID == "c-1")
        #expect(event.users == ["Tổng 1", "B"])
        #expect(event.cause == .cancel)
        let other = try CTIEvent.decodeForm(Array("event=hangup&direction=out&callId=2&cause=voicemail".utf8))
        #expect(other.cause == .other("voicemail"))
        #expect(other.citizenNumber == "")
    }

    @Test func refusals() {
        #expect(throws: CTIEvent.Failure.unknownEvent("ring")) {
            try CTIEvent.decodeForm(Array("event=ring&direction=in&callId=1".utf8))
        }
        #expect(throws: CTIEvent.Failure.invalidDirection("sideways")) {
            try CTIEvent.decodeJSON(Array(#"{"event":"newCall","direction":"sideways","callId":"1"}"#.utf8))
        }
        #expect(CTIEvent.Failure.invalidDirection("x").message == "Invalid direction!")
        #expect(throws: CTIEvent.Failure.invalidCallID) {
            try CTIEvent.decodeForm(Array("event=answer&direction=in&callId=\(String(repeating: "9", count: 251))".utf8))
        }
        #expect(throws: CTIEvent.Failure.malformed) { try CTIEvent.decodeJSON(Array("[1]".utf8)) }
        // 60,000 digits in `from` (attack run, finding 6): refused; 64 characters still pass.
        #expect(throws: CTIEvent.Failure.malformed) {
            try CTIEvent.decodeForm(Array("event=newCall&direction=in&callId=1&from=\(String(repeating: "9", count: 60_000))&to=1022".utf8))
        }
        #expect(throws: CTIEvent.Failure.malformed) {
            try CTIEvent.decodeForm(Array("event=newCall&direction=in&callId=1&from=0905&to=\(String(repeating: "1", count: 65))".utf8))
        }
        #expect((try? CTIEvent.decodeForm(Array("event=newCall&direction=in&callId=1&from=\(String(repeating: "9", count: 64))&to=1022".utf8))) != nil)
    }

    @Test func fullCallMissedCallAndOutOfOrder() throws {
        func event(_ kind: String, cause: String? = nil, direction: String = "in") throws -> CTIEvent {
            try CTIEvent.decodeForm(Array("event=\(kind)&direction=\(direction)&callId=1&from=0901234567&to=1022\(cause.map { "&cause=\($0)" } ?? "")".utf8))
        }
        let t0 = Date(timeIntervalSince1970: 1_722_490_800)
        // newCall → answer → hangup.
        var call = CallState(first: try event("newCall"), at: t0)
        #expect(call.status == .ringing)
        call.apply(try event("answer"), at: t0 + 12)
        call.apply(try event("newCall"), at: t0 + 13) // group ringing repeats newCall
        #expect(call.status == .answered)
        call.apply(try event("hangup", cause: "normalClearing"), at: t0 + 100)
        call.apply(try event("hangup", cause: "busy"), at: t0 + 101) // duplicate hangup
        #expect(call.status == .ended)
        #expect(call.waitingSeconds == 12 && call.talkingSeconds == 88 && call.cause == "normalClearing")

        // Hung up while ringing → missed; a late answer after the hangup does not turn it into answered.
        var missed = CallState(first: try event("newCall"), at: t0)
        missed.apply(try event("hangup", cause: "cancel"), at: t0 + 20)
        missed.apply(try event("answer"), at: t0 + 25)
        #expect(missed.status == .missed)
        // An answer that happened before the hangup but arrived after it counts.
        var late = CallState(first: try event("newCall"), at: t0)
        late.apply(try event("hangup", cause: "normalClearing"), at: t0 + 60)
        late.apply(try event("answer"), at: t0 + 10)
        #expect(late.status == .ended && late.answeredAt == t0 + 10)
        // hangup without newCall → a missed call; forwarded is not missed; outbound unanswered is not missed.
        #expect(CallState(first: try event("hangup", cause: "noAnswer"), at: t0).status == .missed)
        #expect(CallState(first: try event("hangup", cause: "forwarded"), at: t0).status == .ended)
        #expect(CallState(first: try event("hangup", cause: "noAnswer", direction: "out"), at: t0).status == .ended)
        // answer without newCall creates the call.
        #expect(CallState(first: try event("answer"), at: t0).status == .answered)
    }
}
