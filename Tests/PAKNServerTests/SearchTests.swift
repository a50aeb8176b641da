import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import SQLKit
import Testing
import VaporTesting

/// Full-text search (issue 12 item 2): diacritic- and case-blind, word prefixes, phrases, ranked public results,
/// an index in step with every change, on SQLite (FTS5) and PostgreSQL (GIN on to_tsvector).
@Suite("Full-text search")
struct SearchTests {
    @Test("a query is folded into word prefixes and quoted phrases, in each database's syntax")
    func parsing() {
        let query = SearchText.parse("Đường “Lê Lợi” NGẬP ngập \"\" \"cống\"")
        #expect(query == SearchText.Query(prefixes: ["duong", "ngap"], phrases: [["le", "loi"], ["cong"]]))
        #expect(SearchText.fts5(query, column: .staff) == #"{staff_search} : ("le loi" AND "cong" AND "duong"* AND "ngap"*)"#)
        #expect(SearchText.tsquery(query) == "(le <-> loi) & cong & duong:* & ngap:*")
        #expect(SearchText.parse("  ,.;  ").isEmpty)
        #expect(SearchText.parse((1...20).map { "tu\($0)" }.joined(separator: " ")).prefixes.count == SearchText.maximumParts)
        // Quote characters and operators in the query are never syntax: only letters and digits reach the index.
        let hostile = SearchText.parse(#"ab" OR 1=1 -- NEAR(x) *'"#)
        #expect(hostile.phrases == [["or", "1", "1", "near", "x"]] && hostile.prefixes == ["ab"])
        // A one-character word is no prefix (it would match most of the archive); inside a phrase it counts.
        #expect(SearchText.parse("đ ngập \"ở đó\"") == SearchText.Query(prefixes: ["ngap"], phrases: [["o", "do"]]))
    }

    /// A published request with this title and content.
    static func published(_ app: Application, _ agency: Agency, title: String, content: String) async throws -> ServiceRequestRecord {
        let record = try await StatisticsTests.submit(app, commune: "Phường Quy Nhơn", name: "Vũ Thị Hạnh", phone: "0903 555 666",
                                                      title: title, content: content)
        try await O311.publish(app, record, agency: agency, answer: "Đã tiếp nhận và xử lý theo quy định.")
        return record
    }

    @Test("public search: diacritic-blind prefixes, phrases in order, best match first; the index follows publication",
          arguments: TestDatabase.available)
    func publicSearch(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, _) = try await WorkflowFlowTests.staff(on: app)
            let flooded = try await Self.published(app, agency, title: "Ngập sâu ở đường Lê Lợi", content: "Mưa lớn làm ngập sâu đoạn trước chợ, xe chết máy.")
            let lamp = try await Self.published(app, agency, title: "Đèn đường hỏng ở hẻm Lợi Lê", content: "Đèn tắt nhiều tối, đi lại khó khăn.")
            let water = try await Self.published(app, agency, title: "Không có nước sinh hoạt", content: "Khu phố mất nước ba ngày nay.")
            func found(_ q: String) async throws -> [UUID] {
                try await PublicQueries.published(query: q, paging: Paging(page: 1, size: 20), on: app.db).items.map { $0.id! }
            }
            #expect(Set(try await found("duong")) == [flooded.id!, lamp.id!])
            #expect(Set(try await found("ĐƯỜNG")) == [flooded.id!, lamp.id!])
            #expect(try await found("ngap") == [flooded.id!])
            #expect(try await found("dong").isEmpty, "“dong” is not the beginning of any word (“không” ends with it)")
            #expect(try await found("\"le loi\"") == [flooded.id!], "the phrase in order")
            #expect(Set(try await found("le loi")) == [flooded.id!, lamp.id!], "the words in any order")
            #expect(try await found("nuoc sinh") == [water.id!])

            // Best match first: three mentions of "cống" in a short text before one in a longer, newer text.
            let drains = try await Self.published(app, agency, title: "Cống cống cống tắc", content: "Cống bốc mùi.")
            let newer = try await Self.published(app, agency, title: "Đường hư hỏng nặng cần sửa chữa sớm",
                                                 content: "Mặt đường bong tróc, có một nắp cống bị vỡ, nhiều ổ gà lớn và đọng nước khi mưa.")
            #expect(try await found("cong") == [drains.id!, newer.id!])
            // Without a query: newest first.
            #expect(try await PublicQueries.published(query: nil, paging: Paging(page: 1, size: 1), on: app.db).items.first?.id == newer.id)

            // Through the page, as a citizen types it.
            let page = try await Browser(app).get("/cong-khai?q=le+loi").body.string
            #expect(page.contains("Ngập sâu ở đường Lê Lợi"))

            // Not yet published: not found publicly.
            let unpublished = try await O311.makeCase(app, content: "Cây đổ chắn ngang lối đi vào trường tiểu học.")
            #expect(try await found("truong tieu").isEmpty)
            #expect(unpublished.status == .received)
        }
    }

    @Test("staff search finds new and changed texts and forgets replaced ones; combined with the queue's filters",
          arguments: TestDatabase.available)
    func staffSearch(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let record = try await O311.makeCase(app, content: "Cột điện nghiêng sắp đổ ở tổ 5, rất nguy hiểm cho người đi đường.")
            let coordinator = Acting(userID: nil, actor: .staff(.coordinator), agencyID: nil, label: "Điều phối viên")
            func found(_ q: String, channel: String? = nil) async throws -> [UUID] {
                var filter = QueueQuery.Filter(status: "all", q: q)
                filter.channel = channel
                return try await QueueQuery.run(filter, paging: Paging(page: 1, size: 50), acting: coordinator, on: app.db).items.map { $0.id! }
            }
            #expect(try await found("cot dien nghieng") == [record.id!])
            #expect(try await found("cot dien", channel: "web") == [record.id!])
            #expect(try await found("cot dien", channel: "zalo").isEmpty)
            // The operator rewrites the title at triage: the new words are found, the old title's are not.
            record.title = "Trụ điện xiêu vẹo"
            record.staffSearch = IntakeService.staffSearchText(title: record.title, description: "Mô tả mới.", code: record.trackingCode)
            try await record.save(on: app.db)
            #expect(try await found("xieu veo") == [record.id!])
            #expect(try await found("nghieng").isEmpty)
        }
    }

    @Test("search reads the full-text index, and the SQLite index survives VACUUM", arguments: TestDatabase.available)
    func usesTheIndex(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let sql = app.db as! any SQLDatabase
            let condition = try #require(SearchText.condition("duong le", column: .staff, on: app.db))
            if database == .sqlite {
                let plan = try await sql.raw("EXPLAIN QUERY PLAN SELECT id FROM service_requests WHERE \(condition)").all()
                    .map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "; ")
                #expect(plan.contains("VIRTUAL TABLE INDEX"), "\(plan)")
                #expect(plan.contains("idx_service_requests_search_id"), "\(plan)")
                // search_id is a column of ours: VACUUM renumbers implicit rowids, not it.
                _ = try await O311.makeCase(app, content: "Đường Lê Duẩn có ổ gà lớn gần ngã tư.")
                try await sql.raw("VACUUM").run()
                try await sql.raw("INSERT INTO service_requests_fts(service_requests_fts, rank) VALUES ('integrity-check', 1)").run()
                let hits = try await sql.raw("SELECT COUNT(*) AS n FROM service_requests WHERE \(condition)").first()?.decode(column: "n", as: Int.self)
                #expect(hits == 1)
            } else {
                // With sequential scans off, a usable expression index is chosen (the table is too small otherwise);
                // in one transaction, so that the setting and the EXPLAIN share a connection.
                let plan = try await app.db.transaction { tx in
                    let sql = tx as! any SQLDatabase
                    try await sql.raw("SET LOCAL enable_seqscan = off").run()
                    return try await sql.raw("EXPLAIN SELECT id FROM service_requests WHERE \(condition)").all()
                        .map { try $0.decode(column: "QUERY PLAN", as: String.self) }.joined(separator: "; ")
                }
                #expect(plan.contains("idx_service_requests_staff_fts"), "\(plan)")
            }
        }
    }
}
