import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor
import VaporTesting

/// Live changes of a case (issue 15 item 6): a change made through one process reaches the staff who have the case's
/// page open on another process on the same PostgreSQL; the stream is the case's own and only for who may see it.
@Suite("Live case changes")
struct LiveCaseTests {
    static func next(_ stream: AsyncStream<String>, within seconds: Int = 30) async -> String? {
        await withTaskGroup(of: String?.self) { group in
            group.addTask { var iterator = stream.makeAsyncIterator(); return await iterator.next() }
            group.addTask { try? await Task.sleep(for: .seconds(seconds)); return nil }
            let value = await group.next() ?? nil
            group.cancelAll()
            return value
        }
    }

    @Test("a triage saved through one process reaches the other process's subscribers, once, naming the case and the change",
          arguments: TestDatabase.available.filter { $0 == .postgres })
    func acrossProcesses(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { first in
            _ = try await WorkflowFlowTests.staff(on: first)
            let record = try await O311.makeCase(first, content: "Cống thoát nước bị tắc trước chợ.")
            let second = try await Application.make(.testing)
            do {
                try await PAKNServer.configure(second, first.paknConfiguration)
                let relays = [CallEventRelay(.cases), CallEventRelay(.cases)]
                relays[0].start(first)
                relays[1].start(second)
                defer { relays.forEach { $0.stop() } }
                for _ in 0..<200 where !relays.allSatisfy(\.isListening) { try await Task.sleep(for: .milliseconds(50)) }
                let listening = relays.allSatisfy { $0.isListening }
                try #require(listening, "both relays listen")
                let (_, onSecond) = second.caseEvents.subscribe()
                let operatorBrowser = Browser(first)
                try await operatorBrowser.login("op@t.vn", TestApp.demoPassword)
                let page = "/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())"
                try await operatorBrowser.get(page)
                #expect(try await operatorBrowser.post("\(page)/phan-loai", [("title", "Cống tắc trước chợ"), ("serviceCode", "ngap_ung"),
                                                                              ("urgency", "khan"), ("communeCode", record.communeCode ?? "")]).status == .seeOther)
                let json = try #require(await Self.next(onSecond))
                let event = try JSONDecoder().decode(LiveCase.Event.self, from: Data(json.utf8))
                #expect(event == LiveCase.Event(requestId: record.id!.uuidString.lowercased(), status: "received", statusLabel: "Mới tiếp nhận", change: "Phân loại"))
                #expect(await Self.next(onSecond, within: 1) == nil, "once")
            } catch {
                try? await second.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
        }
    }

    @Test("the case's stream carries its own changes to who may see it; another agency gets 404", arguments: TestDatabase.available)
    func streamOfOneCase(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, _) = try await WorkflowFlowTests.staff(on: app)
            let record = try await O311.makeCase(app, content: "Đèn đường không sáng trước trường.")
            let other = try await O311.makeCase(app, content: "Rác tồn đọng ở chợ.")
            try await O311.forward(app, record, to: agency)
            let officer = Browser(app)
            try await officer.login("of@t.vn", TestApp.demoPassword)
            let stranger = Browser(app)
            try await stranger.login("other@t.vn", TestApp.demoPassword)
            let path = "/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())/su-kien"
            #expect(try await stranger.get(path).status == .notFound)
            let cookie = try #require(officer.cookie)
            let body = try await withThrowingTaskGroup(of: String.self) { group in
                group.addTask {
                    var headers = HTTPHeaders()
                    headers.add(name: .cookie, value: cookie)
                    headers.add(name: .accept, value: "text/event-stream")
                    return try await app.testing().sendRequest(.GET, "\(path)?cho=600&so=1", headers: headers).body.string
                }
                group.addTask {
                    while app.caseEvents.count < 1 { try await Task.sleep(for: .milliseconds(20)) }
                    // Another case's change is not this stream's; this case's is.
                    await LiveCase.publish(other, change: "Phân loại", app: app, on: app.db)
                    let moved = try await O311.move(app, record, .accept, O311.officer(agency.id!))
                    await LiveCase.publish(moved, change: WorkflowAction.accept.label, app: app, on: app.db)
                    return ""
                }
                var all = ""
                for try await part in group { all += part }
                return all
            }
            #expect(body.contains("event: case") && body.contains(record.id!.uuidString.lowercased()) && !body.contains(other.id!.uuidString.lowercased()))
            #expect(body.contains("\"status\":\"accepted\""))
        }
    }

    @Test("a triage and a move made through /api/v1 reach the case's subscribers as the pages' do (the services publish, once each)",
          arguments: TestDatabase.available)
    func apiMovesPublish(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            // setup
            let (agency, _) = try await WorkflowFlowTests.staff(on: app)
            let record = try await WorkflowFlowTests.submit(app, content: "Nắp hố ga bị vỡ trên đường Lê Duẩn.")
            let (_, events) = app.caseEvents.subscribe()
            let (h, b) = try APITests.json(["email": "op@t.vn", "password": TestApp.demoPassword])
            let token = try #require(try APITests.decode(try await app.testing().sendRequest(.POST, "/api/v1/auth/token", headers: h, body: b))["token"] as? String)
            func call(_ path: String, _ body: [String: Any]) async throws -> HTTPStatus {
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: token)
                headers.contentType = .json
                return try await app.testing().sendRequest(.POST, path, headers: headers,
                                                           body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: body))).status
            }
            let id = record.id!.uuidString.lowercased()
            // act
            #expect(try await call("/api/v1/staff/requests/\(id)/triage", ["title": "Nắp hố ga vỡ, đường Lê Duẩn"]) == .ok)
            #expect(try await call("/api/v1/staff/requests/\(id)/actions/forward", ["lead_agency_id": agency.id!.uuidString]) == .ok)
            // check
            let triaged = try JSONDecoder().decode(LiveCase.Event.self, from: Data(try #require(await Self.next(events)).utf8))
            #expect(triaged == LiveCase.Event(requestId: id, status: "received", statusLabel: "Mới tiếp nhận", change: "Phân loại"))
            let forwarded = try JSONDecoder().decode(LiveCase.Event.self, from: Data(try #require(await Self.next(events)).utf8))
            #expect(forwarded == LiveCase.Event(requestId: id, status: "forwarded", statusLabel: "Đã chuyển xử lý", change: "Chuyển xử lý"))
            // A refused move publishes nothing.
            let refused = try await call("/api/v1/staff/requests/\(id)/actions/publish", [:])
            #expect(refused == .conflict || refused == .forbidden, "publish is not a move from forwarded")
            #expect(await Self.next(events, within: 1) == nil)
        }
    }

    @Test("an Open311 partner update that moves the case reaches the case's subscribers after it is stored, once per move; one kept as a note tells no one",
          arguments: TestDatabase.available)
    func partnerUpdatesPublish(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            // setup
            let agency = try await O311.agency(app, "Công ty Cấp thoát nước")
            let key = try await O311.key(app, permissions: [.postUpdates], agency: agency.requireID(), partner: "Cấp nước")
            let record = try await O311.makeCase(app, content: "Vỡ ống nước trên đường Ngô Mây, nước tràn ra mặt đường.", service: "vo_ong_nuoc")
            try await O311.forward(app, record, to: agency)
            let (_, events) = app.caseEvents.subscribe()
            func update(_ id: String, _ status: String) async throws -> HTTPStatus {
                try await O311.post(app, "/servicerequestupdates.json", [
                    ("api_key", key), ("service_request_id", record.trackingCode), ("update_id", id), ("status", status),
                    ("updated_datetime", "2026-11-30T11:00:00Z"), ("description", "Đã thay đoạn ống vỡ.")]).status
            }
            let id = record.id!.uuidString.lowercased()
            // act: FIXED from forwarded is accept, then answer.
            #expect(try await update("W-1", "FIXED") == .ok)
            // check
            let accepted = try JSONDecoder().decode(LiveCase.Event.self, from: Data(try #require(await Self.next(events)).utf8))
            #expect(accepted == LiveCase.Event(requestId: id, status: RequestStatus.accepted.rawValue, statusLabel: RequestStatus.accepted.label,
                                               change: WorkflowAction.accept.label))
            let answered = try JSONDecoder().decode(LiveCase.Event.self, from: Data(try #require(await Self.next(events)).utf8))
            #expect(answered == LiveCase.Event(requestId: id, status: RequestStatus.answered.rawValue, statusLabel: RequestStatus.answered.label,
                                               change: WorkflowAction.answer.label))
            // act + check: no move applies now: a note, nothing published.
            #expect(try await update("W-2", "DUPLICATE") == .ok)
            #expect(await Self.next(events, within: 1) == nil)
        }
    }
}
