import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Open311 GeoReport v2 `POST requests` (the way FixMyStreet's client sends it), mySociety's
/// `POST servicerequestupdates`, and the partner API keys behind both.
@Suite("Open311 GeoReport v2: POST requests, POST servicerequestupdates, API keys")
struct Open311WriteTests {
    /// The form FixMyStreet's `Open311.pm` posts: description "title / detail / url", split name, lat/long or
    /// address_string, attributes.
    static func fixMyStreetForm(key: String, location: [(String, String)]) -> [(String, String)] {
        [("api_key", key), ("jurisdiction_id", "gialai.gov.vn"), ("service_code", "su_co_duong"),
         ("description", "Ổ gà lớn trước chợ Đầm\n\nỔ gà sâu khoảng 20 cm, xe máy đi qua rất nguy hiểm, nhất là ban đêm.\n\nhttps://fms.example.vn/report/42\n\nSubmitted via FixMyStreet"),
         ("first_name", "Nguyễn"), ("last_name", "Văn An"), ("email", "an.nguyen@example.com"), ("phone", "0912 345 678"),
         ("attribute[kich_thuoc]", "lon"), ("attribute[doi_tuong_nguy_hiem][]", "xe_may"), ("attribute[doi_tuong_nguy_hiem][]", "nguoi_di_bo"),
         ("attribute[so_lan_duong]", "2"), ("attribute[thoi_diem_phat_hien]", "2026-11-29T21:30:00+07:00"),
         ("media_url", "https://fms.example.vn/photo/42.jpeg")] + location
    }

    @Test("POST requests.xml the FixMyStreet way: a case on channel open311, valid for intake, read back at once", arguments: TestDatabase.available)
    func createXML(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let key = try await O311.key(app)
            let response = try await O311.post(app, "/requests.xml", Self.fixMyStreetForm(key: key, location: [
                ("address_string", "12 Trần Hưng Đạo, phuong Quy Nhon, Gia Lai"), ("lat", "13.7765"), ("long", "109.2237")]))
            #expect(response.status == .ok, "\(response.body.string)")
            let root = try O311.xml(response)
            #expect(root.name == "service_requests" && root.childNames == ["request"])
            #expect(root["request"]?.childNames == ["service_request_id", "service_notice"])
            let id = try #require(root["request"]?["service_request_id"]?.text)
            let code = try #require(TrackingCode(digits: id))
            #expect(root["request"]!["service_notice"]!.text.contains(code.formatted))

            let record = try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$trackingCode == id).first())
            #expect(record.channel == .open311)
            #expect(record.status == .received)
            #expect(record.title == "Ổ gà lớn trước chợ Đầm")
            #expect(record.communeCode == (try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)))
            #expect(record.latitude == 13.7765 && record.longitude == 109.2237)
            #expect(record.address == "12 Trần Hưng Đạo, phuong Quy Nhon, Gia Lai")
            #expect(record.description.contains("Kích thước ổ gà: Lớn (trên 1 m)"))
            #expect(record.description.contains("Ai có thể gặp nguy hiểm: Xe máy, Người đi bộ"))
            #expect(record.consentVersion == app.paknConfiguration.privacyNoticeVersion)
            let contact = try #require(try await Contact.find(record.primaryContactID, on: app.db))
            #expect(contact.fullName == "Nguyễn Văn An" && contact.phone == "0912345678" && contact.email == "an.nguyen@example.com")
            let events = try await EventRecord.query(on: app.db).filter(\.$requestID == record.requireID()).all()
            #expect(Set(events.map(\.action.rawValue)) == ["created", "consentRecorded", "partnerMedia"])
            #expect(events.first { $0.action == .consentRecorded }?.note?.contains("Ứng dụng Gia Lai Số") == true)
            #expect(events.filter { $0.action != .created }.allSatisfy { !$0.isPublic })
            #expect(events.allSatisfy { $0.actorLabel.contains("Ứng dụng Gia Lai Số") })

            // Read back at once, as the client does.
            let back = try O311.xml(try await O311.get(app, "/requests/\(id).xml"))
            #expect(back["request"]?["service_request_id"]?.text == id)
            #expect(back["request"]?["status"]?.text == "open")
            let backText = try await O311.get(app, "/requests/\(id).xml").body.string
            #expect(!backText.contains("Nguyễn Văn An") && !backText.contains("0912"))
            // The use is logged.
            let uses = try await APIKeyUse.query(on: app.db).all()
            #expect(uses.count == 1 && uses[0].status == 200 && uses[0].serviceRequestID == id && uses[0].endpoint == "POST requests")
        }
    }

    @Test("POST requests.json with lat/long and attribute[commune_code]; multipart/form-data too", arguments: TestDatabase.available)
    func createJSONAndMultipart(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let key = try await O311.key(app)
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn Nam", on: app.db)
            let response = try await O311.post(app, "/requests.json", [
                ("api_key", key), ("service_code", "cay_do"), ("lat", "13.75"), ("long", "109.21"),
                ("attribute[commune_code]", commune), ("description", "Cây xà cừ đổ chắn ngang đường Nguyễn Thái Học sau cơn mưa."),
                ("first_name", "Lê"), ("last_name", "Thị Mai"), ("email", "mai@example.com")])
            let list = try O311.jsonArray(response)
            #expect(response.status == .ok)
            #expect(list.count == 1 && Set(list[0].keys) == ["service_request_id", "service_notice"])
            let id = try #require(list[0]["service_request_id"] as? String, "ids are strings")
            let record = try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$trackingCode == id).first())
            #expect(record.communeCode == commune && record.address == "" && record.serviceCode == "cay_do")

            let boundary = "fms-\(UUID().uuidString)"
            var body = ""
            for (name, value) in [("api_key", key), ("service_code", "dien"), ("address_string", "Xã Tây Sơn"),
                                  ("description", "Cột điện nghiêng sắp đổ gần trường tiểu học, nguy hiểm cho học sinh."),
                                  ("first_name", "Đỗ"), ("last_name", "Minh Khôi"), ("phone", "0987654321")] {
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
            }
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"photo1\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nxx\r\n--\(boundary)--\r\n"
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            let multipart = try await app.testing().sendRequest(.POST, "/open311/v2/requests.xml", headers: headers, body: ByteBuffer(string: body))
            #expect(multipart.status == .ok, "\(multipart.body.string)")
            let mid = try #require(try O311.xml(multipart)["request"]?["service_request_id"]?.text)
            let m = try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$trackingCode == mid).first())
            #expect(m.communeCode == (try await Fixtures.communeCode(named: "Xã Tây Sơn", on: app.db)))
        }
    }

    @Test("a key's last use is written at most once a minute, so concurrent creates do not queue on its row", arguments: TestDatabase.available)
    func lastUseThrottled(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let key = try await O311.key(app)
            func create(_ n: Int) async throws {
                let response = try await O311.post(app, "/requests.json", [
                    ("api_key", key), ("service_code", "cay_do"), ("address_string", "Phường Quy Nhơn"),
                    ("description", "Cây gãy cành số \(n) trên vỉa hè, cần dọn."), ("first_name", "Lê"), ("last_name", "Văn Tâm"),
                    ("email", "tam.le@example.com")])
                #expect(response.status == .ok, "\(response.body.string)")
            }
            func lastUse() async throws -> Date? { try await PartnerAPIKey.query(on: app.db).first()?.lastUsedAt }
            try await create(1)
            #expect(try await lastUse() != nil)
            // A second create within the minute: every use is logged, the key's row is not written again. (The stored
            // use is moved an hour ahead first: on a loaded machine one create has taken over a minute, and the
            // minute must not run out during the test.)
            try await (app.db as! any SQLDatabase).update(PartnerAPIKey.schema).set("last_used_at", to: Date().addingTimeInterval(3600)).run()
            let first = try #require(try await lastUse())
            try await create(2)
            #expect(try await lastUse() == first)
            #expect(try await APIKeyUse.query(on: app.db).count() == 2)
            // A minute and more later (the stored value moved back, before now): written again.
            let earlier = Date().addingTimeInterval(-(PartnerKeys.lastUseResolution + 1))
            try await (app.db as! any SQLDatabase).update(PartnerAPIKey.schema).set("last_used_at", to: earlier).run()
            try await create(3)
            let third = try #require(try await lastUse())
            #expect(third > earlier.addingTimeInterval(PartnerKeys.lastUseResolution))
        }
    }

    @Test("POST requests errors: 403 key, 404 service or jurisdiction, 400 for each missing or bad parameter; nothing stored", arguments: TestDatabase.available)
    func createErrors(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let key = try await O311.key(app)
            let readOnly = try await O311.key(app, permissions: [.postUpdates], partner: "Cổng tỉnh")
            let revoked = try await PartnerKeys.issue(partner: "Cũ", agencyID: nil, permissions: [.createRequests], requestsPerHour: 10, createdBy: nil, on: app.db)
            try await PartnerKeys.revoke(revoked.record.requireID(), on: app.db)
            let good = Self.fixMyStreetForm(key: key, location: [("address_string", "Phường Quy Nhơn"), ("lat", "13.77"), ("long", "109.22")])
            func without(_ names: Set<String>, _ form: [(String, String)] = good) -> [(String, String)] { form.filter { !names.contains($0.0) } }
            func replacing(_ name: String, _ value: String, _ form: [(String, String)] = good) -> [(String, String)] {
                form.map { $0.0 == name ? ($0.0, value) : $0 }
            }

            try O311.expectError(try await O311.post(app, "/requests.xml", without(["api_key"])), .forbidden)
            try O311.expectError(try await O311.post(app, "/requests.json", replacing("api_key", "o311_wrong")), .forbidden, json: true)
            try O311.expectError(try await O311.post(app, "/requests.xml", replacing("api_key", revoked.key)), .forbidden)
            try O311.expectError(try await O311.post(app, "/requests.xml", replacing("api_key", readOnly)), .forbidden)
            try O311.expectError(try await O311.post(app, "/requests.xml", replacing("service_code", "khong_co")), .notFound)
            try O311.expectError(try await O311.post(app, "/requests.json", replacing("jurisdiction_id", "hanoi.gov.vn")), .notFound, json: true)
            var d = try O311.expectError(try await O311.post(app, "/requests.xml", without(["service_code"])), .badRequest)
            #expect(d.contains { $0.hasPrefix("service_code") })
            d = try O311.expectError(try await O311.post(app, "/requests.xml", without(["address_string", "lat", "long"])), .badRequest)
            #expect(d.contains { $0.contains("location") })
            d = try O311.expectError(try await O311.post(app, "/requests.xml", without(["long"])), .badRequest)
            #expect(d.contains { $0.hasPrefix("lat, long") })
            d = try O311.expectError(try await O311.post(app, "/requests.json", replacing("lat", "north")), .badRequest, json: true)
            #expect(d.contains { $0.hasPrefix("lat:") })
            d = try O311.expectError(try await O311.post(app, "/requests.xml", without(["description"])), .badRequest)
            #expect(d.contains { $0.hasPrefix("description") })
            d = try O311.expectError(try await O311.post(app, "/requests.xml", replacing("description", String(repeating: "dài ", count: 1001))), .badRequest)
            #expect(d.contains { $0.hasPrefix("description") })
            d = try O311.expectError(try await O311.post(app, "/requests.xml", replacing("description", "<script>alert(1)</script> ổ gà trên đường")), .badRequest)
            #expect(d.contains { $0.hasPrefix("description") })
            d = try O311.expectError(try await O311.post(app, "/requests.xml", without(["attribute[kich_thuoc]"])), .badRequest)
            #expect(d.contains { $0.hasPrefix("attribute[kich_thuoc]") })
            d = try O311.expectError(try await O311.post(app, "/requests.xml", replacing("attribute[kich_thuoc]", "khong_lo")), .badRequest)
            #expect(d.contains { $0.hasPrefix("attribute[kich_thuoc]") })
            d = try O311.expectError(try await O311.post(app, "/requests.xml", replacing("attribute[so_lan_duong]", "hai")), .badRequest)
            #expect(d.contains { $0.hasPrefix("attribute[so_lan_duong]") })
            d = try O311.expectError(try await O311.post(app, "/requests.xml", replacing("attribute[thoi_diem_phat_hien]", "hôm qua")), .badRequest)
            #expect(d.contains { $0.hasPrefix("attribute[thoi_diem_phat_hien]") })
            d = try O311.expectError(try await O311.post(app, "/requests.xml", without(["first_name", "last_name"])), .badRequest)
            #expect(d.contains { $0.hasPrefix("first_name") })
            d = try O311.expectError(try await O311.post(app, "/requests.xml", without(["email", "phone"])), .badRequest)
            #expect(d.contains { $0.hasPrefix("phone") })
            d = try O311.expectError(try await O311.post(app, "/requests.xml", replacing("phone", "12")), .badRequest)
            #expect(d.contains { $0.hasPrefix("phone") })
            d = try O311.expectError(try await O311.post(app, "/requests.xml", replacing("media_url", "file:///etc/passwd")), .badRequest)
            #expect(d.contains { $0.hasPrefix("media_url") })
            // The commune cannot be found: 400 without a configured default …
            d = try O311.expectError(try await O311.post(app, "/requests.xml", replacing("address_string", "Chợ Đầm")), .badRequest)
            #expect(d.contains { $0.hasPrefix("attribute[commune_code]") })
            d = try O311.expectError(try await O311.post(app, "/requests.json", good + [("attribute[commune_code]", "00001")]), .badRequest, json: true)
            #expect(d.contains { $0.hasPrefix("attribute[commune_code]") })
            // Several problems at once: one error each.
            d = try O311.expectError(try await O311.post(app, "/requests.xml", without(["description", "attribute[kich_thuoc]", "email", "phone"])), .badRequest)
            #expect(d.count >= 2)
            // Another content type.
            var headers = HTTPHeaders(); headers.contentType = .json
            d = try O311.expectError(try await app.testing().sendRequest(.POST, "/open311/v2/requests.json", headers: headers,
                                                                           body: ByteBuffer(string: #"{"api_key":"\#(key)"}"#)), .badRequest, json: true)
            #expect(d.contains { $0.contains("Content-Type") })
            #expect(try await Fixtures.count(ServiceRequestRecord.self, on: app.db) == 0, "nothing half-stored")
            #expect(try await Fixtures.count(Contact.self, on: app.db) == 0)
            #expect(try await APIKeyUse.query(on: app.db).filter(\.$keyID == nil).count() == 3, "unknown and revoked keys are logged too")
            #expect(try await APIKeyUse.query(on: app.db).filter(\.$status == 400).count() >= 10)
        }
    }

    @Test("PAKN_OPEN311_DEFAULT_COMMUNE takes requests whose commune cannot be read", arguments: TestDatabase.available)
    func defaultCommune(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: { $0.open311DefaultCommune = "21583" }) { app in
            let key = try await O311.key(app)
            let response = try await O311.post(app, "/requests.json", Self.fixMyStreetForm(key: key, location: [("lat", "13.77"), ("long", "109.22")]))
            #expect(response.status == .ok, "\(response.body.string)")
            let id = try #require(try O311.jsonArray(response).first?["service_request_id"] as? String)
            #expect(try await ServiceRequestRecord.query(on: app.db).filter(\.$trackingCode == id).first()?.communeCode == "21583")
        }
    }

    @Test("API keys are rate-limited per key: 429 in the spec's error shape, logged", arguments: TestDatabase.available)
    func rateLimit(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let key = try await O311.key(app, perHour: 2)
            let form = Self.fixMyStreetForm(key: key, location: [("address_string", "Phường Quy Nhơn")])
            #expect(try await O311.post(app, "/requests.xml", form).status == .ok)
            #expect(try await O311.post(app, "/requests.xml", form).status == .ok)
            let third = try await O311.post(app, "/requests.xml", form)
            try O311.expectError(third, .tooManyRequests)
            #expect(third.headers.first(name: .retryAfter) == "60")
            #expect(try await APIKeyUse.query(on: app.db).filter(\.$status == 429).count() == 1)
        }
    }

    @Test("POST servicerequestupdates: the lead agency's back office accepts and answers; a repeated update_id changes nothing", arguments: TestDatabase.available)
    func partnerUpdates(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let agency = try await O311.agency(app, "Công ty Điện lực Gia Lai")
            let other = try await O311.agency(app, "Sở Y tế")
            let utility = try await O311.key(app, permissions: [.postUpdates], agency: agency.requireID(), partner: "Điện lực Gia Lai")
            let record = try await O311.makeCase(app, content: "Mất điện toàn khu phố 3 từ sáng, chưa có thông báo của điện lực.", service: "mat_dien_dut_day")
            try await O311.forward(app, record, to: agency)
            func update(_ id: String, _ status: String, _ text: String, key: String? = nil, format: String = "xml") async throws -> TestingHTTPResponse {
                try await O311.post(app, "/servicerequestupdates.\(format)", [
                    ("api_key", key ?? utility), ("service_request_id", record.trackingCode), ("update_id", id), ("status", status),
                    ("updated_datetime", "2026-11-30T10:00:00+07:00"), ("description", text)])
            }
            let first = try await update("EVN-1", "IN_PROGRESS", "Đội sửa chữa đã đến hiện trường.")
            #expect(first.status == .ok, "\(first.body.string)")
            let root = try O311.xml(first)
            #expect(root.name == "service_request_updates" && root.childNames == ["request_update"])
            #expect(root["request_update"]?.childNames == ["update_id"])
            let ours = try #require(root["request_update"]?["update_id"]?.text)
            #expect(try await ServiceRequestRecord.find(record.id, on: app.db)?.status == .accepted)
            let eventsAfterFirst = try await EventRecord.query(on: app.db).filter(\.$requestID == record.requireID()).count()

            // The same update again (a retry): the first result, nothing changes.
            let again = try O311.jsonArray(try await update("EVN-1", "IN_PROGRESS", "Đội sửa chữa đã đến hiện trường.", format: "json"))
            #expect(again.first?["update_id"] as? String == ours)
            #expect(try await EventRecord.query(on: app.db).filter(\.$requestID == record.requireID()).count() == eventsAfterFirst)
            #expect(try await PartnerUpdate.query(on: app.db).count() == 1)

            // FIXED submits the description as the agency's draft answer (the leader approves it here).
            #expect(try await update("EVN-2", "fixed", "Đã thay dây, cấp điện trở lại lúc 9 giờ.").status == .ok)
            let answered = try #require(try await ServiceRequestRecord.find(record.id, on: app.db))
            #expect(answered.status == .answered && answered.answer == "Đã thay dây, cấp điện trở lại lúc 9 giờ.")
            #expect(try await PartnerUpdate.query(on: app.db).filter(\.$updateID == "EVN-2").first()?.applied == "answer")
            // No move applies now: kept as an internal note.
            #expect(try await update("EVN-3", "DUPLICATE", "Trùng với sự cố khác.").status == .ok)
            #expect(try await ServiceRequestRecord.find(record.id, on: app.db)?.status == .answered)
            let note = try #require(try await EventRecord.query(on: app.db).filter(\.$action == .partnerUpdate).first())
            #expect(note.isPublic == false && note.note == "[DUPLICATE] Trùng với sự cố khác.")

            // A key without an agency: notes only. A key of another agency: 404.
            let portal = try await O311.key(app, permissions: [.postUpdates], partner: "Cổng tỉnh")
            #expect(try await update("P-1", "CLOSED", "Đã xem.", key: portal).status == .ok)
            #expect(try await ServiceRequestRecord.find(record.id, on: app.db)?.status == .answered)
            let stranger = try await O311.key(app, permissions: [.postUpdates], agency: other.requireID(), partner: "Sở Y tế")
            let strangerResponse = try await update("Y-1", "FIXED", "x", key: stranger)
            try O311.expectError(strangerResponse, .notFound)

            // Errors.
            let creator = try await O311.key(app, permissions: [.createRequests], partner: "Ứng dụng")
            try O311.expectError(try await update("E-1", "FIXED", "x", key: creator), .forbidden)
            try O311.expectError(try await update("E-2", "FIXED", "x", key: "nope", format: "json"), .forbidden, json: true)
            try O311.expectError(try await update("E-3", "MAYBE", "x"), .badRequest)
            try O311.expectError(try await O311.post(app, "/servicerequestupdates.xml", [("api_key", utility), ("service_request_id", record.trackingCode)]), .badRequest)
            try O311.expectError(try await O311.post(app, "/servicerequestupdates.json", [
                ("api_key", utility), ("service_request_id", TrackingCode.generate().digits), ("update_id", "E-4"), ("status", "FIXED"),
                ("updated_datetime", "2026-11-30T10:00:00+07:00"), ("description", "x")]), .notFound, json: true)
            try O311.expectError(try await O311.post(app, "/servicerequestupdates.xml", [
                ("api_key", utility), ("service_request_id", record.trackingCode), ("update_id", "E-5"), ("status", "FIXED"),
                ("updated_datetime", "hôm nay"), ("description", "x")]), .badRequest)
            try O311.expectError(try await update("E-6", "FIXED", "<b>x</b>"), .badRequest)
            #expect(try await PartnerUpdate.query(on: app.db).count() == 4)
        }
    }

    @Test("a forwarded case closed by the lead agency: accept and answer in one update", arguments: TestDatabase.available)
    func acceptAndAnswer(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let agency = try await O311.agency(app, "Công ty Cấp thoát nước")
            let key = try await O311.key(app, permissions: [.postUpdates], agency: agency.requireID(), partner: "Cấp nước")
            let record = try await O311.makeCase(app, content: "Vỡ ống nước trên đường Ngô Mây, nước tràn ra mặt đường.", service: "vo_ong_nuoc")
            try await O311.forward(app, record, to: agency)
            let response = try await O311.post(app, "/servicerequestupdates.json", [
                ("api_key", key), ("service_request_id", record.trackingCode), ("update_id", "W-1"), ("status", "FIXED"),
                ("updated_datetime", "2026-11-30T11:00:00Z"), ("description", "Đã thay đoạn ống vỡ.")])
            #expect(response.status == .ok)
            #expect(try await ServiceRequestRecord.find(record.id, on: app.db)?.status == .answered)
            #expect(try await PartnerUpdate.query(on: app.db).first()?.applied == "accept,answer")
        }
    }

    @Test("admin page /quan-tri/khoa-api: issue (shown once), use, revoke; admin only, CSRF-protected", arguments: TestDatabase.available)
    func adminPage(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let agency = try await O311.agency(app)
            _ = try await WorkflowFlowTests.staff(on: app)
            let operatorBrowser = Browser(app)
            try await operatorBrowser.login("op@t.vn", TestApp.demoPassword)
            #expect(try await operatorBrowser.get("/quan-tri/khoa-api").status == .forbidden)

            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            let page = try await admin.get("/quan-tri/khoa-api")
            #expect(page.status == .ok && page.body.string.contains("Cấp khóa mới"))
            #expect(try await admin.post("/quan-tri/khoa-api", [("partner", "X"), ("create_requests", "on"), ("requestsPerHour", "10")], csrf: false).status == .forbidden)
            let issued = try await admin.post("/quan-tri/khoa-api", [("partner", "Ứng dụng Gia Lai Số"), ("agencyID", agency.id!.uuidString),
                                                                     ("create_requests", "on"), ("requestsPerHour", "100")])
            #expect(issued.status == .created)
            let html = issued.body.string
            let range = try #require(html.range(of: #"id="api-key">o311_[0-9a-f]{48}"#, options: .regularExpression))
            let key = String(html[range].dropFirst(#"id="api-key">"#.count))
            let stored = try #require(try await PartnerAPIKey.query(on: app.db).first())
            #expect(stored.keyHash == APITokens.hash(key) && stored.keyHash != key && stored.agencyID == agency.id)
            #expect(stored.permissionSet == [.createRequests] && stored.requestsPerHour == 100)
            #expect(!(try await admin.get("/quan-tri/khoa-api")).body.string.contains(key), "the key is shown once")

            let form = Self.fixMyStreetForm(key: key, location: [("address_string", "Phường Quy Nhơn")])
            #expect(try await O311.post(app, "/requests.xml", form).status == .ok)
            #expect(try await admin.get("/quan-tri/khoa-api").body.string.contains("POST requests"), "uses are listed")
            #expect(try await admin.post("/quan-tri/khoa-api/\(stored.id!.uuidString.lowercased())/thu-hoi", []).status == .seeOther)
            try O311.expectError(try await O311.post(app, "/requests.xml", form), .forbidden)
            try await admin.get("/quan-tri/khoa-api")
            let bad = try await admin.post("/quan-tri/khoa-api", [("partner", "Y"), ("requestsPerHour", "10")])
            #expect(bad.status == .unprocessableEntity, "a key needs a permission")
        }
    }

    @Test("admin page /quan-tri/linh-vuc/{code}/cau-hoi: a question added appears in the definition and is enforced", arguments: TestDatabase.available)
    func questionsPage(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            #expect(try await admin.get("/quan-tri/linh-vuc").body.string.contains("/quan-tri/linh-vuc/dien/cau-hoi"), "linked from the fields page")
            #expect(try await admin.get("/quan-tri/linh-vuc/dien/cau-hoi").status == .ok)
            let added = try await admin.post("/quan-tri/linh-vuc/dien/cau-hoi", [
                ("code", "ma_khach_hang"), ("variable", "on"), ("datatype", "singlevaluelist"), ("required", "on"),
                ("description", "Loại khách hàng"), ("datatypeDescription", "Chọn một"), ("order", "1"), ("values", "ho_gia_dinh=Hộ gia đình\ndoanh_nghiep=Doanh nghiệp")])
            #expect(added.status == .seeOther)
            try await admin.get("/quan-tri/linh-vuc/dien/cau-hoi")
            #expect(try await admin.post("/quan-tri/linh-vuc/dien/cau-hoi", [("code", "x y"), ("datatype", "string"), ("description", "Câu"), ("order", "1")]).status == .unprocessableEntity)
            try await admin.get("/quan-tri/linh-vuc/dien/cau-hoi")
            #expect(try await admin.post("/quan-tri/linh-vuc/dien/cau-hoi", [("code", "loai"), ("datatype", "multivaluelist"), ("description", "Câu"), ("order", "1")]).status == .unprocessableEntity)

            let services = try O311.jsonArray(try await O311.get(app, "/services.json"))
            #expect(services.first { $0["service_code"] as? String == "dien" }?["metadata"] as? Bool == true)
            let definition = try O311.xml(try await O311.get(app, "/services/dien.xml"))
            let attribute = try #require(definition["attributes"]?["attribute"])
            #expect(attribute["code"]?.text == "ma_khach_hang" && attribute["required"]?.text == "true")
            #expect(attribute["values"]?.all("value").map { $0["name"]!.text } == ["Hộ gia đình", "Doanh nghiệp"])

            let key = try await O311.key(app)
            let form: [(String, String)] = [("api_key", key), ("service_code", "dien"), ("address_string", "Phường Quy Nhơn"),
                                            ("description", "Mất điện cả khu phố từ sáng đến giờ."), ("first_name", "An"), ("last_name", "Lê"), ("phone", "0912345678")]
            try O311.expectError(try await O311.post(app, "/requests.xml", form), .badRequest)
            #expect(try await O311.post(app, "/requests.xml", form + [("attribute[ma_khach_hang]", "doanh_nghiep")]).status == .ok)

            let id = try #require(try await ServiceAttribute.query(on: app.db).filter(\.$serviceCode == "dien").first()?.id)
            try await admin.get("/quan-tri/linh-vuc/dien/cau-hoi")
            #expect(try await admin.post("/quan-tri/linh-vuc/dien/cau-hoi/\(id.uuidString.lowercased())/bat-tat", []).status == .seeOther)
            #expect(try await O311.post(app, "/requests.xml", form).status == .ok, "an inactive question is not asked")
        }
    }
}
