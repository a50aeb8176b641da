import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import VaporTesting

/// The knowledge base (issue 14): coordinators write and publish, agencies propose, search ignores diacritics, the
/// public FAQ shows published articles only, and an article answers a case on the spot, recorded on the case.
@Suite("Knowledge base")
struct KnowledgeBaseTests {
    static func idText(_ id: UUID?) -> String { id!.uuidString.lowercased() }

    @Test("a coordinator writes and publishes, an agency proposes, search ignores diacritics, the FAQ shows only what is published",
          arguments: TestDatabase.available)
    func writeProposePublish(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, other) = try await WorkflowFlowTests.staff(on: app)
            let coordinator = Browser(app)
            try await coordinator.login("co@t.vn", TestApp.demoPassword)
            try await coordinator.get("/quan-tri/kien-thuc")
            // A refused article keeps what was typed and says why.
            let refused = try await coordinator.post("/quan-tri/kien-thuc", [("title", "Đăng ký khai sinh cho trẻ"), ("body", " "),
                                                                               ("tags", "khai sinh"), ("status", "internal")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("value=\"Đăng ký khai sinh cho trẻ\"") && refused.body.string.contains("Cần tiêu đề"))
            let created = try await coordinator.post("/quan-tri/kien-thuc", [
                ("title", "Đăng ký khai sinh cho trẻ"), ("body", "Trong 60 ngày kể từ ngày sinh, đăng ký tại Ủy ban nhân dân xã, phường."),
                ("serviceCode", "ho_tich_cu_tru"), ("tags", "khai sinh, hộ tịch"), ("reviewOn", "2027-06-30"), ("status", "internal")])
            #expect(created.status == .seeOther)
            let article = try #require(try await KnowledgeArticle.query(on: app.db).filter(\.$title == "Đăng ký khai sinh cho trẻ").first())
            #expect(article.status == .internal && article.reviewOn == "2027-06-30" && article.tags == "khai sinh, hộ tịch")

            // An officer proposes: the article is a proposal of their agency, whatever the form says.
            let officer = Browser(app)
            try await officer.login("of@t.vn", TestApp.demoPassword)
            try await officer.get("/quan-tri/kien-thuc")
            #expect(try await officer.post("/quan-tri/kien-thuc", [("title", "Ổ gà: thông tin cần hỏi"), ("body", "Hỏi tên đường, số nhà gần nhất."),
                                                                    ("status", "published"), ("ownerAgencyID", other.id!.uuidString)]).status == .seeOther)
            let proposal = try #require(try await KnowledgeArticle.query(on: app.db).filter(\.$title == "Ổ gà: thông tin cần hỏi").first())
            #expect(proposal.status == .proposed && proposal.ownerAgencyID == agency.id)
            // Only editors decide a status; another agency does not see the proposal.
            try await officer.get("/quan-tri/kien-thuc/\(Self.idText(proposal.id))")
            #expect(try await officer.post("/quan-tri/kien-thuc/\(Self.idText(proposal.id))/trang-thai", [("status", "published")]).status == .forbidden)
            let stranger = Browser(app)
            try await stranger.login("other@t.vn", TestApp.demoPassword)
            #expect(try await stranger.get("/quan-tri/kien-thuc/\(Self.idText(proposal.id))").status == .notFound)
            #expect(!(try await stranger.get("/quan-tri/kien-thuc").body.string.contains("Ổ gà: thông tin cần hỏi")))
            #expect(try await stranger.get("/quan-tri/kien-thuc").body.string.contains("Đăng ký khai sinh cho trẻ"), "usable articles are read by all staff")

            // Diacritic-blind search, for staff and, once published, for the public.
            let operatorBrowser = Browser(app)
            try await operatorBrowser.login("op@t.vn", TestApp.demoPassword)
            let found = try await operatorBrowser.get("/quan-tri/kien-thuc?q=dang+ky+KHAI+sinh+uy+ban").body.string
            #expect(found.contains("Đăng ký khai sinh cho trẻ") && !found.contains("Ổ gà: thông tin cần hỏi"))
            // Every word must be found, from the start of a word ("an" is not inside "nhân").
            #expect(!(try await operatorBrowser.get("/quan-tri/kien-thuc?q=khai+hon").body.string.contains("Đăng ký khai sinh cho trẻ")))
            #expect(!(try await operatorBrowser.get("/quan-tri/kien-thuc?q=an").body.string.contains("Đăng ký khai sinh cho trẻ")))
            #expect(try await operatorBrowser.get("/quan-tri/kien-thuc?q=nhan").body.string.contains("Đăng ký khai sinh cho trẻ"))
            let visitor = Browser(app)
            #expect(!(try await visitor.get("/hoi-dap").body.string.contains("Đăng ký khai sinh cho trẻ")), "internal: not public")
            #expect(try await visitor.get("/hoi-dap/\(Self.idText(article.id))").status == .notFound)
            #expect(try await visitor.get("/hoi-dap/\(Self.idText(proposal.id))").status == .notFound)
            try await coordinator.get("/quan-tri/kien-thuc/\(Self.idText(article.id))")
            #expect(try await coordinator.post("/quan-tri/kien-thuc/\(Self.idText(article.id))/trang-thai", [("status", "published")]).status == .seeOther)
            let faq = try await visitor.get("/hoi-dap?q=khai+sinh").body.string
            #expect(faq.contains("Đăng ký khai sinh cho trẻ"))
            #expect(try await visitor.get("/hoi-dap/\(Self.idText(article.id))").body.string.contains("Trong 60 ngày kể từ ngày sinh"))
            #expect(try await visitor.get("/hoi-dap?q=giay+phep+lai+xe").body.string.contains("Không có câu hỏi phù hợp"))
            // The provincial leader reads, does not write.
            let leader = Browser(app)
            try await leader.login("pl@t.vn", TestApp.demoPassword)
            try await leader.get("/quan-tri/kien-thuc")
            #expect(try await leader.post("/quan-tri/kien-thuc", [("title", "X"), ("body", "Y")]).status == .forbidden)
        }
    }

    @Test("an operator answers on the spot with an article: its text fills the answer, the case records it; a proposal cannot answer",
          arguments: TestDatabase.available)
    func answerOnTheSpot(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            try await KnowledgeSeed.seedIfEmpty(on: app.db, agencies: [:])
            let birth = try #require(try await KnowledgeArticle.query(on: app.db).filter(\.$title == "Đăng ký khai sinh cho trẻ em").first())
            let proposal = try #require(try await KnowledgeArticle.query(on: app.db).filter(\.$status == .proposed).first())
            let record = try await O311.makeCase(app, content: "Con tôi sinh được 3 tuần, xin hỏi làm khai sinh ở đâu, cần giấy tờ gì?",
                                                 service: "ho_tich_cu_tru")
            let page = "/quan-tri/phan-anh/\(Self.idText(record.id))"
            let operatorBrowser = Browser(app)
            try await operatorBrowser.login("op@t.vn", TestApp.demoPassword)
            // The box offers the field's articles, and finds others by a search without diacritics.
            let offered = try await operatorBrowser.get(page).body.string
            #expect(offered.contains("id=\"knowledge-box\"") && offered.contains("Đăng ký khai sinh cho trẻ em") && offered.contains("Trả lời bằng bài này"))
            #expect(try await operatorBrowser.get("\(page)?kb=mat+dien").body.string.contains("Mất điện, dây điện bị đứt hoặc võng thấp"))
            let filled = try await operatorBrowser.get("\(page)?bai=\(Self.idText(birth.id))").body.string
            #expect(filled.contains("name=\"articleID\" value=\"\(birth.id!.uuidString)\""))
            #expect(filled.contains(birth.body.components(separatedBy: "\n")[0]), "the article's text is in the answer box")
            // A proposal is not offered, and cannot be slipped into the form.
            #expect(!(try await operatorBrowser.get("\(page)?bai=\(Self.idText(proposal.id))").body.string.contains("name=\"articleID\"")))
            let slipped = try await operatorBrowser.postMultipart("\(page)/thao-tac/answerDirectly",
                                                                   [("note", proposal.body), ("articleID", proposal.id!.uuidString)])
            #expect(slipped.status == .unprocessableEntity)
            #expect(try await ServiceRequestRecord.find(record.id, on: app.db)?.status == .received, "nothing moved")
            // The hotline's internal rules are not a public answer: not offered on the spot, refused if sent.
            let rule = try #require(try await KnowledgeArticle.query(on: app.db).filter(\.$status == .internal).first())
            #expect(!(try await operatorBrowser.get("\(page)?kb=\(rule.title.split(separator: " ").prefix(3).joined(separator: "+"))").body.string
                      .contains(rule.title)))
            try await operatorBrowser.get(page)
            let internalSent = try await operatorBrowser.postMultipart("\(page)/thao-tac/answerDirectly", [("note", rule.body), ("articleID", rule.id!.uuidString)])
            #expect(internalSent.status == .unprocessableEntity)
            #expect(try await ServiceRequestRecord.find(record.id, on: app.db)?.status == .received, "nothing published")
            try await operatorBrowser.get("\(page)?bai=\(Self.idText(birth.id))")
            let sent = try await operatorBrowser.postMultipart("\(page)/thao-tac/answerDirectly", [("note", birth.body), ("articleID", birth.id!.uuidString)])
            #expect(sent.status == .seeOther)
            let answered = try #require(try await ServiceRequestRecord.find(record.id, on: app.db))
            #expect(answered.status == .published && answered.answer == birth.body)
            let uses = try await CaseArticle.query(on: app.db).filter(\.$requestID == record.id!).all()
            #expect(uses.count == 1 && uses.first?.articleID == birth.id && uses.first?.use == .answer)
            #expect(try await operatorBrowser.get(page).body.string.contains("Bài viết kiến thức đã dùng"))
            #expect(try await operatorBrowser.get("/quan-tri/kien-thuc?q=khai+sinh").body.string.contains("1 phản ánh"))
        }
    }

    @Test("an officer quotes an article into the agency's answer", arguments: TestDatabase.available)
    func quoteIntoAnswer(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, _) = try await WorkflowFlowTests.staff(on: app)
            try await KnowledgeSeed.seedIfEmpty(on: app.db, agencies: [:])
            let road = try #require(try await KnowledgeArticle.query(on: app.db).filter(\.$title == "Vỡ ống nước, mất nước sinh hoạt").first())
            let record = try await O311.makeCase(app, content: "Ống nước vỡ trước nhà, nước chảy tràn ra đường.")
            try await O311.forward(app, record, to: agency)
            try await O311.move(app, record, .accept, O311.officer(agency.id!))
            let officer = Browser(app)
            try await officer.login("of@t.vn", TestApp.demoPassword)
            let page = "/quan-tri/phan-anh/\(Self.idText(record.id))"
            let filled = try await officer.get("\(page)?bai=\(Self.idText(road.id))").body.string
            #expect(filled.contains(">Trích vào câu trả lời<") && !filled.contains(">Trả lời bằng bài này<"), "an officer quotes; only an operator answers on the spot")
            #expect(filled.contains("Theo hướng dẫn “Vỡ ống nước, mất nước sinh hoạt”:"))
            let answer = KnowledgeArticleUse.quote.text(title: road.title, body: road.body)
            #expect(try await officer.postMultipart("\(page)/thao-tac/answer", [("note", answer), ("articleID", road.id!.uuidString)]).status == .seeOther)
            let uses = try await CaseArticle.query(on: app.db).filter(\.$requestID == record.id!).all()
            #expect(uses.map(\.use) == [.quote])
            #expect(try await ServiceRequestRecord.find(record.id, on: app.db)?.status == .answered)
        }
    }
}
