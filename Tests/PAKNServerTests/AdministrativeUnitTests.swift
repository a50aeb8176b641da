import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import SQLKit
import Testing
import VaporTesting

/// Administrative units that change (issue 15 item 7): versions of the current units, the units before the 2025
/// reform loaded from the shipped mapping, the operator's hint, and `pakn units import` / `pakn units map` run as the
/// built binary against the test's own database (SQLite file or PostgreSQL database).
@Suite("Administrative units", .serialized)
struct AdministrativeUnitTests {
    @Test("the seed loads the mapping's 10,602 rows into former_units; current units are in force from 2025-07-01",
          arguments: TestDatabase.available)
    func seeded(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            #expect(try await FormerUnitRecord.query(on: app.db).count() == 10_602)
            #expect(try await FormerUnitRecord.query(on: app.db).filter(\.$validTo != "2025-06-30").count() == 0)
            #expect(try await Commune.query(on: app.db).filter(\.$validFrom == "2025-07-01").filter(\.$validTo == nil).count() == 3321)
            #expect(try await Province.query(on: app.db).filter(\.$validFrom == "2025-07-01").filter(\.$validTo == nil).count() == 34)
            // Old 52 (Bình Định) / 21583 Phường Thị Nại → 21583 Phường Quy Nhơn.
            let thiNai = try #require(try await FormerUnitRecord.query(on: app.db)
                .filter(\.$oldProvinceCode == "52").filter(\.$oldCommuneCode == "21583").first())
            #expect(thiNai.oldCommuneName == "Phường Thị Nại" && thiNai.oldDistrictName == "Thành phố Quy Nhơn")
            #expect(thiNai.newCommuneCode == "21583" && thiNai.note == "")
            // The service for the archive import: a divided old commune counts under its default target.
            #expect(try await AdministrativeUnits.currentCommuneCode(oldProvinceCode: "52", oldCommuneCode: "22000", on: app.db) == "22006")
            #expect(try await AdministrativeUnits.currentCommuneCode(oldProvinceCode: "64", oldCommuneCode: "23608", on: app.db) == "23611")
            #expect(try await AdministrativeUnits.currentCommuneCode(oldProvinceCode: "52", oldCommuneCode: "23608", on: app.db) == nil)
            let mapped = try #require(try await AdministrativeUnits.currentCommune(address: "p. thi nai quy nhon", province: "52", on: app.db))
            #expect(mapped.current.map(\.name) == ["Phường Quy Nhơn"])
            // A second seeding adds nothing.
            #expect(try await FormerUnitSeeder.seedIfEmpty(on: app.db, logger: app.logger) == 0)
        }
    }

    @Test("an existing database: migration 0016 marks its units in force from 2025-07-01, the next seeding loads former_units",
          arguments: TestDatabase.available)
    func existingDatabase(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            // Back to the schema before 0016, with its 34 provinces and 3,321 communes in place.
            try await app.db.withConnection { db in
                try await CreateFormerUnits().revert(on: db)
                try await AddAdminUnitVersions().revert(on: db)
            }
            let sql = try #require(app.db as? any SQLDatabase)
            #expect(try await AddAdminUnitVersions.columns(of: "communes", on: sql).contains("valid_from") == false)
            try await app.db.withConnection { db in
                // SQLite checks ADD COLUMN against the schema its connection cached: read the columns first
                // (DeliveryColumnsMigrationTests says why).
                if let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" {
                    _ = try await sql.raw("SELECT name FROM pragma_table_info('communes')").all()
                    _ = try await sql.raw("SELECT name FROM pragma_table_info('provinces')").all()
                }
                try await AddAdminUnitVersions().prepare(on: db)
                try await CreateFormerUnits().prepare(on: db)
            }
            #expect(try await Commune.query(on: app.db).filter(\.$validFrom == "2025-07-01").filter(\.$validTo == nil).count() == 3321)
            #expect(try await Province.query(on: app.db).filter(\.$validFrom == "2025-07-01").count() == 34)
            #expect(try await FormerUnitRecord.query(on: app.db).count() == 0)
            // What the next start runs.
            try await ReferenceSeeder.seed(on: app.db, logger: app.logger)
            #expect(try await FormerUnitRecord.query(on: app.db).count() == 10_602)
        }
    }

    @Test("the case page of a request addressed in a former ward names its current commune and selects nothing",
          arguments: TestDatabase.available)
    func triageHint(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let pleiku = try await Fixtures.communeCode(named: "Phường Pleiku", on: app.db)
            var fields = Fixtures.submissionFields(communeCode: pleiku)
            fields = fields.map { $0.0 == "address" ? ("address", "Số 5 Nguyễn Huệ, Phường Thị Nại, TP Quy Nhơn") : $0 }
            let browser = Browser(app)
            try await browser.get("/gui-phan-anh")
            let sent = try await browser.postMultipart("/gui-phan-anh", fields)
            let code = try #require(Fixtures.trackingCode(in: sent.body.string))
            let record = try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$trackingCode == code.digits).first())
            let desk = Browser(app)
            try await desk.login("op@t.vn", TestApp.demoPassword)
            let page = try await desk.get(SiteURL.staffRequest(record.requireID()).path).body.string
            #expect(page.contains("Địa chỉ theo đơn vị cũ: Phường Thị Nại (TP Quy Nhơn, tỉnh Bình Định) → nay là Phường Quy Nhơn."))
            // The commune the citizen chose stays selected; Phường Quy Nhơn is not selected for the operator.
            let quyNhon = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            #expect(page.contains("<option value=\"\(pleiku)\" selected"))
            #expect(!page.contains("<option value=\"\(quyNhon)\" selected"))
            #expect(try await ServiceRequestRecord.find(record.id, on: app.db)?.communeCode == pleiku)

            // An address in a current commune: no hint.
            let plain = try await O311.makeCase(app, content: "Ổ gà sâu ở ngã tư, xe máy dễ ngã.")
            #expect(!(try await desk.get(SiteURL.staffRequest(plain.requireID()).path).body.string.contains("former-unit-hint")))
        }
    }

    @Test("an Open311 address in a former ward gets the current commune; a divided or ambiguous one does not",
          arguments: TestDatabase.available)
    func open311Address(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: { $0.open311DefaultCommune = nil }) { app in
            let key = try await O311.key(app)
            func create(_ address: String) async throws -> (status: HTTPStatus, commune: String?) {
                let response = try await O311.post(app, "/requests.json", [
                    ("api_key", key), ("service_code", "cay_do"), ("address_string", address),
                    ("description", "Cây gãy cành trên vỉa hè, cần dọn gấp."), ("first_name", "Lê"), ("last_name", "Văn Tâm"),
                    ("email", "tam.le@example.com")])
                guard response.status == .ok else { return (response.status, nil) }
                let records = try await ServiceRequestRecord.query(on: app.db).sort(\.$receivedAt, .descending).all()
                return (response.status, records.first?.communeCode)
            }
            // Old 64 / Thành phố Pleiku / Xã Ia Kênh → 23611 Xã Gào.
            #expect(try await create("thôn 3, xã Ia Kênh, TP Pleiku").commune == "23611")
            // Xã Canh Hiệp was divided: no commune is guessed, and without a default the request is refused.
            #expect(try await create("xã Canh Hiệp, huyện Vân Canh").status == .badRequest)
            // "Phường Tây Sơn" alone: Pleiku or An Khê.
            #expect(try await create("Phường Tây Sơn").status == .badRequest)
        }
    }

    /// The environment that points the binary at the test application's own database.
    static func environment(of app: Application) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["PAKN_DATA_DIR"] = app.paknConfiguration.dataDirectory.path
        if let url = app.paknConfiguration.databaseURL { env["DATABASE_URL"] = url } else { env.removeValue(forKey: "DATABASE_URL") }
        env["PAKN_PROVINCE"] = "52"
        env["LOG_LEVEL"] = "warning"
        return env
    }

    static func pakn(_ app: Application, _ arguments: [String], input: String = "") async throws -> (out: String, err: String, status: Int32) {
        let result = try await ChildProcess.runAsync(CalendarCommandTests.binary, arguments, environment: environment(of: app), input: Data(input.utf8))
        return (result.outText, result.errText, result.timedOut ? -1 : result.status)
    }

    @Test("pakn units import: a dry run lists exactly the renamed, added and removed commune and writes nothing; --apply retires, adds and renames",
          arguments: TestDatabase.available)
    func importDataset(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            // A request in Phường Quy Nhơn (21583), the commune the new dataset removes.
            let record = try await O311.makeCase(app, content: "Ổ gà sâu ở ngã tư, xe máy dễ ngã.")
            #expect(record.communeCode == "21583")

            // The shipped dataset with 21592 renamed, 21583 removed and 99901 added, all in Gia Lai (52).
            let shipped = try Data(contentsOf: ReferenceSeeder.resource("vn-admin-units-2025/vn_units_2026-07-25.json"))
            var provinces = try #require(try JSONSerialization.jsonObject(with: shipped) as? [[String: Any]])
            let index = try #require(provinces.firstIndex { $0["Code"] as? String == "52" })
            var wards = try #require(provinces[index]["Wards"] as? [[String: Any]])
            #expect(wards.count == 135)
            let renamed = try #require(wards.firstIndex { $0["Code"] as? String == "21592" })
            #expect(wards[renamed]["FullName"] as? String == "Phường Quy Nhơn Nam")
            wards[renamed]["Name"] = "Quy Nhơn Biển"
            wards[renamed]["FullName"] = "Phường Quy Nhơn Biển"
            wards.removeAll { $0["Code"] as? String == "21583" }
            wards.append(["Type": "ward", "Code": "99901", "Name": "Thử Nghiệm", "FullName": "Xã Thử Nghiệm", "ProvinceCode": "52",
                          "AdministrativeUnitId": 4])
            provinces[index]["Wards"] = wards
            let file = app.paknConfiguration.dataDirectory.appendingPathComponent("units-next.json")
            try JSONSerialization.data(withJSONObject: provinces).write(to: file)

            let dry = try await Self.pakn(app, ["units", "import", file.path, "--valid-from", "2026-08-01"])
            #expect(dry.status == 0, "\(dry.err)")
            #expect(dry.out.split(separator: "\n").map(String.init) == [
                "added\tcommune\t99901\t52\tXã Thử Nghiệm\tvalid_from=2026-08-01",
                "removed\tcommune\t21583\t52\tPhường Quy Nhơn\tvalid_to=2026-07-31",
                "renamed\tcommune\t21592\t52\tPhường Quy Nhơn Nam\tPhường Quy Nhơn Biển",
                "chạy thử, chưa ghi gì / dry run, nothing written: 1 added, 1 removed, 1 renamed (--apply to write)",
            ])
            #expect(try await Commune.find("99901", on: app.db) == nil)
            #expect(try await Commune.find("21583", on: app.db)?.validTo == nil)
            #expect(try await Commune.find("21592", on: app.db)?.fullName == "Phường Quy Nhơn Nam")

            let applied = try await Self.pakn(app, ["units", "import", file.path, "--valid-from", "2026-08-01", "--apply"])
            #expect(applied.status == 0, "\(applied.err)")
            #expect(applied.out.contains("đã ghi / applied: 1 added, 1 removed, 1 renamed, valid from 2026-08-01"))
            let removed = try #require(try await Commune.find("21583", on: app.db), "a retired unit is never deleted")
            #expect(removed.validTo == "2026-07-31" && removed.validFrom == "2025-07-01")
            let added = try #require(try await Commune.find("99901", on: app.db))
            #expect(added.fullName == "Xã Thử Nghiệm" && added.searchName == "xa thu nghiem" && added.validFrom == "2026-08-01" && added.validTo == nil)
            let renamedRow = try #require(try await Commune.find("21592", on: app.db))
            #expect(renamedRow.fullName == "Phường Quy Nhơn Biển" && renamedRow.searchName == "phuong quy nhon bien")
            #expect(try await Commune.query(on: app.db).count() == 3322)

            // Forms offer only units in force; the request in the retired commune still opens and names it.
            let offered = try await ReferenceQueries.communes(province: "52", on: app.db).compactMap(\.id)
            #expect(offered.count == 135 && !offered.contains("21583") && offered.contains("99901"))
            let desk = Browser(app)
            try await desk.login("op@t.vn", TestApp.demoPassword)
            let page = try await desk.get(SiteURL.staffRequest(record.requireID()).path)
            #expect(page.status == .ok)
            // Its own commune stays selected in the triage, marked, so saving the triage does not move the case.
            #expect(page.body.string.contains("<option value=\"21583\" selected>Phường Quy Nhơn (hết hiệu lực sau 31/7/2026)</option>"))
            let lookup = try await Browser(app).get("/tra-cuu?ma=\(record.trackingCode)")
            #expect(lookup.status == .ok)

            // The same dataset again: nothing left to change.
            let again = try await Self.pakn(app, ["units", "import", file.path, "--valid-from", "2026-08-01"])
            #expect(again.out.split(separator: "\n").map(String.init) == ["chạy thử, chưa ghi gì / dry run, nothing written: 0 added, 0 removed, 0 renamed (--apply to write)"])
        }
    }

    @Test("pakn units map: texts as arguments and JSON lines on standard input, one JSON line each", arguments: TestDatabase.available)
    func map(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let args = try await Self.pakn(app, ["units", "map", "Phường Thị Nại, TP Quy Nhơn, Bình Định", "Phường Tây Sơn"])
            #expect(args.status == 0, "\(args.err)")
            let lines = args.out.split(separator: "\n").map(String.init)
            #expect(lines == [
                #"{"confidence":"confirmed","current":[{"code":"21583","default":true,"name":"Phường Quy Nhơn","province_code":"52"}],"# +
                #""former":{"commune_code":"21583","commune_name":"Phường Thị Nại","district_code":"540","district_name":"Thành phố Quy Nhơn","province_code":"52","province_name":"Tỉnh Bình Định"},"# +
                #""input":"Phường Thị Nại, TP Quy Nhơn, Bình Định","matched":"Phường Thị Nại","split":false}"#,
                #"{"confidence":null,"current":[],"former":null,"input":"Phường Tây Sơn","matched":null,"split":false}"#,
            ])
            let stdin = try await Self.pakn(app, ["units", "map"], input: """
                {"old_province_code": "52", "old_commune_code": "22000"}
                {"address": "Thị trấn Phú Phong, huyện Tây Sơn"}

                """)
            #expect(stdin.status == 0, "\(stdin.err)")
            let answers = stdin.out.split(separator: "\n").map(String.init)
            #expect(answers.count == 2)
            #expect(answers.first?.contains(#""current":[{"code":"22006","default":true,"name":"Xã Canh Vinh","province_code":"52"},{"code":"21994","default":false,"name":"Xã Vân Canh","province_code":"52"}]"#) == true)
            #expect(answers.first?.contains(#""split":true"#) == true)
            #expect(answers.last?.contains(#""current":[{"code":"21808","default":true,"name":"Xã Tây Sơn","province_code":"52"}]"#) == true)
        }
    }
}
