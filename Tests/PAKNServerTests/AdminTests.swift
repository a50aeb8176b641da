import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor

@Suite("Admin keeps the reference data")
struct AdminTests {
    @Test("agencies, users, fields and routing rules are editable by the admin only", arguments: TestDatabase.available)
    func referenceData(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let operatorBrowser = Browser(app)
            try await operatorBrowser.login("op@t.vn", TestApp.demoPassword)
            #expect(try await operatorBrowser.get("/quan-tri/co-quan").status == .forbidden)
            #expect(try await operatorBrowser.post("/quan-tri/co-quan", [("name", "Sở mới"), ("kind", "department"), ("active", "on")]).status == .forbidden)

            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            try await admin.get("/quan-tri/co-quan")
            #expect(try await admin.post("/quan-tri/co-quan", [("name", "Sở Khoa học và Công nghệ"), ("kind", "department"), ("active", "on")]).status == .seeOther)
            let agency = try #require(try await Agency.query(on: app.db).filter(\.$name == "Sở Khoa học và Công nghệ").first())
            // Renamed (Sở TT&TT functions moved to Sở KH&CN in 2025: names are data).
            try await admin.get("/quan-tri/co-quan")
            #expect(try await admin.post("/quan-tri/co-quan/\(agency.id!.uuidString.lowercased())", [("name", "Sở KH&CN tỉnh Gia Lai"), ("kind", "department"), ("active", "on")]).status == .seeOther)
            #expect(try await Agency.find(agency.id, on: app.db)?.name == "Sở KH&CN tỉnh Gia Lai")

            try await admin.get("/quan-tri/nguoi-dung")
            let shortPassword = try await admin.post("/quan-tri/nguoi-dung", [("email", "new@t.vn"), ("fullName", "Cán bộ mới"), ("role", "agencyOfficer"),
                                                                              ("agencyID", agency.id!.uuidString), ("password", "short"), ("active", "on")])
            #expect(shortPassword.status == .unprocessableEntity)
            try await admin.get("/quan-tri/nguoi-dung")
            #expect(try await admin.post("/quan-tri/nguoi-dung", [("email", "New@T.vn"), ("fullName", "Cán bộ mới"), ("role", "agencyOfficer"),
                                                                  ("agencyID", agency.id!.uuidString), ("password", "Mat-khau-dai-2026"), ("active", "on")]).status == .seeOther)
            let user = try #require(try await User.query(on: app.db).filter(\.$email == "new@t.vn").first())
            #expect(user.passwordHash.hasPrefix("$2"), "bcrypt")
            #expect(user.agencyID == agency.id)
            let newcomer = Browser(app)
            try await newcomer.login("new@t.vn", "Mat-khau-dai-2026")
            // An agency role needs an agency.
            try await admin.get("/quan-tri/nguoi-dung")
            #expect(try await admin.post("/quan-tri/nguoi-dung", [("email", "x@t.vn"), ("fullName", "Không cơ quan"), ("role", "agencyLeader"),
                                                                  ("password", "Mat-khau-dai-2026"), ("active", "on")]).status == .unprocessableEntity)

            try await admin.get("/quan-tri/linh-vuc")
            #expect(try await admin.post("/quan-tri/linh-vuc", [("code", "o_nhiem_tieng_on"), ("name", "Ô nhiễm tiếng ồn"), ("groupCode", "kinh_te_xa_hoi"),
                                                                 ("defaultUrgency", "thuong"), ("active", "on")]).status == .seeOther)
            #expect(try await Service.find("o_nhiem_tieng_on", on: app.db)?.name == "Ô nhiễm tiếng ồn")
            try await admin.get("/quan-tri/linh-vuc")
            #expect(try await admin.post("/quan-tri/linh-vuc", [("code", "Bad Code!"), ("name", "X"), ("groupCode", "khac"), ("defaultUrgency", "thuong")]).status == .unprocessableEntity)

            try await admin.get("/quan-tri/quy-tac")
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            #expect(try await admin.post("/quan-tri/quy-tac", [("serviceCode", "o_nhiem_tieng_on"), ("communeCode", commune), ("agencyID", agency.id!.uuidString)]).status == .seeOther)
            let rules = try await RoutingRuleRecord.query(on: app.db).filter(\.$serviceCode == "o_nhiem_tieng_on").all()
            #expect(rules.map(\.agencyID) == [agency.id!])
        }
    }

    @Test("an agency keeping its own hours gets due dates in those hours", arguments: TestDatabase.available)
    func agencyHours(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let f = try await DeadlineWorkflowTests.fixture(app)
            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            try await admin.get("/quan-tri/co-quan")
            let saved = try await admin.post("/quan-tri/co-quan/\(f.agency.id!.uuidString.lowercased())",
                                             [("name", f.agency.name), ("kind", "department"), ("active", "on"), ("workingHours", "08:00-12:00")])
            #expect(saved.status == .seeOther)
            try await admin.get("/quan-tri/co-quan")
            #expect(try await admin.post("/quan-tri/co-quan/\(f.agency.id!.uuidString.lowercased())",
                                         [("name", f.agency.name), ("kind", "department"), ("active", "on"), ("workingHours", "25:00-26:00")]).status == .unprocessableEntity)
            // Forwarded Mon 2/3/2026 09:00; acceptance within 8 working hours of 08:00–12:00:
            // Mon 09–12 (3 h), Tue 08–12 (4 h), Wed 08–09 (1 h) → Wed 4/3 09:00 (the standard week would give Tue 09:00).
            _ = try await f.move(.forward, f.coordinator, "2026-03-02T09:00:00+07:00", ActionInput(leadAgencyID: f.agency.id))
            #expect(try await f.lead().dueAt == DeadlineWorkflowTests.at("2026-03-04T09:00:00+07:00"))
        }
    }

    @Test("the phone intake page shows the caller's earlier requests and creates a phone request", arguments: TestDatabase.available)
    func phoneIntake(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let earlier = try await WorkflowFlowTests.submit(app, content: "Mất nước sinh hoạt 3 ngày nay.", phone: "0905 222 333")
            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            try await op.get("/quan-tri/tiep-nhan")
            let page = try await op.post("/quan-tri/tiep-nhan/tra-so", [("sdt", "+84905222333")])
            #expect(page.body.string.contains(TrackingCode(digits: earlier.trackingCode)!.formatted))
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            let created = try await op.postMultipart("/quan-tri/tiep-nhan", [("fullName", "Lê Thị Cúc"), ("phone", "0905222333"), ("kind", "phan_anh"),
                ("title", "Vẫn mất nước"), ("content", "Người gọi cho biết khu phố vẫn mất nước sau 3 ngày."), ("communeCode", commune), ("consent", "on")])
            #expect(created.status == .seeOther)
            let phone = try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$channel == .phone).first())
            #expect(phone.title == "Vẫn mất nước")
            // An agency officer may not use the operator's intake.
            let officer = Browser(app)
            try await officer.login("of@t.vn", TestApp.demoPassword)
            #expect(try await officer.get("/quan-tri/tiep-nhan").status == .forbidden)
        }
    }
}
