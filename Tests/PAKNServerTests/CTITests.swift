import Fluent
import Foundation
import NIOCore
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor
import VaporTesting

/// `POST /api/v1/cti/{token}` (Zammad generic CTI, channels.md §4.1) and the call pages (§4.7, issue 4 channel 1).
@Suite("Phone switchboard (CTI)")
struct CTITests {
    static let token = "cti-secret-token"

    static func configure(_ config: inout AppConfiguration) { config.channels.ctiToken = token }

    static func send(_ app: Application, _ form: String, token: String = token) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await app.testing().sendRequest(.POST, "/api/v1/cti/\(token)", headers: headers, body: ByteBuffer(string: form))
    }

    static func sendJSON(_ app: Application, _ json: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return try await app.testing().sendRequest(.POST, "/api/v1/cti/\(token)", headers: headers, body: ByteBuffer(string: json))
    }

    @Test("token, feature switch and refusals: 401 bad token, 422 off, unknown event, bad direction", arguments: TestDatabase.available)
    func refusals(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let off = try await Self.send(app, "event=newCall&direction=in&callId=1&from=0901234567&to=1022")
            #expect(off.status == .unprocessableEntity)
        }
        try await TestApp.with(database, modify: Self.configure) { app in
            let bad = try await Self.send(app, "event=newCall&direction=in&callId=1&from=0901234567&to=1022", token: "wrong")
            #expect(bad.status == .unauthorized)
            #expect(bad.body.string.contains("error"))
            let event = try await Self.send(app, "event=ring&direction=in&callId=1")
            #expect(event.status == .unprocessableEntity)
            let direction = try await Self.sendJSON(app, #"{"event":"newCall","direction":"sideways","callId":"1"}"#)
            #expect(direction.status == .unprocessableEntity)
            #expect(direction.body.string == #"{"error":"Invalid direction!"}"#)
            #expect(try await CallRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("a full call, a missed call on the call-back queue, out of order and duplicate events", arguments: TestDatabase.available)
    func calls(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.configure) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            // Full call: newCall (JSON, documented sample) → answer → hangup.
            let sample = #"{ "event": "newCall", "from": "84901234567", "to": "1022", "direction": "in", "callId": "1722490800.42", "user": ["Tổng đài viên 01", "Tổng đài viên 02"], "queue": "1022" }"#
            let first = try await Self.sendJSON(app, sample)
            #expect(first.status == .ok)
            #expect(first.body.string == "{}")
            #expect(try await Self.sendJSON(app, sample).status == .ok) // group ringing repeats newCall
            #expect(try await Self.send(app, "event=answer&direction=in&callId=1722490800.42&from=84901234567&to=1022&user[]=T%E1%BB%95ng+%C4%91%C3%A0i+vi%C3%AAn+01&answeringNumber=101").status == .ok)
            #expect(try await Self.send(app, "event=hangup&direction=in&callId=1722490800.42&from=84901234567&to=1022&cause=normalClearing").status == .ok)
            let call = try #require(try await CallRecord.query(on: app.db).filter(\.$callID == "1722490800.42").first())
            #expect(try await CallRecord.query(on: app.db).count() == 1)
            #expect(call.status == .ended)
            #expect(call.citizenPhone == "0901234567")
            #expect(call.answeredAt != nil && call.cause == "normalClearing" && call.answeringNumber == "101")

            // Missed: hung up while ringing (cancel); a hangup for an unknown callId is a missed call too.
            #expect(try await Self.send(app, "event=newCall&direction=in&callId=m1&from=0987654321&to=1022").status == .ok)
            #expect(try await Self.send(app, "event=hangup&direction=in&callId=m1&from=0987654321&to=1022&cause=cancel").status == .ok)
            #expect(try await Self.send(app, "event=answer&direction=in&callId=m1&from=0987654321&to=1022").status == .ok) // late answer
            #expect(try await Self.send(app, "event=hangup&direction=in&callId=unknown-1&from=anonymous&to=1022&cause=noAnswer").status == .ok)
            #expect(try await CallRecord.query(on: app.db).filter(\.$status == .missed).count() == 2)

            // The operator sees the missed calls, creates a request from one (call attached), and marks the other done.
            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            let queue = try await op.get("/quan-tri/goi-lai")
            #expect(queue.body.string.contains("0987654321"))
            let missed = try #require(try await CallRecord.query(on: app.db).filter(\.$callID == "m1").first())
            let form = try await op.get("/quan-tri/tiep-nhan?call=\(missed.id!.uuidString.lowercased())")
            #expect(form.body.string.contains("from-call"))
            #expect(form.body.string.contains("0987654321"), "the caller's number is prefilled")
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            var fields = Fixtures.submissionFields(communeCode: commune, phone: "0987654321")
            fields.append(("callID", missed.id!.uuidString))
            #expect(try await op.postMultipart("/quan-tri/tiep-nhan", fields).status == .seeOther)
            let request = try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$channel == .phone).first())
            #expect(try await CallRecord.find(missed.id, on: app.db)?.requestID == request.id)

            // Recent calls show the caller's earlier request.
            let recent = try await op.get("/quan-tri/cuoc-goi")
            #expect(recent.body.string.contains(TrackingCode(digits: request.trackingCode)!.formatted))

            let anonymous = try #require(try await CallRecord.query(on: app.db).filter(\.$callID == "unknown-1").first())
            try await op.get("/quan-tri/goi-lai")
            #expect(try await op.post("/quan-tri/goi-lai/\(anonymous.id!.uuidString.lowercased())/xong", []).status == .seeOther)
            #expect(try await CallRecord.find(anonymous.id, on: app.db)?.calledBackAt != nil)
        }
    }

    @Test("the PBX's recording link is kept (http/https only) and shown; a missed call is due back within the intake hours",
          arguments: TestDatabase.available)
    func recordingAndCallbackDue(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.configure) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            #expect(try await Self.send(app, "event=newCall&direction=in&callId=r1&from=0905111222&to=1022").status == .ok)
            #expect(try await Self.send(app, "event=answer&direction=in&callId=r1&from=0905111222&to=1022").status == .ok)
            let recording = "https://pbx.gialai.gov.vn/recordings/r1.mp3?sig=abc"
            #expect(try await Self.sendJSON(app, #"{"event":"hangup","direction":"in","callId":"r1","from":"0905111222","to":"1022","cause":"normalClearing","recordingUrl":"\#(recording)"}"#).status == .ok)
            #expect(try await CallRecord.query(on: app.db).filter(\.$callID == "r1").first()?.recordingURL == recording)
            // Not a web address: ignored, the call is still logged.
            #expect(try await Self.send(app, "event=hangup&direction=in&callId=r2&from=0905111333&to=1022&cause=cancel&recording_url=javascript:alert(1)").status == .ok)
            let r2 = try #require(try await CallRecord.query(on: app.db).filter(\.$callID == "r2").first())
            #expect(r2.recordingURL == nil)

            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            #expect(try await op.get("/quan-tri/cuoc-goi").body.string.contains("href=\"https://pbx.gialai.gov.vn/recordings/r1.mp3?sig=abc\""))

            // Missed on Friday 30 October 2026 at 22:30 (UTC+7). Intake hours 07:00–23:00 on working days: 30 minutes
            // that evening, then 3 h 30 from Monday 07:00 → due Monday 2 November 2026, 10:30 (long past: overdue).
            r2.initializedAt = Date(timeIntervalSince1970: 1_793_374_200)  // 2026-10-30T22:30:00+07:00
            r2.endedAt = r2.initializedAt
            try await r2.save(on: app.db)
            let page = try await op.get("/quan-tri/goi-lai")
            #expect(page.body.string.contains("Hạn gọi lại: 02/11/2026 10:30 – quá hạn"))
        }
    }

    @Test("recent calls: each caller's own earlier requests, none of another caller's", arguments: TestDatabase.available)
    func earlierRequestsPerCaller(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.configure) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let hoa = try await WorkflowFlowTests.submit(app, content: "Đèn đường tổ 5 không sáng.", phone: "0912 345 678")
            let binh = try await WorkflowFlowTests.submit(app, content: "Cống tổ 7 bị tắc.", name: "Trần Văn Bình", phone: "0987 654 321")
            #expect(try await Self.send(app, "event=newCall&direction=in&callId=e1&from=84912345678&to=1022").status == .ok)
            #expect(try await Self.send(app, "event=newCall&direction=in&callId=e2&from=0987654321&to=1022").status == .ok)
            #expect(try await Self.send(app, "event=newCall&direction=in&callId=e3&from=0905000000&to=1022").status == .ok)
            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            let html = try await op.get("/quan-tri/cuoc-goi").body.string
            func card(_ number: String) -> String {
                guard let start = html.range(of: "<strong>\(number)</strong>") else { return "" }
                let rest = html[start.upperBound...]
                return String(rest[..<(rest.range(of: "</li><li")?.lowerBound ?? rest.endIndex)])
            }
            let hoaCode = TrackingCode(digits: hoa.trackingCode)!.formatted, binhCode = TrackingCode(digits: binh.trackingCode)!.formatted
            #expect(card("84912345678").contains(hoaCode) && !card("84912345678").contains(binhCode))
            #expect(card("0987654321").contains(binhCode) && !card("0987654321").contains(hoaCode))
            #expect(!card("0905000000").isEmpty, "the caller without requests is listed")
            #expect(!card("0905000000").contains(hoaCode) && !card("0905000000").contains(binhCode))
        }
    }

    @Test("a blocked caller gets reject/busy until the block expires; the admin edits the blocklist", arguments: TestDatabase.available)
    func blocklist(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.configure) { app in
            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            try await admin.get("/quan-tri/chan-so")
            #expect(try await admin.post("/quan-tri/chan-so", [("phone", "+84 912 000 111"), ("reason", "Gọi quấy rối nhiều lần"), ("days", "30")]).status == .seeOther)
            #expect(try await BlockedNumber.query(on: app.db).first()?.phone == "0912000111")

            let rejected = try await Self.send(app, "event=newCall&direction=in&callId=b1&from=84912000111&to=1022")
            #expect(rejected.body.string == #"{"action":"reject","reason":"busy"}"#)
            // Outbound calls to the number are not rejected.
            let outbound = try await Self.send(app, "event=newCall&direction=out&callId=b2&from=1022&to=0912000111")
            #expect(outbound.body.string == "{}")

            let entry = try #require(try await BlockedNumber.query(on: app.db).first())
            entry.expiresAt = Date().addingTimeInterval(-1)
            try await entry.save(on: app.db)
            #expect(try await Self.send(app, "event=newCall&direction=in&callId=b3&from=0912000111&to=1022").body.string == "{}")

            try await admin.get("/quan-tri/chan-so")
            #expect(try await admin.post("/quan-tri/chan-so/\(entry.id!.uuidString.lowercased())/xoa", []).status == .seeOther)
            #expect(try await BlockedNumber.query(on: app.db).count() == 0)
        }
    }

    @Test("an inbound call is pushed over Server-Sent Events to every operator listening", arguments: TestDatabase.available)
    func liveCalls(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.configure) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            var cookies: [String] = []
            for email in ["op@t.vn", "co@t.vn"] {
                let browser = Browser(app)
                try await browser.login(email, TestApp.demoPassword)
                cookies.append(try #require(browser.cookie))
            }
            // Without the SSE Accept header (a plain page load): 406, not a hanging stream.
            var plain = HTTPHeaders()
            plain.add(name: .cookie, value: cookies[0])
            #expect(try await app.testing().sendRequest(.GET, "/quan-tri/cuoc-goi/su-kien", headers: plain).status == .notAcceptable)

            let bodies = try await withThrowingTaskGroup(of: String.self) { group in
                for cookie in cookies {
                    group.addTask {
                        var headers = HTTPHeaders()
                        headers.add(name: .cookie, value: cookie)
                        headers.add(name: .accept, value: "text/event-stream")
                        let response = try await app.testing().sendRequest(.GET, "/quan-tri/cuoc-goi/su-kien?cho=600&so=1", headers: headers)
                        #expect(response.headers.contentType?.description.hasPrefix("text/event-stream") == true)
                        return response.body.string
                    }
                }
                group.addTask {
                    while app.callEvents.count < 2 { try await Task.sleep(for: .milliseconds(20)) }
                    _ = try await Self.send(app, "event=newCall&direction=in&callId=live-1&from=0905111222&to=1022")
                    return ""
                }
                var all: [String] = []
                for try await body in group where !body.isEmpty { all.append(body) }
                return all
            }
            #expect(bodies.count == 2)
            for body in bodies {
                #expect(body.hasPrefix("retry: 3000"))
                #expect(body.contains("event: call"))
                #expect(body.contains(#""callId":"live-1""#))
                #expect(body.contains("0905111222"))
            }
        }
    }

    @Test("two server processes on one PostgreSQL: a call taken by one reaches the operators of both, once each",
          arguments: TestDatabase.available.filter { $0 == .postgres })
    func relayAcrossProcesses(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: Self.configure) { first in
            // A second "process": another application on the same database.
            let second = try await Application.make(.testing)
            do {
                try await PAKNServer.configure(second, first.paknConfiguration)
                let relays = [CallEventRelay(), CallEventRelay()]
                relays[0].start(first)
                relays[1].start(second)
                for _ in 0..<100 where !relays.allSatisfy(\.isListening) { try await Task.sleep(for: .milliseconds(50)) }
                let listening = relays.allSatisfy { $0.isListening }
                try #require(listening, "both relays listen")
                let (_, onFirst) = first.callEvents.subscribe()
                let (_, onSecond) = second.callEvents.subscribe()

                #expect(try await Self.send(first, "event=newCall&direction=in&callId=relay-1&from=0905123456&to=1022").status == .ok)

                func next(_ stream: AsyncStream<String>, within seconds: Int = 5) async -> String? {
                    await withTaskGroup(of: String?.self) { group in
                        group.addTask { var iterator = stream.makeAsyncIterator(); return await iterator.next() }
                        group.addTask { try? await Task.sleep(for: .seconds(seconds)); return nil }
                        let value = await group.next() ?? nil
                        group.cancelAll()
                        return value
                    }
                }
                for (name, stream) in [("first", onFirst), ("second", onSecond)] {
                    let event = await next(stream)
                    let decoded = event.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                    let json = try #require(decoded, "\(name)")
                    #expect(json["callId"] as? String == "relay-1", "\(name)")
                    #expect(json["from"] as? String == "0905123456", "\(name)")
                    #expect((json["card"] as? String)?.hasPrefix("/quan-tri/cuoc-goi/") == true, "\(name)")
                }
                // Once each: nothing more arrives on the first process (no local copy besides the notification).
                #expect(await next(onFirst, within: 1) == nil)
                relays.forEach { $0.stop() }
            } catch {
                try? await second.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
        }
    }
}
