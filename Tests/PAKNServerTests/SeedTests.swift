import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import SQLKit
import Testing
import Vapor

@Suite("Reference and demo data")
struct SeedTests {
    @Test("all 34 provinces and 3,321 communes are imported; Gia Lai (52) has 135: 110 xã and 25 phường", arguments: TestDatabase.available)
    func administrativeUnits(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            #expect(try await Province.query(on: app.db).count() == 34)
            #expect(try await Commune.query(on: app.db).count() == 3321)
            let giaLai = try await Commune.query(on: app.db).filter(\.$provinceCode == "52").all()
            #expect(giaLai.count == 135)
            #expect(giaLai.filter { $0.unitType == 4 }.count == 110)
            #expect(giaLai.filter { $0.unitType == 3 }.count == 25)
            #expect(try await Province.find("52", on: app.db)?.name == "Gia Lai")
            // Names are stored NFC and folded for accent-insensitive look-up.
            let quyNhon = try #require(giaLai.first { $0.fullName == "Phường Quy Nhơn" })
            #expect(quyNhon.searchName == "phuong quy nhon")
            #expect(try await Service.query(on: app.db).count() == ServiceCatalogue.entries.count)
        }
    }

    @Test("the demo brings every sample through the real workflow, and publication masks every pii substring", arguments: TestDatabase.available)
    func demo(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: { $0.seedDemo = true }) { app in
            let statuses = Dictionary(grouping: try await ServiceRequestRecord.query(on: app.db).all(), by: \.status).mapValues(\.count)
            #expect(statuses.values.reduce(0, +) == 240)
            for status: RequestStatus in [.received, .forwarded, .accepted, .answered, .approved, .published, .closed, .returned,
                                          .awaitingCitizen, .duplicate, .rejected, .redirectedToEmergency, .referredToComplaintProcedure] {
                #expect((statuses[status] ?? 0) > 0, "no demo request in \(status)")
            }
            #expect(try await User.query(on: app.db).count() == 7)
            #expect(try await Agency.query(on: app.db).filter(\.$kind == .commune).count() == 135)
            // Every state change went through the workflow: each case's events chain from → to without gaps.
            for record in try await ServiceRequestRecord.query(on: app.db).all() {
                let moves = try await EventRecord.query(on: app.db).filter(\.$requestID == record.requireID()).filter(\.$toStatus != nil).sort(\.$occurredAt).all()
                #expect(moves.last?.toStatus == record.status)
                for (a, b) in zip(moves, moves.dropFirst()) { #expect(a.toStatus == b.fromStatus) }
            }
            // Masking: no `pii` substring of any sample survives in what the public can read.
            let url = try ReferenceSeeder.resource("pakn-samples/samples.jsonl")
            struct Sample: Decodable { let pii: [String] }
            let pii = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").flatMap { try JSONDecoder().decode(Sample.self, from: Data($0.utf8)).pii }
            let published = try await ServiceRequestRecord.query(on: app.db).filter(\.$publishedAt != nil).all()
            #expect(published.count > 20)
            let publicText = published.map { [$0.publicTitle, $0.publicDescription, $0.publicAnswer].compactMap { $0 }.joined(separator: "\n") }.joined(separator: "\n")
            for secret in pii { #expect(!publicText.contains(secret), "published text leaks \(secret)") }
            // Search ignores diacritics: "duong" finds "đường"; "Đ" folds to "d".
            let duong = try await PublicQueries.published(query: "duong", paging: Paging(page: 1, size: 20), on: app.db)
            #expect(duong.total > 0)
            #expect(duong.items.allSatisfy { VietnameseText.fold(($0.publicTitle ?? "") + " " + ($0.publicDescription ?? "") + " " + ($0.publicAnswer ?? "")).contains("duong") })
            #expect(try await PublicQueries.published(query: "ĐƯỜNG", paging: Paging(page: 1, size: 20), on: app.db).total == duong.total)
            // Terms begin words: "ong" is inside "không", "đồng", "ông" but begins only the word "ông".
            let ong = try await PublicQueries.published(query: "ong", paging: Paging(page: 1, size: 100), on: app.db)
            #expect(ong.items.allSatisfy { (" " + VietnameseText.fold(($0.publicTitle ?? "") + " " + ($0.publicDescription ?? "") + " " + ($0.publicAnswer ?? ""))).contains(" ong") })
        }
    }

    @Test("two processes starting at once on one PostgreSQL migrate once (advisory lock)", arguments: TestDatabase.available.filter { $0 == .postgres })
    func concurrentMigration(_ database: TestDatabase) async throws {
        let name = "pakn_lock_\(UUID().uuidString.prefix(8).lowercased())"
        try await PostgresAdmin.execute("CREATE DATABASE \(name)")
        let url = try PostgresAdmin.url(database: name)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    var config = TestApp.baseConfiguration(dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("pakn-lock-\(UUID().uuidString)"))
                    config.databaseURL = url
                    try await TestApp.prepare(config)
                }
            }
            try await group.waitForAll()
        }
        var config = TestApp.baseConfiguration(dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("pakn-lock-check"))
        config.databaseURL = url
        let app = try await Application.make(.testing)
        try await configure(app, config)
        let sql = app.db as! any SQLDatabase
        // Each registered migration ran exactly once.
        let row = try await sql.raw("SELECT COUNT(*) AS n, COUNT(DISTINCT name) AS d FROM _fluent_migrations").first()
        let migrations = try row?.decode(column: "n", as: Int.self)
        #expect(migrations == (try row?.decode(column: "d", as: Int.self)))
        #expect(migrations == Migrations.all.count)
        #expect(try await Province.query(on: app.db).count() == 34)
        #expect(try await User.query(on: app.db).filter(\.$role == .admin).count() == 1)
        try await app.asyncShutdown()
        try await PostgresAdmin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}
