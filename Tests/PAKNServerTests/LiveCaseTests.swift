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
}
