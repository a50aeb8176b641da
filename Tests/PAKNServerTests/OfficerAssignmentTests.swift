import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import VaporTesting

/// Named officers, "my cases" and hand-over (issue 14), through the pages, on both databases.
@Suite("Named officers and hand-over")
struct OfficerAssignmentPageTests {
    @Test("an officer takes a case, the leader names another, 'my cases' follows, a hand-over moves them back; scoping holds",
          arguments: TestDatabase.available)
    func takeNameHandOver(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, _) = try await WorkflowFlowTests.staff(on: app)
            let second = User(email: "of2@t.vn", fullName: "Trần Văn Hai", passwordHash: try app.password.hash(TestApp.demoPassword),
                              role: .agencyOfficer, agencyID: agency.id)
            try await second.create(on: app.db)
            let first = try #require(try await User.query(on: app.db).filter(\.$email == "of@t.vn").first())
            let record = try await O311.makeCase(app, content: "Ổ gà sâu trước cổng trường tiểu học, học sinh đi lại nguy hiểm.")
            try await O311.forward(app, record, to: agency)
            let id = record.id!.uuidString.lowercased()
            let page = "/quan-tri/phan-anh/\(id)"
            let code = TrackingCode(digits: record.trackingCode)!.formatted
            func officer() async throws -> UUID? {
                try await Assignment.query(on: app.db).filter(\.$requestID == record.id!).filter(\.$active == true).first()?.officerID
            }

            // The officer takes it.
            let officerBrowser = Browser(app)
            try await officerBrowser.login("of@t.vn", TestApp.demoPassword)
            #expect(try await officerBrowser.get(page).body.string.contains("Nhận xử lý phản ánh này"))
            // An officer cannot name a colleague.
            #expect(try await officerBrowser.post("\(page)/can-bo", [("officerID", second.id!.uuidString)]).status == .forbidden)
            try await officerBrowser.get(page)
            #expect(try await officerBrowser.post("\(page)/can-bo", [("officerID", first.id!.uuidString)]).status == .seeOther)
            #expect(try await officer() == first.id)
            #expect(try await officerBrowser.get("/quan-tri?mine=1").body.string.contains(code))
            let secondBrowser = Browser(app)
            try await secondBrowser.login("of2@t.vn", TestApp.demoPassword)
            #expect(!(try await secondBrowser.get("/quan-tri?mine=1").body.string.contains(code)), "not named: not in 'my cases'")
            #expect(try await secondBrowser.get("/quan-tri").body.string.contains(code), "still in the agency's queue")

            // The leader names the second officer; someone of another agency cannot be named, nor name.
            let leader = Browser(app)
            try await leader.login("le@t.vn", TestApp.demoPassword)
            let leaderPage = try await leader.get(page).body.string
            #expect(leaderPage.contains("id=\"officer-form\"") && leaderPage.contains("Trần Văn Hai"))
            let foreign = try #require(try await User.query(on: app.db).filter(\.$email == "other@t.vn").first())
            #expect(try await leader.post("\(page)/can-bo", [("officerID", foreign.id!.uuidString)]).status == .unprocessableEntity)
            try await leader.get(page)
            #expect(try await leader.post("\(page)/can-bo", [("officerID", second.id!.uuidString)]).status == .seeOther)
            #expect(try await officer() == second.id)
            #expect(try await secondBrowser.get("/quan-tri?mine=1").body.string.contains(code))
            #expect(try await leader.get(page).body.string.contains("cán bộ: Trần Văn Hai"))
            // The first officer cannot take it back: a colleague's case is the leader's to reassign.
            #expect(!(try await officerBrowser.get(page).body.string.contains("Nhận xử lý phản ánh này")))
            #expect(try await officerBrowser.post("\(page)/can-bo", [("officerID", first.id!.uuidString)]).status == .forbidden)
            let stranger = Browser(app)
            try await stranger.login("other@t.vn", TestApp.demoPassword)
            try await stranger.get("/quan-tri")
            #expect(try await stranger.post("\(page)/can-bo", [("officerID", foreign.id!.uuidString)]).status == .notFound)

            // The second officer left and their account was locked: the leader still hands their cases over.
            second.active = false
            try await second.save(on: app.db)
            #expect(try await officerBrowser.get("/quan-tri/ban-giao").status == .forbidden)
            let handOverPage = try await leader.get("/quan-tri/ban-giao").body.string
            #expect(handOverPage.contains("Trần Văn Hai (đã khóa)"))
            let same = try await leader.post("/quan-tri/ban-giao", [("fromID", second.id!.uuidString), ("toID", second.id!.uuidString)])
            #expect(same.status == .unprocessableEntity)
            try await leader.get("/quan-tri/ban-giao")
            let handed = try await leader.post("/quan-tri/ban-giao", [("fromID", second.id!.uuidString), ("toID", first.id!.uuidString)])
            #expect(handed.status == .ok && handed.body.string.contains("Đã bàn giao 1 phản ánh."))
            #expect(try await officer() == first.id)
            let notes = try await EventRecord.query(on: app.db).filter(\.$requestID == record.id!).filter(\.$action == .officerAssigned)
                .sort(\.$occurredAt).all()
            #expect(notes.map(\.note) == ["\(first.fullName) nhận xử lý.", "Giao Trần Văn Hai xử lý.", "Bàn giao từ Trần Văn Hai sang \(first.fullName)."])
            #expect(notes.allSatisfy { !$0.isPublic })
            // Who works on it inside the agency is not the public's business.
            let lookup = try await Browser(app).get("/tra-cuu?ma=\(record.trackingCode)").body.string
            #expect(!lookup.contains("Trần Văn Hai") && !lookup.contains("Giao cán bộ xử lý"))
        }
    }
}
