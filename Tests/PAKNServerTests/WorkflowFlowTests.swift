import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import VaporTesting

/// One PAKN through its whole life in the back office, with scoping and publication checked on the way.
@Suite("Main loop: submit, triage, forward, accept, answer, approve, publish, look up, rate")
struct WorkflowFlowTests {
    /// Creates staff users: an operator, a coordinator, and officer + leader of a new agency.
    static func staff(on app: Application) async throws -> (agency: Agency, other: Agency) {
        let hash = try app.password.hash(TestApp.demoPassword)
        let agency = Agency(name: "Sở Xây dựng", kind: .department)
        try await agency.create(on: app.db)
        let other = Agency(name: "Sở Y tế", kind: .department)
        try await other.create(on: app.db)
        try await RoutingRuleRecord(serviceCode: "su_co_duong", communeCode: nil, agencyID: agency.requireID()).create(on: app.db)
        for (email, role, agencyID) in [("op@t.vn", Role.operator, nil), ("co@t.vn", .coordinator, nil), ("of@t.vn", .agencyOfficer, agency.id),
                                        ("le@t.vn", .agencyLeader, agency.id), ("other@t.vn", .agencyOfficer, other.id),
                                        ("kntc@t.vn", .complaintOfficer, nil), ("pl@t.vn", .provincialLeader, nil)] {
            try await User(email: email, fullName: "Cán bộ \(role.rawValue)", passwordHash: hash, role: role, agencyID: agencyID).create(on: app.db)
        }
        return (agency, other)
    }

    static func submit(_ app: Application, content: String, name: String = "Nguyễn Thị Hoa", phone: String = "0912 345 678") async throws -> ServiceRequestRecord {
        let browser = Browser(app)
        let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
        try await browser.get("/gui-phan-anh")
        let response = try await browser.postMultipart("/gui-phan-anh", Fixtures.submissionFields(communeCode: commune, content: content, name: name, phone: phone))
        let code = try #require(Fixtures.trackingCode(in: response.body.string))
        return try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$trackingCode == code.digits).first())
    }

    @Test("the whole loop through the pages, with masking at publication and one rating", arguments: TestDatabase.available)
    func wholeLoop(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, _) = try await Self.staff(on: app)
            let record = try await Self.submit(app, content: "Tôi là Nguyễn Thị Hoa, số 0912 345 678, email hoa.nguyen@example.com. Ổ gà sâu trước nhà số 12 đã 2 tuần chưa sửa.")
            let id = try record.requireID()
            let page = "/quan-tri/phan-anh/\(id.uuidString.lowercased())"

            // Operator: the case is in the queue; forward to the proposed agency.
            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            let queue = try await op.get("/quan-tri")
            #expect(queue.body.string.contains(TrackingCode(digits: record.trackingCode)!.formatted))
            let detail = try await op.get(page)
            #expect(detail.body.string.contains("selected") && detail.body.string.contains(agency.id!.uuidString))
            let forward = try await op.postMultipart("\(page)/thao-tac/forward", [("leadAgencyID", agency.id!.uuidString), ("note", "")])
            #expect(forward.status == .seeOther)

            // Another agency's officer cannot see it (404), in the queue or directly.
            let other = Browser(app)
            try await other.login("other@t.vn", TestApp.demoPassword)
            #expect(try await other.get(page).status == .notFound)
            #expect(!(try await other.get("/quan-tri").body.string.contains(record.trackingCode.prefix(3) + "-")))

            // Officer of the lead agency: accept, then answer; a leader-only move is refused.
            let officer = Browser(app)
            try await officer.login("of@t.vn", TestApp.demoPassword)
            try await officer.get(page)
            #expect(try await officer.postMultipart("\(page)/thao-tac/accept", [("note", "")]).status == .seeOther)
            try await officer.get(page)
            #expect(try await officer.postMultipart("\(page)/thao-tac/answer", [("note", "Đã vá ổ gà trước nhà bà Nguyễn Thị Hoa (0912 345 678) ngày 20/11.")]).status == .seeOther)
            try await officer.get(page)
            #expect(try await officer.postMultipart("\(page)/thao-tac/approve", [("note", "")]).status == .forbidden)

            // Leader approves; coordinator sees the masked preview and publishes.
            let leader = Browser(app)
            try await leader.login("le@t.vn", TestApp.demoPassword)
            try await leader.get(page)
            #expect(try await leader.postMultipart("\(page)/thao-tac/approve", [("note", "")]).status == .seeOther)
            let coordinator = Browser(app)
            try await coordinator.login("co@t.vn", TestApp.demoPassword)
            let preview = try await coordinator.get(page).body.string
            #expect(preview.contains("publication-preview"))
            #expect(try await coordinator.postMultipart("\(page)/thao-tac/publish", [("note", "")]).status == .seeOther)
            // Publication is in the audit: who, what, which case (privacy law: access and administration audit).
            let published = try await AuditEntry.query(on: app.db).filter(\.$action == .publication).all()
            #expect(published.map(\.actor) == ["co@t.vn"])
            #expect(published.first?.route == "POST /quan-tri/phan-anh/:id/thao-tac/:action")
            #expect(published.first?.subject == record.id?.uuidString.lowercased())
            #expect(published.first?.status == 303)

            // The public look-up shows the masked answer and never the personal data.
            let citizen = Browser(app)
            let lookup = try await citizen.get("/tra-cuu?ma=\(record.trackingCode)")
            let html = lookup.body.string
            #expect(lookup.status == .ok)
            #expect(html.contains("Đã trả lời, công khai"))
            #expect(html.contains("Đã vá ổ gà"))
            for secret in ["Nguyễn Thị Hoa", "0912 345 678", "hoa.nguyen@example.com", "0912345678"] {
                #expect(!html.contains(secret), "public page leaks \(secret)")
            }
            // Published list and search without diacritics find it.
            #expect(try await citizen.get("/cong-khai?q=o%20ga").body.string.contains(TrackingCode(digits: record.trackingCode)!.formatted))

            // Rating needs the second factor; then once only.
            #expect(try await citizen.post("/tra-cuu/\(record.trackingCode)/danh-gia", [("stars", "5")]).status == .forbidden)
            try await citizen.get("/tra-cuu?ma=\(record.trackingCode)")
            #expect(try await citizen.post("/tra-cuu/\(record.trackingCode)/xac-minh", [("factor", "1234")]).status == .forbidden)
            #expect(try await citizen.post("/tra-cuu/\(record.trackingCode)/xac-minh", [("factor", "5678")]).status == .seeOther)
            let verified = try await citizen.get("/tra-cuu?ma=\(record.trackingCode)")
            #expect(verified.body.string.contains("Nguyễn Thị Hoa"))
            #expect(try await citizen.post("/tra-cuu/\(record.trackingCode)/danh-gia", [("stars", "4"), ("comment", "Cảm ơn")]).status == .seeOther)
            try await citizen.get("/tra-cuu?ma=\(record.trackingCode)")
            #expect(try await citizen.post("/tra-cuu/\(record.trackingCode)/danh-gia", [("stars", "1")]).status == .conflict)
            #expect(try await Rating.query(on: app.db).filter(\.$requestID == id).all().map(\.stars) == [4])

            // The history has every move, in order, each with its actor.
            let actions = try await EventRecord.query(on: app.db).filter(\.$requestID == id).sort(\.$occurredAt).all().map(\.action.rawValue)
            #expect(actions == ["created", "forward", "accept", "answer", "approve", "publish", "rated"])
        }
    }

    @Test("viewing the requester's contact details is recorded; hidden from the agency when asked", arguments: TestDatabase.available)
    func contactAudit(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, _) = try await Self.staff(on: app)
            let record = try await Self.submit(app, content: "Đèn đường hỏng cả tháng nay, buổi tối rất tối.")
            let id = try record.requireID()
            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            let contact = try await op.get("/quan-tri/phan-anh/\(id.uuidString.lowercased())/lien-he")
            #expect(contact.status == .ok)
            #expect(contact.body.string.contains("0912 345 678"))
            let viewed = try await EventRecord.query(on: app.db).filter(\.$requestID == id).filter(\.$action == .contactViewed).all()
            #expect(viewed.count == 1)
            #expect(viewed.first?.isPublic == false)
            #expect(viewed.first?.actorUserID != nil)

            record.hideIdentityFromAgency = true
            try await record.save(on: app.db)
            try await CaseWorkflow.perform(.forward, requestID: id, by: Acting(userID: nil, actor: .staff(.coordinator), agencyID: nil, label: "t"),
                                           input: ActionInput(leadAgencyID: agency.id), config: app.paknConfiguration, on: app.db)
            let officer = Browser(app)
            try await officer.login("of@t.vn", TestApp.demoPassword)
            #expect(try await officer.get("/quan-tri/phan-anh/\(id.uuidString.lowercased())/lien-he").status == .forbidden)
        }
    }

    @Test("a requester hidden from the agency: the agency's pages and API never show the name or phone", arguments: TestDatabase.available)
    func hiddenFromAgency(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, _) = try await Self.staff(on: app)
            let record = try await Self.submit(app, content: "Tôi là Nguyễn Thị Hoa, gọi 0912 345 678 nếu cần. Đèn đường trước nhà hỏng.")
            record.title = "Nguyễn Thị Hoa báo đèn hỏng"
            record.hideIdentityFromAgency = true
            try await record.save(on: app.db)
            try await CaseWorkflow.perform(.forward, requestID: record.requireID(), by: Acting(userID: nil, actor: .staff(.coordinator), agencyID: nil, label: "t"),
                                           input: ActionInput(leadAgencyID: agency.id), config: app.paknConfiguration, on: app.db)
            let officer = Browser(app)
            try await officer.login("of@t.vn", TestApp.demoPassword)
            for page in ["/quan-tri", "/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())"] {
                let html = try await officer.get(page).body.string
                #expect(html.contains("[họ tên đã ẩn]"), "\(page)")
                for secret in ["Nguyễn Thị Hoa", "0912 345 678"] { #expect(!html.contains(secret), "\(page) shows \(secret)") }
            }
            // The operator still sees who wrote.
            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            #expect(try await op.get("/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())").body.string.contains("Nguyễn Thị Hoa"))
        }
    }

    @Test("a provincial leader never receives a requester's identity: no contact page, names masked in the queue, the case and the API", arguments: TestDatabase.available)
    func provincialLeaderGetsNoContacts(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await Self.staff(on: app)
            let record = try await Self.submit(app, content: "Tôi là Nguyễn Thị Hoa, gọi 0912 345 678 nếu cần. Đèn đường trước nhà hỏng.")
            record.title = "Nguyễn Thị Hoa báo đèn hỏng"
            try await record.save(on: app.db)
            let page = "/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())"
            let leader = Browser(app)
            try await leader.login("pl@t.vn", TestApp.demoPassword)
            for path in ["/quan-tri?status=all", page] {
                let html = try await leader.get(path).body.string
                #expect(html.contains("[họ tên đã ẩn]"), "\(path)")
                for secret in ["Nguyễn Thị Hoa", "0912 345 678", "/lien-he"] { #expect(!html.contains(secret), "\(path) shows \(secret)") }
            }
            let contact = try await leader.get(page + "/lien-he")
            #expect(contact.status == .forbidden)
            #expect(!contact.body.string.contains("0912"))
            // Nothing was viewed, so nothing is recorded as viewed.
            #expect(try await EventRecord.query(on: app.db).filter(\.$requestID == record.id!).filter(\.$action == .contactViewed).count() == 0)
            let token = try await FailClosedTests.token(app, "pl@t.vn")
            let api = try await FailClosedTests.get(app, "/api/v1/staff/requests/\(record.id!.uuidString.lowercased())", token: token)
            #expect(api.status == .ok)
            #expect(!api.body.string.contains("Nguyễn Thị Hoa") && !api.body.string.contains("0912 345 678"))
        }
    }

    @Test("khiếu nại / tố cáo go to the restricted store: only the complaint officer sees them", arguments: TestDatabase.available)
    func complaintsAreRestricted(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await Self.staff(on: app)
            let record = try await Self.submit(app, content: "Tôi tố cáo cán bộ địa chính xã nhận tiền để làm sổ đỏ nhanh.")
            let id = try record.requireID()
            let code = TrackingCode(digits: record.trackingCode)!.formatted
            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            try await op.get("/quan-tri/phan-anh/\(id.uuidString.lowercased())")
            #expect(try await op.postMultipart("/quan-tri/phan-anh/\(id.uuidString.lowercased())/thao-tac/referToComplaintProcedure", [("note", "Tố cáo")]).status == .seeOther)
            // Gone for the operator, the provincial leader, the public look-up, the public API and statistics.
            #expect(try await op.get("/quan-tri/phan-anh/\(id.uuidString.lowercased())").status == .notFound)
            #expect(!(try await op.get("/quan-tri?status=all").body.string.contains(code)))
            let leader = Browser(app)
            try await leader.login("pl@t.vn", TestApp.demoPassword)
            #expect(!(try await leader.get("/quan-tri?status=all").body.string.contains(code)))
            #expect(try await Browser(app).get("/tra-cuu?ma=\(record.trackingCode)").status == .notFound)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/requests/\(record.trackingCode)").status == .notFound)
            let report = try await Statistics.report(from: Date().addingTimeInterval(-86_400), to: Date().addingTimeInterval(86_400), on: app.db)
            #expect(report.total == 0)
            // The complaint officer sees it.
            let kntc = Browser(app)
            try await kntc.login("kntc@t.vn", TestApp.demoPassword)
            #expect(try await kntc.get("/quan-tri?status=all").body.string.contains(code))
            #expect(try await kntc.get("/quan-tri/phan-anh/\(id.uuidString.lowercased())").status == .ok)
            // Not a complaint after all: the complaint officer returns it to the PAKN flow, with a reason.
            #expect(try await kntc.postMultipart("/quan-tri/phan-anh/\(id.uuidString.lowercased())/thao-tac/returnToPAKN", [("note", "")]).status == .unprocessableEntity)
            #expect(try await kntc.postMultipart("/quan-tri/phan-anh/\(id.uuidString.lowercased())/thao-tac/returnToPAKN", [("note", "Nội dung là phản ánh về thủ tục, không phải tố cáo.")]).status == .seeOther)
            #expect(try await op.get("/quan-tri/phan-anh/\(id.uuidString.lowercased())").status == .ok)
            #expect(try await ServiceRequestRecord.find(id, on: app.db)?.status == .received)
        }
    }

    @Test("co-handling agencies see the case and send their input to the lead; others cannot", arguments: TestDatabase.available)
    func coHandlers(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, other) = try await Self.staff(on: app)
            let record = try await Self.submit(app, content: "Ngập sâu sau mưa ở đường Lý Thái Tổ, nước tràn vào nhà dân.")
            let id = try record.requireID()
            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            let page = "/quan-tri/phan-anh/\(id.uuidString.lowercased())"
            try await op.get(page)
            #expect(try await op.postMultipart("\(page)/thao-tac/forward", [("leadAgencyID", agency.id!.uuidString), ("coHandlerIDs[]", other.id!.uuidString)]).status == .seeOther)
            let coHandler = Browser(app)
            try await coHandler.login("other@t.vn", TestApp.demoPassword)
            let seen = try await coHandler.get(page)
            #expect(seen.status == .ok)
            #expect(seen.body.string.contains("cohandler-form"))
            #expect(try await coHandler.post("\(page)/phoi-hop", [("note", "Sở Y tế đề nghị phun khử khuẩn sau khi nước rút.")]).status == .seeOther)
            // The co-handler cannot make the lead's moves.
            try await coHandler.get(page)
            #expect(try await coHandler.postMultipart("\(page)/thao-tac/accept", [("note", "")]).status == .forbidden)
            // The lead agency's officer has no co-handler form and cannot post one.
            let lead = Browser(app)
            try await lead.login("of@t.vn", TestApp.demoPassword)
            #expect(!(try await lead.get(page).body.string.contains("cohandler-form")))
            #expect(try await lead.post("\(page)/phoi-hop", [("note", "x")]).status == .forbidden)
            let inputs = try await EventRecord.query(on: app.db).filter(\.$requestID == id).filter(\.$action == .coHandlerInput).all()
            #expect(inputs.map(\.note) == ["Sở Y tế đề nghị phun khử khuẩn sau khi nước rút."])
            #expect(inputs.allSatisfy { !$0.isPublic })
        }
    }

    @Test("marking a duplicate moves its contacts to the original case", arguments: TestDatabase.available)
    func duplicates(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await Self.staff(on: app)
            let original = try await Self.submit(app, content: "Cây đổ chắn ngang đường Lê Lợi sau cơn mưa.")
            let copy = try await Self.submit(app, content: "Có cây to đổ trên đường Lê Lợi.", name: "Trần Văn Nam", phone: "0987 654 321")
            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            let page = "/quan-tri/phan-anh/\(copy.id!.uuidString.lowercased())"
            try await op.get(page)
            #expect(try await op.postMultipart("\(page)/thao-tac/markDuplicate", [("duplicateOf", TrackingCode(digits: original.trackingCode)!.formatted)]).status == .seeOther)
            let contacts = try await RequestContact.query(on: app.db).filter(\.$requestID == original.requireID()).all()
            #expect(contacts.count == 2)
            let reloaded = try #require(try await ServiceRequestRecord.find(copy.id, on: app.db))
            #expect(reloaded.status == .duplicate)
            #expect(reloaded.duplicateOfID == original.id)
            // Marking a case a duplicate of itself is refused.
            let third = try await Self.submit(app, content: "Cây đổ đường Lê Lợi lần nữa.")
            let thirdPage = "/quan-tri/phan-anh/\(third.id!.uuidString.lowercased())"
            try await op.get(thirdPage)
            #expect(try await op.postMultipart("\(thirdPage)/thao-tac/markDuplicate", [("duplicateOf", third.trackingCode)]).status == .unprocessableEntity)
        }
    }

    @Test("a forged status transition is refused and leaves the case unchanged", arguments: TestDatabase.available)
    func forgedTransition(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await Self.staff(on: app)
            let record = try await Self.submit(app, content: "Rác tồn đọng ở chợ đã 3 ngày.")
            let page = "/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())"
            let coordinator = Browser(app)
            try await coordinator.login("co@t.vn", TestApp.demoPassword)
            try await coordinator.get(page)
            let response = try await coordinator.postMultipart("\(page)/thao-tac/publish", [("note", "")])
            #expect(response.status == .conflict)
            #expect(response.body.string.contains("Không thể “Công khai trả lời” khi phản ánh đang ở trạng thái “Mới tiếp nhận”."))
            #expect(try await ServiceRequestRecord.find(record.id, on: app.db)?.status == .received)
            #expect(try await EventRecord.query(on: app.db).filter(\.$requestID == record.requireID()).count() == 1)
        }
    }
}
