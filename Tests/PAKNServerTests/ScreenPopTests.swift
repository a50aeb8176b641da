import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import VaporTesting

/// The screen pop (issue 14): a ringing call reaches the operator whose extension rings, with the caller's card —
/// open and earlier cases, "new request from this call", "attach this call to case" — now or later.
@Suite("Screen pop")
struct ScreenPopTests {
    static func event(agents: [String]) -> String {
        String(decoding: try! JSONEncoder().encode(ScreenPop.Event(callId: "1", from: "0912345678", intake: "/quan-tri/tiep-nhan?call=x",
                                                                   card: "/quan-tri/cuoc-goi/x", agents: agents)), as: UTF8.self)
    }

    @Test("a call rings at the named extension (any case, spaces ignored), at every operator without one, everywhere when none is named")
    func whoseScreenPops() {
        #expect(ScreenPop.rings(Self.event(agents: ["101", "102"]), at: "102"))
        #expect(ScreenPop.rings(Self.event(agents: ["Tổng đài viên 01"]), at: " tổng đài viên 01 "))
        #expect(!ScreenPop.rings(Self.event(agents: ["101", "102"]), at: "103"))
        #expect(ScreenPop.rings(Self.event(agents: ["101"]), at: nil))
        #expect(ScreenPop.rings(Self.event(agents: ["101"]), at: ""))
        #expect(ScreenPop.rings(Self.event(agents: []), at: "103"), "group ringing without names reaches everyone")
        #expect(ScreenPop.rings(#"{"callId":"1","from":"0912345678","intake":"/x"}"#, at: "103"), "an event of an older node still pops")
    }

    @Test("the caller's card lists their open and earlier cases; the call is attached to an open one, once, and shows in its conversation",
          arguments: TestDatabase.available)
    func cardAndAttach(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: CTITests.configure) { app in
            let (agency, _) = try await WorkflowFlowTests.staff(on: app)
            let open = try await O311.makeCase(app, content: "Đèn đường trước chợ không sáng đã ba đêm.", phone: "0912 345 678")
            let answered = try await O311.makeCase(app, content: "Cây xanh nghiêng trước trường học.", phone: "0912 345 678")
            try await O311.publish(app, answered, agency: agency, answer: "Đã cắt tỉa cây.")
            let stranger = try await O311.makeCase(app, content: "Ổ gà trên đường Hùng Vương.", phone: "0987 654 321")
            #expect(try await CTITests.sendJSON(app, #"{"event":"newCall","direction":"in","callId":"pop-1","from":"84912345678","to":"1022","user":["101"]}"#).status == .ok)
            let call = try #require(try await CallRecord.query(on: app.db).filter(\.$callID == "pop-1").first())
            let cardPath = "/quan-tri/cuoc-goi/\(call.id!.uuidString.lowercased())"

            let operatorBrowser = Browser(app)
            try await operatorBrowser.login("op@t.vn", TestApp.demoPassword)
            let card = try await operatorBrowser.get(cardPath).body.string
            let openCode = TrackingCode(digits: open.trackingCode)!.formatted
            let answeredCode = TrackingCode(digits: answered.trackingCode)!.formatted
            let openList = try #require(card.components(separatedBy: "class=\"open-cases\"").dropFirst().first?.components(separatedBy: "</ul>").first)
            #expect(openList.contains(openCode) && !openList.contains(answeredCode))
            #expect(card.contains(answeredCode) && !card.contains(TrackingCode(digits: stranger.trackingCode)!.formatted))
            #expect(card.contains("Tạo phản ánh mới từ cuộc gọi này") && card.contains("Gắn cuộc gọi vào phản ánh này"))
            // Attached to the open case: the case's conversation shows the call; again to it is fine, to another is not.
            let attached = try await operatorBrowser.post("\(cardPath)/gan", [("requestID", open.id!.uuidString)])
            #expect(attached.status == .seeOther && attached.headers.first(name: .location) == "/quan-tri/phan-anh/\(open.id!.uuidString.lowercased())")
            #expect(try await CallRecord.find(call.id, on: app.db)?.requestID == open.id)
            #expect(try await operatorBrowser.get("/quan-tri/phan-anh/\(open.id!.uuidString.lowercased())").body.string.contains("Cuộc gọi 84912345678"))
            try await operatorBrowser.get(cardPath)
            #expect(try await operatorBrowser.post("\(cardPath)/gan", [("code", openCode)]).status == .seeOther)
            try await operatorBrowser.get(cardPath)
            #expect(try await operatorBrowser.post("\(cardPath)/gan", [("code", TrackingCode(digits: stranger.trackingCode)!.formatted)]).status == .conflict)
            try await operatorBrowser.get(cardPath)
            #expect(try await operatorBrowser.post("\(cardPath)/gan", [("code", "123")]).status == .unprocessableEntity)
            // Agency staff have no switchboard.
            let officer = Browser(app)
            try await officer.login("of@t.vn", TestApp.demoPassword)
            #expect(try await officer.get(cardPath).status == .forbidden)

            // The operator's extension: saved, or refused with the reason.
            try await operatorBrowser.get("/quan-tri/tai-khoan")
            #expect(try await operatorBrowser.post("/quan-tri/tai-khoan/may-le", [("ctiExtension", " 101 ")]).status == .seeOther)
            #expect(try await User.query(on: app.db).filter(\.$email == "op@t.vn").first()?.ctiExtension == "101")
            try await operatorBrowser.get("/quan-tri/tai-khoan")
            #expect(try await operatorBrowser.post("/quan-tri/tai-khoan/may-le", [("ctiExtension", "<b>101</b>")]).status == .unprocessableEntity)
            // Operators' pages carry the listener; agency staff's do not.
            #expect(try await operatorBrowser.get("/quan-tri").body.string.contains("/static/pakn-calls.js"))
            #expect(!(try await officer.get("/quan-tri").body.string.contains("/static/pakn-calls.js")))
        }
    }
}
