import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import VaporTesting

/// English as the second language (issue 14, "English"): every page in English shows no Vietnamese of ours, and
/// every page in Vietnamese shows no English of the catalogue. What people wrote (a case's content, a note), and
/// the names of places, agencies and people, are data: they read the same in both languages.
@Suite("English as the second language")
struct LocalizationTests {
    // MARK: The catalogue

    @Test("the shipped catalogue says one thing per text, keeps each varying part and holds no Vietnamese")
    func catalogue() throws {
        let catalogue = TranslationCatalogue.shippedEnglish
        #expect(catalogue.conflicts.isEmpty, "\(catalogue.conflicts)")
        #expect(catalogue.keys.count > 1_000)
        for key in catalogue.keys {
            let english = try #require(key.contains("%@") ? catalogue.patterns.first { $0.key == key }?.template : catalogue.exact[key])
            let parts = key.components(separatedBy: "%@").count - 1
            let numbered = (1...max(parts, 1)).filter { english.contains("%\($0)$@") }.count
            let plain = english.components(separatedBy: "%@").count - 1
            #expect(plain == parts || (numbered == parts && plain == 0), "\(key) → \(english)")
            #expect(!DisplayLanguage.hasVietnameseLetters(english), "\(key) → \(english)")
        }
    }

    @Test("a text with varying parts is matched whole, its parts kept, and a part that is itself a key translated")
    func patterns() {
        let catalogue = TranslationCatalogue(files: [("t.json", ["Đăng xuất %@": "Sign out %@", "Hạn %@, còn %@ ngày": "Due %1$@, %2$@ days left",
                                                                "Trạng thái: %@": "Status: %@", "Đang xử lý": "In progress"])])
        #expect(catalogue.english("Đăng xuất Nguyễn Văn An") == "Sign out Nguyễn Văn An")
        #expect(catalogue.english("Hạn 05/12/2026, còn 3 ngày") == "Due 05/12/2026, 3 days left")
        #expect(catalogue.english("Trạng thái: Đang xử lý") == "Status: In progress")
        // Not the pattern's whole shape: no translation.
        #expect(catalogue.english("Trạng thái của phản ánh") == nil)
        // Numbers, codes and names in Latin letters need no translation.
        #expect(catalogue.english("123-456-7894") == "123-456-7894")
    }

    @Test("a status reads as a state, never as the move that led to it, in both languages")
    func statusesAreNotMoves() {
        let catalogue = TranslationCatalogue.shippedEnglish
        let moves = Set(WorkflowAction.allCases.map(\.label))
        let movesInEnglish = Set(WorkflowAction.allCases.compactMap { catalogue.english($0.label) })
        for status in RequestStatus.allCases {
            #expect(!moves.contains(status.label), "\(status): \(status.label)")
            let english = catalogue.english(status.label)
            #expect(english != nil && !movesInEnglish.contains(english!), "\(status): \(english ?? "none")")
        }
        #expect(catalogue.english(RequestStatus.closed.label) == "Closed")
        #expect(catalogue.english(RequestStatus.rejected.label) == "Rejected")
    }

    @Test("a staff member who chose English gets the notices by e-mail and SMS in English")
    func staffNoticesInEnglish() {
        let notice = StaffNotification()
        notice.kind = .newAssignment
        notice.text = "Phản ánh 123-456-7894 được chuyển đến đơn vị (chủ trì), hạn 07/12/2026 17:00."
        let english = StaffNoticeDelivery.content(of: notice, link: "https://1022.example/quan-tri/phan-anh/x", language: .english)
        #expect(english.subject == "[1022] New report forwarded to your agency")
        #expect(english.sms == "1022: Report 123-456-7894 was forwarded to your agency (lead), deadline 07/12/2026 17:00.")
        #expect(!DisplayLanguage.hasVietnameseLetters(english.text), "\(english.text)")
        let vietnamese = StaffNoticeDelivery.content(of: notice, link: "https://1022.example/quan-tri/phan-anh/x")
        #expect(vietnamese.subject == "[1022] Phản ánh mới chuyển đến đơn vị")
        #expect(vietnamese.sms == "1022: \(notice.text)")
    }

    @Test("the shipped catalogue reads the texts pages put together from pieces")
    func composedTexts() {
        let catalogue = TranslationCatalogue.shippedEnglish
        #expect(catalogue.english("Kênh: Cổng thông tin") == "Channel: Web portal")
        #expect(catalogue.english("· Phản ánh · Kênh: Cổng thông tin · Tiếp nhận 05/12/2026 16:09 · Hạn: 14/01/2027 16:09")
                == "· Report · Channel: Web portal · Received 05/12/2026 16:09 · Deadline: 14/01/2027 16:09")
        // A field's name holding the separator is one key; its group is another.
        #expect(catalogue.english("Sự cố hạ tầng kỹ thuật – Đường hư hỏng – ổ gà") == "Technical-infrastructure incidents – Damaged roads – potholes")
        // A label with its value, and a required field's mark.
        #expect(catalogue.english("Tiếp nhận, 12/26: 4") == "Received, 12/26: 4")
        #expect(catalogue.english("Nội dung *") == "Content *")
        // A pattern does not swallow a longer text it was not made for.
        #expect(catalogue.english("Tiếp nhận trong (giờ làm việc) *") != "Received trong (giờ làm việc) *")
    }

    @Test("a page is translated text by text and attribute by attribute; what people typed is left as typed")
    func pageTranslation() {
        let catalogue = TranslationCatalogue(files: [("t.json", ["Gửi": "Send", "Nội dung": "Content", "Ghi rõ sự việc": "Say what happened",
                                                                "Tra cứu": "Track", "Đóng": "Close", "Hỏi & đáp": "Questions & answers"])])
        let page = """
            <h1>Tra cứu</h1><label for="c"> Nội dung </label><textarea placeholder="Ghi rõ sự việc">Nội dung</textarea>\
            <input type="hidden" name="x" value="Gửi"><input type="submit" value="Gửi"><button title="Đóng">Gửi</button>\
            <script>var s = "Tra cứu";</script><p>Hỏi &amp; đáp</p><p>Ổ gà trước nhà</p>
            """
        let english = PageTranslation(catalogue: catalogue).english(page)
        #expect(english == """
            <h1>Track</h1><label for="c"> Content </label><textarea placeholder="Say what happened">Nội dung</textarea>\
            <input type="hidden" name="x" value="Gửi"><input type="submit" value="Send"><button title="Close">Send</button>\
            <script>var s = "Tra cứu";</script><p>Questions &amp; answers</p><p>Ổ gà trước nhà</p>
            """)
    }

    // MARK: Every page

    /// The visible texts of a page (text between tags, and the attributes people read), each trimmed, without
    /// scripts, styles, typed content, people's words (elements marked `translate="no"`) and the language switch
    /// (which names Vietnamese in Vietnamese on purpose).
    static func texts(_ html: String) -> [String] {
        var page = html.replacingOccurrences(of: #"<(script|style|textarea|pre)[\s\S]*?</\1>"#, with: " ", options: .regularExpression)
        page = page.replacingOccurrences(of: #"<([a-z0-9]+)[^>]* translate="no"[^>]*>[\s\S]*?</\1>"#, with: " ", options: .regularExpression)
        page = page.replacingOccurrences(of: #"<a class="language-switch"[^>]*>[^<]*</a>"#, with: " ", options: .regularExpression)
        page = page.replacingOccurrences(of: #"<option[^>]* lang="vi"[^>]*>[^<]*</option>"#, with: " ", options: .regularExpression)
        var texts: [String] = []
        let nodes = try! NSRegularExpression(pattern: #">([^<]+)<"#)
        let attributes = try! NSRegularExpression(pattern: #" (?:title|placeholder|aria-label|alt|label)="([^"]*)""#)
        for regex in [nodes, attributes] {
            for match in regex.matches(in: page, range: NSRange(page.startIndex..., in: page)) {
                guard let range = Range(match.range(at: 1), in: page) else { continue }
                let text = PageTranslation.unescaped(String(page[range])).trimmingCharacters(in: .whitespacesAndNewlines)
                if !text.isEmpty { texts.append(text) }
            }
        }
        return texts
    }

    /// The Vietnamese left in a page's texts once the names in `data` are taken out. What people wrote is marked on
    /// the page and already left out by ``texts(_:)``; names (of agencies, places, people) sit among the page's own
    /// words ("Đăng xuất Nguyễn Văn An", an agency in a list), so each is removed and the rest must be English.
    static func vietnamese(in html: String, data: [String]) -> [String] {
        texts(html).compactMap { text in
            guard DisplayLanguage.hasVietnameseLetters(text) else { return nil }
            var rest = text
            for datum in data where rest.contains(datum) { rest = rest.replacingOccurrences(of: datum, with: " ") }
            return DisplayLanguage.hasVietnameseLetters(rest) ? text : nil
        }
    }

    /// The names the test database holds (agencies, communes, provinces, staff), and the knowledge base's tags
    /// (keywords shown inline), longest first.
    static func data(on db: any Database) async throws -> [String] {
        var data: [String] = []
        data += try await Agency.query(on: db).all().map(\.name)
        for commune in try await Commune.query(on: db).all() { data += [commune.name, commune.fullName] }
        for province in try await Province.query(on: db).all() { data += [province.name, province.fullName] }
        data += try await User.query(on: db).all().map(\.fullName)
        data += try await KnowledgeArticle.query(on: db).all().map(\.tags)
        return data.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// A report's title that is also a field's name (a key of the catalogue), and content shaped like the site's own
    /// texts: a key, a separator, a pattern ("%@ ngày").
    static let lookalikeTitle = "Ngập úng"
    static let lookalikeContent = "Kết thúc; Quá hạn. Mất điện 3 ngày"

    /// A case in every state a page can show, the knowledge base, and the staff of `WorkflowFlowTests`.
    static func populate(_ app: Application) async throws -> (pages: [String: [String]], logins: [String: String]) {
        let (agency, _) = try await WorkflowFlowTests.staff(on: app)
        try await KnowledgeSeed.seedIfEmpty(on: app.db, agencies: [:])
        let (published, waiting, received) = try await O311.casesInEveryState(app, agency: agency)
        let forwarded = try await O311.makeCase(app, content: "Đèn tín hiệu giao thông ở ngã ba bị tắt.")
        // People's words that happen to read like the site's own: they stay as written on English pages.
        let lookalike = try await O311.makeCase(app, content: Self.lookalikeContent)
        lookalike.title = Self.lookalikeTitle
        try await lookalike.save(on: app.db)
        try await O311.forward(app, lookalike, to: agency)
        try await O311.forward(app, forwarded, to: agency)
        let faq = try #require(try await KnowledgeArticle.query(on: app.db).filter(\.$status == .published).first())
        let article = faq.id!.uuidString.lowercased()
        func staffCase(_ record: ServiceRequestRecord) -> String { SiteURL.staffRequest(record.id!).path }

        var publicPages = ["/", "/gui-phan-anh", "/tra-cuu", "/cong-khai", "/cong-khai?q=den", "/thong-ke", "/ban-do", "/dang-nhap",
                           "/hoi-dap", "/hoi-dap?q=khai+sinh", "/hoi-dap/\(article)", "/huong-dan", "/khong-co-trang-nay"]
        publicPages += HelpPage.guides.map { "/huong-dan/\($0.topic)" }
        publicPages += [published, waiting, received].map { "/tra-cuu?ma=\($0.trackingCode)" }
        let pages: [String: [String]] = [
            "": publicPages,
            "op@t.vn": ["/quan-tri", staffCase(received), staffCase(published), "/quan-tri/tiep-nhan", "/quan-tri/kenh", "/quan-tri/cuoc-goi",
                        "/quan-tri/goi-lai", "/quan-tri/kien-thuc", "/quan-tri/kien-thuc/\(article)", "/quan-tri/tai-khoan", "/quan-tri/thong-bao",
                        "/quan-tri/thong-ke", "/quan-tri/ban-do", "/quan-tri/du-lieu-ca-nhan"],
            "co@t.vn": ["/quan-tri", staffCase(received), staffCase(published), "/quan-tri/mau-tra-loi", "/quan-tri/thong-ke",
                        "/quan-tri/bao-cao", "/quan-tri/du-bao"],
            "of@t.vn": ["/quan-tri", "/quan-tri?mine=1", staffCase(forwarded), staffCase(waiting), "/quan-tri/tai-khoan", "/quan-tri/thong-bao"],
            "le@t.vn": ["/quan-tri", staffCase(published), staffCase(lookalike), "/quan-tri/ban-giao", "/quan-tri/thong-ke"],
            "kntc@t.vn": ["/quan-tri", "/quan-tri/tai-khoan"],
            "pl@t.vn": ["/quan-tri", "/quan-tri/thong-ke"],
            TestApp.adminEmail: ["/quan-tri/lich", "/quan-tri/lich/2026", "/quan-tri/thoi-han", "/quan-tri/co-quan",
                                 "/quan-tri/nguoi-dung", "/quan-tri/linh-vuc", "/quan-tri/quy-tac", "/quan-tri/khoa-api", "/quan-tri/nhat-ky",
                                 "/quan-tri/chan-so", "/quan-tri/kenh-ket-noi", "/quan-tri/tai-khoan"],
        ]
        let logins = Dictionary(uniqueKeysWithValues: pages.keys.filter { !$0.isEmpty }.map {
            ($0, $0 == TestApp.adminEmail ? TestApp.adminPassword : TestApp.demoPassword)
        })
        return (pages, logins)
    }

    @Test("every page in English shows no Vietnamese but what people wrote and the names of places, agencies and people",
          arguments: TestDatabase.available)
    func everyPageInEnglish(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (pages, logins) = try await Self.populate(app)
            let data = try await Self.data(on: app.db)
            var found: [String: [String]] = [:]
            for (who, list) in pages.sorted(by: { $0.key < $1.key }) {
                let browser = Browser(app)
                browser.setCookie(Request.languageCookie, "en")
                if let password = logins[who] { try await browser.login(who, password) }
                for page in list {
                    let response = try await browser.get(page)
                    #expect(response.status == .ok || page == "/khong-co-trang-nay", "\(who) \(page): \(response.status)")
                    #expect(response.body.string.contains("<html lang=\"en\">"), "\(who) \(page)")
                    let left = Self.vietnamese(in: response.body.string, data: data)
                    if !left.isEmpty { found["\(who) \(page)"] = left }
                }
            }
            // Messages: a form sent back with its errors, a refused sign-in, a code that does not exist, a page that
            // does not exist, a draft year of the calendar.
            let visitor = Browser(app)
            visitor.setCookie(Request.languageCookie, "en")
            visitor.followsConfirmation = false
            try await visitor.get("/gui-phan-anh")
            let refusedForm = try await visitor.postMultipart("/gui-phan-anh", [("kind", "phan_anh"), ("title", ""), ("content", "x")])
            try await visitor.get("/dang-nhap")
            let refusedLogin = try await visitor.post("/dang-nhap", [("email", "op@t.vn"), ("password", "not the password")])
            let unknownCode = try await visitor.get("/tra-cuu?ma=123-456-7890")
            // The citizen's confirmation page, after a form that is accepted.
            let citizen = Browser(app)
            citizen.setCookie(Request.languageCookie, "en")
            try await citizen.get("/gui-phan-anh")
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            let confirmation = try await citizen.postMultipart("/gui-phan-anh", Fixtures.submissionFields(communeCode: commune))
            let admin = Browser(app)
            admin.setCookie(Request.languageCookie, "en")
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            try await admin.get("/quan-tri/lich")
            _ = try await admin.post("/quan-tri/lich/2028/tao-tu-quy-tac", [])
            let draftYear = try await admin.get("/quan-tri/lich/2028")
            for (name, response) in [("refused form", refusedForm), ("refused login", refusedLogin), ("unknown code", unknownCode),
                                     ("draft year", draftYear), ("confirmation", confirmation)] {
                #expect(response.body.string.contains("<html lang=\"en\">"), "\(name)")
                let left = Self.vietnamese(in: response.body.string, data: data)
                if !left.isEmpty { found[name] = left }
            }
            // People's words stay as written, though they read like the site's own texts.
            let leader = Browser(app)
            leader.setCookie(Request.languageCookie, "en")
            try await leader.login("le@t.vn", TestApp.demoPassword)
            let lookalike = try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$title == Self.lookalikeTitle).first())
            let casePage = try await leader.get(SiteURL.staffRequest(lookalike.id!).path).body.string
            #expect(casePage.contains(">\(Self.lookalikeTitle)</h2>") && casePage.contains(">\(Self.lookalikeContent)</p>"))
            #expect(try await leader.get("/quan-tri").body.string.contains(">\(Self.lookalikeTitle)</td>"))
            let report = found.sorted { $0.key < $1.key }.map { "\($0.key): \(Set($0.value).sorted().joined(separator: " | "))" }
            #expect(found.isEmpty, "Vietnamese on English pages:\n\(report.joined(separator: "\n"))")
        }
    }

    @Test("every page in Vietnamese shows none of the catalogue's English", arguments: TestDatabase.available)
    func everyPageInVietnamese(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (pages, logins) = try await Self.populate(app)
            // English sentences and labels of two words or more: single words ("Email", "OK") can be both languages.
            let english = Set(TranslationCatalogue.shippedEnglish.englishTexts.filter { !$0.contains("%") && $0.split(separator: " ").count >= 2 })
            var found: [String: [String]] = [:]
            for (who, list) in pages.sorted(by: { $0.key < $1.key }) {
                let browser = Browser(app)
                if let password = logins[who] { try await browser.login(who, password) }
                for page in list {
                    let response = try await browser.get(page)
                    #expect(response.body.string.contains("<html lang=\"vi\">"), "\(who) \(page)")
                    let shown = Self.texts(response.body.string).filter { english.contains($0) }
                    if !shown.isEmpty { found["\(who) \(page)"] = shown }
                }
            }
            #expect(found.isEmpty, "English on Vietnamese pages: \(found)")
        }
    }

    // MARK: Choosing the language

    @Test("the browser's language, the switch and the staff member's choice pick the language, in that order of strength",
          arguments: TestDatabase.available)
    func choosing(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            // No choice anywhere: Vietnamese. A browser preferring English (RFC 9110 §12.5.4 weights): English.
            #expect(try await app.testing().sendRequest(.GET, "/").body.string.contains("<html lang=\"vi\">"))
            var headers = HTTPHeaders()
            headers.add(name: .acceptLanguage, value: "fr-FR;q=1, en-GB;q=0.8, vi;q=0.5")
            let browserEnglish = try await app.testing().sendRequest(.GET, "/", headers: headers)
            #expect(browserEnglish.body.string.contains("<html lang=\"en\">"))
            #expect(browserEnglish.headers.first(name: .contentLanguage) == "en")
            #expect(browserEnglish.headers[.vary].joined(separator: ",").contains("Accept-Language"))
            #expect(browserEnglish.body.string.contains(">Track a report<"))

            // The switch keeps its choice in a cookie over the browser's language, and links back.
            let visitor = Browser(app)
            let switched = try await visitor.get("/cong-khai?q=den&lang=en")
            #expect(switched.body.string.contains("<html lang=\"en\">"))
            #expect(visitor.cookie(named: Request.languageCookie) == "en")
            #expect(switched.body.string.contains("href=\"/cong-khai?q=den&amp;lang=vi\""))
            #expect(try await visitor.get("/tra-cuu").body.string.contains("<html lang=\"en\">"))
            try await visitor.get("/?lang=vi")
            #expect(try await visitor.get("/tra-cuu").body.string.contains("<html lang=\"vi\">"))

            // A staff member's choice is kept with the account: it follows them to a new browser at sign-in.
            let officer = Browser(app)
            try await officer.login("of@t.vn", TestApp.demoPassword)
            try await officer.get("/quan-tri/tai-khoan")
            #expect(try await officer.post("/quan-tri/tai-khoan/ngon-ngu", [("language", "en")]).status == .seeOther)
            #expect(try await User.query(on: app.db).filter(\.$email == "of@t.vn").first()?.language == "en")
            let elsewhere = Browser(app)
            try await elsewhere.login("of@t.vn", TestApp.demoPassword)
            let queue = try await elsewhere.get("/quan-tri")
            #expect(queue.body.string.contains("<html lang=\"en\">"))
            try await officer.get("/quan-tri/tai-khoan")
            #expect(try await officer.post("/quan-tri/tai-khoan/ngon-ngu", [("language", "fr")]).status == .unprocessableEntity)
        }
    }

    @Test("a citizen who wrote on the English form is told in English; one who wrote in Vietnamese in Vietnamese",
          arguments: TestDatabase.available)
    func noticesInTheCitizensLanguage(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            func submit(_ language: String) async throws -> ServiceRequestRecord {
                let browser = Browser(app)
                browser.setCookie(Request.languageCookie, language)
                try await browser.get("/gui-phan-anh")
                let response = try await browser.postMultipart("/gui-phan-anh", Fixtures.submissionFields(communeCode: commune, email: "jane@example.com"))
                let code = try #require(Fixtures.trackingCode(in: response.body.string))
                return try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$trackingCode == code.digits).first())
            }
            let english = try await submit("en")
            let vietnamese = try await submit("vi")
            #expect(english.language == "en")
            #expect(vietnamese.language == "vi")
            let config = app.paknConfiguration
            func payload(_ record: ServiceRequestRecord, _ template: CaseEvent, _ status: RequestStatus) throws -> Outbox.NotificationPayload {
                Outbox.NotificationPayload(requestID: try record.requireID(), template: template, status: status, eventID: UUID())
            }
            let code = try #require(TrackingCode(digits: english.trackingCode)).formatted
            #expect(NotificationDelivery.noticeText(try payload(english, .created, .received), request: english, config: config)
                    == "1022: We have received your report. Tracking code: \(code). See \(config.publicURL)/tra-cuu?ma=\(code)&lang=en")
            #expect(NotificationDelivery.noticeSubject(try payload(english, .created, .received), request: english) == "We have received your report")
            #expect(NotificationDelivery.noticeText(try payload(english, .workflow(.accept), .accepted), request: english, config: config)
                    == "1022: Report \(code): In progress. See \(config.publicURL)/tra-cuu?ma=\(code)&lang=en")
            // An operator's reply is signed in the citizen's language.
            #expect(StaffReply.signed("Hello", request: english) == "Hello\n-- 1022 hotline, report \(code)")
            let other = try #require(TrackingCode(digits: vietnamese.trackingCode)).formatted
            #expect(StaffReply.signed("Chào anh", request: vietnamese) == "Chào anh\n-- Tổng đài 1022, phản ánh \(other)")
            #expect(NotificationDelivery.noticeText(try payload(vietnamese, .created, .received), request: vietnamese, config: config)
                    == "1022: Đã tiếp nhận phản ánh của bạn. Mã tra cứu: \(other). Xem tại \(config.publicURL)/tra-cuu?ma=\(other)")
        }
    }
}
