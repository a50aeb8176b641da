import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import SQLKit
import Testing
import Vapor

/// Keyset paging (issue 12 item 3): walking the pages forwards or backwards gives every case once, in the
/// queue's order (urgent first, then newest, then by id for equal instants), and the page links carry it.
@Suite("Keyset paging")
struct KeysetPagingTests {
    /// 53 cases a minute apart, three of them urgent and two received at the same instant.
    static func fixture(_ app: Application) async throws -> [ServiceRequestRecord] {
        _ = try await WorkflowFlowTests.staff(on: app)
        let base = try #require(ISO8601DateFormatter().date(from: "2026-11-02T01:00:00Z"))
        var records: [ServiceRequestRecord] = []
        for index in 0..<53 {
            records.append(try await StatisticsTests.submit(app, commune: "Phường Quy Nhơn", name: "Nguyễn Văn An", phone: "0912 345 \(String(format: "%03d", index))",
                                                            now: base.addingTimeInterval(Double(index) * 60)))
        }
        let sql = app.db as! any SQLDatabase
        for index in [3, 17, 40] {
            try await sql.update("service_requests").set("urgency", to: SQLBind("khan")).where("id", .equal, SQLBind(records[index].id!)).run()
        }
        // A tie: case 21 received at the very instant of case 22.
        try await ServiceRequestRecord.query(on: app.db).filter(\.$id == records[21].id!).set(\.$receivedAt, to: records[22].receivedAt).update()
        return try await ServiceRequestRecord.query(on: app.db).all()
    }

    /// The order the queue promises, worked out here from the rows: urgent first, then the later instant, then the
    /// larger id (byte order, which both databases use for their id columns and uuidString's hex follows).
    static func expected(_ records: [ServiceRequestRecord]) -> [UUID] {
        records.sorted { a, b in
            let ra = a.urgency == .urgent ? 0 : 1, rb = b.urgency == .urgent ? 0 : 1
            if ra != rb { return ra < rb }
            if a.receivedAt != b.receivedAt { return a.receivedAt > b.receivedAt }
            return a.id!.uuidString > b.id!.uuidString
        }.map { $0.id! }
    }

    @Test("forwards from the first page and backwards from the last, four at a time, every case comes once in order",
          arguments: TestDatabase.available)
    func walks(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let want = Self.expected(try await Self.fixture(app))
            #expect(want.count == 53)
            let acting = Acting(userID: nil, actor: .staff(.coordinator), agencyID: nil, label: "Điều phối viên")
            func page(_ position: Keyset.Position) async throws -> Keyset.Page<ServiceRequestRecord> {
                try await QueueQuery.filtered(.init(status: "all"), acting: acting, on: app.db)
                    .keysetPage(position, size: 4, rank: QueueQuery.keysetRank, time: "received_at", logger: app.logger)
            }
            var forwards: [UUID] = []
            var position = Keyset.Position.first
            var pages = 0
            while true {
                let current = try await page(position)
                if pages == 0 { #expect(current.previous == nil) }
                forwards += current.rows.map { $0.id! }
                pages += 1
                guard let next = current.next, pages < 100 else { break }
                position = .after(next)
            }
            #expect(pages == 14)  // 13 full pages of 4 and one of 1
            #expect(forwards == want)

            var backwards: [UUID] = []
            position = .last
            pages = 0
            while true {
                let current = try await page(position)
                if pages == 0 { #expect(current.next == nil); #expect(current.rows.count == 4) }
                backwards = current.rows.map { $0.id! } + backwards
                pages += 1
                guard let previous = current.previous, pages < 100 else { break }
                position = .before(previous)
            }
            #expect(backwards == want)
            // The cursor reads back from its text: the page after case 10 starts at case 11.
            let text = try #require(try await page(.first).next?.text)
            let cursor = try #require(Keyset.Cursor(text))
            #expect(try await page(.after(cursor)).rows.first?.id == want[4])
        }
    }

    @Test("the queue page links to the next, previous and last pages with its filters, and counts the cases",
          arguments: TestDatabase.available)
    func queueLinks(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let want = Self.expected(try await Self.fixture(app))
            let browser = Browser(app)
            try await browser.login("co@t.vn", TestApp.demoPassword)
            func ids(_ html: String) -> [UUID] {
                html.matches(of: /href="\/quan-tri\/phan-anh\/([0-9a-f-]{36})"/).compactMap { UUID(uuidString: String($0.1)) }
            }
            func link(_ html: String, _ label: String) -> String? {
                return html.matches(of: /<a href="([^"]+)"(?: rel="[a-z]+")?>([^<]+)<\/a>/)
                    .first { $0.2.contains(label) }.map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
            }
            let first = try await browser.get("/quan-tri?status=all&channel=web").body.string
            #expect(first.contains("53 phản ánh"))
            #expect(ids(first) == Array(want.prefix(50)))
            #expect(!first.contains("rel=\"prev\""))
            let nextHref = try #require(link(first, "Trang sau"))
            #expect(nextHref.contains("channel=web"), "the filters stay")
            let second = try await browser.get(nextHref).body.string
            #expect(ids(second) == Array(want.suffix(3)))
            #expect(!second.contains("rel=\"next\""))
            let back = try await browser.get(try #require(link(second, "Trang trước"))).body.string
            #expect(ids(back) == Array(want.prefix(50)))
            let last = try await browser.get(try #require(link(first, "Trang cuối"))).body.string
            #expect(ids(last) == Array(want.suffix(50)))
            // A position that does not read back is a clear error, not the first page.
            #expect(try await browser.get("/quan-tri?sau=abc").status == .badRequest)
        }
    }

    @Test("the public list without a search pages by keyset, newest publication first, with prev and next links",
          arguments: TestDatabase.available)
    func publicList(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, _) = try await WorkflowFlowTests.staff(on: app)
            var published: [ServiceRequestRecord] = []
            for title in ["Đèn đường hỏng", "Ổ gà trên đường", "Rác thải tồn đọng", "Cống thoát nước tắc", "Cây đổ chắn đường"] {
                published.append(try await SearchTests.published(app, agency, title: title, content: "\(title) ở khu phố 3, đề nghị xử lý sớm."))
            }
            let stored = try await ServiceRequestRecord.query(on: app.db).filter(\.$publishedAt != nil).all()
            let want = stored.sorted { a, b in
                a.publishedAt! != b.publishedAt! ? a.publishedAt! > b.publishedAt! : a.id!.uuidString > b.id!.uuidString
            }.map { $0.id! }
            #expect(want.count == 5)
            var seen: [UUID] = []
            var position = Keyset.Position.first
            for _ in 0..<10 {
                let page = try await PublicQueries.publishedPage(position, size: 2, on: app.db)
                #expect(try await PublicQueries.publishedCount(on: app.db) == 5)
                seen += page.rows.map { $0.id! }
                guard let next = page.next else { break }
                position = .after(next)
            }
            #expect(seen == want)
            // A cursor naming a row outside the list (an unpublished case) probes nothing: the list starts over.
            let unpublished = try await StatisticsTests.submit(app, commune: "Phường Quy Nhơn", name: "Lê Văn Cường", phone: "0912 000 111")
            let probe = try await PublicQueries.publishedPage(.after(Keyset.Cursor(rank: 0, id: unpublished.id!)), size: 2, on: app.db)
            #expect(probe.rows.map { $0.id! } == Array(want.prefix(2)))
            #expect(probe.previous == nil)
            // Through the page: 20 a page, so one page with no links; the count in words.
            let html = try await Browser(app).get(SiteURL.published.path).body.string
            #expect(html.contains("5 kết quả"))
            #expect(!html.contains("rel=\"next\"") && !html.contains("rel=\"prev\""))
        }
    }
}
