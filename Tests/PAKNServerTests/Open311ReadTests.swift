import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor
import VaporTesting

/// Open311 GeoReport v2, the read side: discovery, services, service definitions, requests, tokens, errors.
/// Every response is parsed (XMLParser, JSONSerialization) and checked against the spec's element names and types
/// (shared/docs/anchors.md §2).
@Suite("Open311 GeoReport v2: discovery, services, requests, tokens")
struct Open311ReadTests {
    static let requestFields = ["service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                                "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
                                "address", "lat", "long", "media_url"]

    @Test("discovery.xml and discovery.json: changeset, contact, key_service, endpoints/endpoint with both formats", arguments: TestDatabase.available)
    func discovery(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let root = try O311.xml(try await O311.get(app, "/discovery.xml"))
            #expect(root.name == "discovery")
            #expect(root.childNames == ["changeset", "contact", "key_service", "endpoints"])
            #expect(root["changeset"]!.text.range(of: O311.datetimePattern, options: .regularExpression) != nil)
            let endpoints = try #require(root["endpoints"]).all("endpoint")
            #expect(endpoints.count == 1)
            let endpoint = try #require(endpoints.first)
            #expect(endpoint.childNames == ["specification", "url", "changeset", "type", "formats"])
            #expect(endpoint["specification"]?.text == "http://wiki.open311.org/GeoReport_v2")
            #expect(endpoint["url"]?.text == "http://127.0.0.1:8080/open311/v2")
            #expect(endpoint["type"]?.text == "production")
            #expect(endpoint["formats"]?.all("format").map(\.text) == ["text/xml", "application/json"])

            let json = try #require(try O311.json(try await O311.get(app, "/discovery.json")) as? [String: Any])
            #expect(Set(json.keys) == ["changeset", "contact", "key_service", "endpoints"])
            let list = try #require(json["endpoints"] as? [[String: Any]])
            #expect(list.first?["formats"] as? [String] == ["text/xml", "application/json"])
            #expect(list.first?["type"] as? String == "production")
        }
    }

    @Test("services.{xml,json}: every active field with the seven elements; metadata only for fields with questions", arguments: TestDatabase.available)
    func services(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let active = try await Service.query(on: app.db).filter(\.$active == true).count()
            let root = try O311.xml(try await O311.get(app, "/services.xml"))
            #expect(root.name == "services")
            let services = root.all("service")
            #expect(services.count == active && root.children.count == active)
            for service in services {
                #expect(service.childNames == ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"])
                #expect(service["type"]?.text == "realtime")
                #expect(["true", "false"].contains(service["metadata"]!.text))
                #expect(service["metadata"]?.text == (service["service_code"]?.text == "su_co_duong" ? "true" : "false"))
            }
            let road = try #require(services.first { $0["service_code"]?.text == "su_co_duong" })
            #expect(road["service_name"]?.text == "Đường hư hỏng – ổ gà")
            #expect(road["group"]?.text == "Sự cố hạ tầng kỹ thuật")

            let list = try O311.jsonArray(try await O311.get(app, "/services.json"))
            #expect(list.count == active)
            let roadJSON = try #require(list.first { $0["service_code"] as? String == "su_co_duong" })
            #expect(roadJSON["metadata"] as? Bool == true)
            #expect(roadJSON["type"] as? String == "realtime")
            #expect(list.allSatisfy { $0["service_code"] is String && $0["metadata"] is Bool })
            // A deactivated field disappears.
            let waste = try #require(try await Service.find("rac_ve_sinh", on: app.db))
            waste.active = false
            try await waste.save(on: app.db)
            #expect(try await O311.jsonArray(try await O311.get(app, "/services.json")).count == active - 1)
        }
    }

    @Test("services/{code}.{xml,json}: the definition with every datatype; 404 for an unknown field or jurisdiction", arguments: TestDatabase.available)
    func serviceDefinition(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let root = try O311.xml(try await O311.get(app, "/services/su_co_duong.xml"))
            #expect(root.name == "service_definition")
            #expect(root.childNames == ["service_code", "attributes"])
            #expect(root["service_code"]?.text == "su_co_duong")
            let attributes = try #require(root["attributes"]).all("attribute")
            #expect(attributes.count == ServiceAttributeSeeder.definitions.count)
            for attribute in attributes {
                #expect(attribute.childNames == ["variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"])
                #expect(["true", "false"].contains(attribute["variable"]!.text) && ["true", "false"].contains(attribute["required"]!.text))
                #expect(Int(attribute["order"]!.text) != nil)
            }
            #expect(Set(attributes.compactMap { $0["datatype"]?.text }) == Set(ServiceAttributeDefinition.Datatype.allCases.map(\.rawValue)))
            let size = try #require(attributes.first { $0["code"]?.text == "kich_thuoc" })
            #expect(size["datatype"]?.text == "singlevaluelist" && size["required"]?.text == "true")
            let values = try #require(size["values"]).all("value")
            #expect(values.map { $0.childNames } == Array(repeating: ["key", "name"], count: 3))
            #expect(values.map { $0["key"]!.text } == ["nho", "vua", "lon"])
            #expect(attributes.first { $0["code"]?.text == "canh_bao" }?["variable"]?.text == "false")
            #expect(attributes.map { Int($0["order"]!.text)! } == attributes.map { Int($0["order"]!.text)! }.sorted())

            let json = try #require(try O311.json(try await O311.get(app, "/services/su_co_duong.json")) as? [String: Any], "an object, not an array")
            #expect(json["service_code"] as? String == "su_co_duong")
            let list = try #require(json["attributes"] as? [[String: Any]])
            let multi = try #require(list.first { $0["code"] as? String == "doi_tuong_nguy_hiem" })
            #expect(multi["variable"] as? Bool == true && multi["required"] as? Bool == false && multi["order"] as? Int == 3)
            #expect((multi["values"] as? [[String: String]])?.map { $0["key"]! } == ["xe_may", "o_to", "nguoi_di_bo"])

            // A field without questions: an empty definition.
            let plain = try O311.xml(try await O311.get(app, "/services/dien.xml"))
            #expect(plain["attributes"]?.children.isEmpty == true)
            try O311.expectError(try await O311.get(app, "/services/khong_co.xml"), .notFound)
            try O311.expectError(try await O311.get(app, "/services/khong_co.json"), .notFound, json: true)
            try O311.expectError(try await O311.get(app, "/services/su_co_duong.xml?jurisdiction_id=hanoi.gov.vn"), .notFound)
            #expect(try await O311.get(app, "/services/su_co_duong.xml?jurisdiction_id=gialai.gov.vn").status == .ok)
            #expect(try await O311.get(app, "/services/su_co_duong.xml?jurisdiction_id=").status == .ok, "empty means absent")
            try O311.expectError(try await O311.get(app, "/services.json?jurisdiction_id=x"), .notFound, json: true)
        }
    }

    @Test("requests.{xml,json}: every case but restricted ones, the spec's fields, masked, nothing personal", arguments: TestDatabase.available)
    func requests(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let agency = try await O311.agency(app)
            let received = try await O311.makeCase(app, content: "Tôi là Nguyễn Thị Hoa, số 0912 345 678. Ổ gà trước nhà số 12 rất sâu.")
            let forwarded = try await O311.makeCase(app, content: "Tôi là Trần Văn Bình, gọi 0987 654 321. Nắp hố ga bị vỡ trên đường Lê Duẩn.",
                                                    name: "Trần Văn Bình", phone: "0987 654 321", email: nil)
            try await O311.forward(app, forwarded, to: agency)
            let published = try await O311.makeCase(app, content: "Đèn tín hiệu ở ngã tư Nguyễn Huệ không hoạt động, ông Lê Văn Cường báo.",
                                                    name: "Lê Văn Cường", phone: "0905 111 222", email: "cuong@example.com")
            try await O311.publish(app, published, agency: agency, answer: "Đã sửa đèn tín hiệu cho ông Lê Văn Cường (0905 111 222).")
            let restricted = try await O311.makeCase(app, content: "Tố cáo cán bộ phường nhận tiền của người dân khi làm hồ sơ đất.",
                                                     name: "Phạm Thị Dung", phone: "0933 444 555", email: nil)
            try await O311.move(app, restricted, .referToComplaintProcedure, O311.operatorActing)

            let response = try await O311.get(app, "/requests.xml")
            let text = response.body.string
            for secret in ["Nguyễn Thị Hoa", "0912 345 678", "hoa.nguyen@example.com", "Trần Văn Bình", "0987 654 321",
                           "Lê Văn Cường", "0905 111 222", "cuong@example.com", "Phạm Thị Dung", "Tố cáo", restricted.trackingCode] {
                #expect(!text.contains(secret), "\(secret) must not appear")
            }
            let root = try O311.xml(response)
            #expect(root.name == "service_requests")
            let items = root.all("request")
            #expect(items.count == 3 && root.children.count == 3)
            for item in items {
                #expect(item.childNames == Self.requestFields)
                #expect(TrackingCode(digits: item["service_request_id"]!.text) != nil)
                #expect(["open", "closed"].contains(item["status"]!.text))
                #expect(item["requested_datetime"]!.text.range(of: O311.datetimePattern, options: .regularExpression) != nil)
                #expect(item["updated_datetime"]!.text.range(of: O311.datetimePattern, options: .regularExpression) != nil)
                // Never exact coordinates: none before publication, 3 decimals (about 100 m) after (issue 11 item 3).
                let published = item["service_request_id"]!.text == published.trackingCode
                #expect(item["lat"]!.text == (published ? "13.777" : "") && item["long"]!.text == (published ? "109.224" : ""))
                // The address is the commune only: no street, no house number, before or after publication.
                #expect(item["address"]?.text == "Phường Quy Nhơn")
                #expect(item["service_code"]?.text == "su_co_duong" && item["service_name"]?.text == "Đường hư hỏng – ổ gà")
            }
            func item(_ r: ServiceRequestRecord) -> XMLTree? { items.first { $0["service_request_id"]?.text == r.trackingCode } }
            // In triage: no text yet (it may still turn out to be a khiếu nại / tố cáo).
            #expect(item(received)?["status"]?.text == "open")
            #expect(item(received)?["description"]?.text == "")
            #expect(item(received)?["agency_responsible"]?.text == "")
            #expect(item(received)?["expected_datetime"]?.text == "")
            // With an agency, before publication: the lead agency, the due date and the status in words; no text
            // (nothing is reviewed before publication).
            let f = try #require(item(forwarded))
            #expect(f["description"]?.text == "")
            #expect(f["agency_responsible"]?.text == "Sở Xây dựng")
            #expect(f["expected_datetime"]!.text.range(of: O311.datetimePattern, options: .regularExpression) != nil)
            #expect(f["status_notes"]?.text == "Chuyển xử lý")
            // Published: the masked public copy, closed.
            let p = try #require(item(published))
            #expect(p["status"]?.text == "closed")
            let publishedRecord = try #require(try await ServiceRequestRecord.find(published.id, on: app.db))
            #expect(p["description"]?.text == publishedRecord.publicDescription)
            #expect(p["status_notes"]?.text == publishedRecord.publicAnswer)
            #expect(!text.contains("Lê Duẩn"), "an unpublished text never appears")

            let json = try O311.jsonArray(try await O311.get(app, "/requests.json"))
            #expect(json.count == 3)
            for entry in json {
                #expect(Set(entry.keys) == Set(Self.requestFields))
                #expect(entry["service_request_id"] is String, "ids are strings")
                let isPublished = entry["service_request_id"] as? String == published.trackingCode
                #expect(isPublished ? entry["lat"] as? Double == 13.777 && entry["long"] as? Double == 109.224
                                    : entry["lat"] is NSNull && entry["long"] is NSNull)
            }
            let r = try #require(json.first { $0["service_request_id"] as? String == received.trackingCode })
            #expect(r["description"] is NSNull && r["expected_datetime"] is NSNull)

            // Filters.
            let byIDs = try O311.xml(try await O311.get(app, "/requests.xml?service_request_id=\(received.trackingCode),\(TrackingCode(digits: published.trackingCode)!.formatted),\(restricted.trackingCode)&service_code=dien"))
            #expect(Set(byIDs.all("request").map { $0["service_request_id"]!.text }) == [received.trackingCode, published.trackingCode], "ids override every other filter; restricted stays hidden")
            #expect(try O311.xml(try await O311.get(app, "/requests.xml?service_code=dien,cap_nuoc")).all("request").isEmpty)
            #expect(try O311.xml(try await O311.get(app, "/requests.xml?service_code=dien,su_co_duong")).all("request").count == 3)
            #expect(try O311.jsonArray(try await O311.get(app, "/requests.json?status=closed")).map { $0["service_request_id"] as? String } == [published.trackingCode])
            #expect(try O311.jsonArray(try await O311.get(app, "/requests.json?status=open")).count == 2)
            #expect(try O311.jsonArray(try await O311.get(app, "/requests.json?status=open,closed")).count == 3)
            let page1 = try O311.jsonArray(try await O311.get(app, "/requests.json?page_size=2"))
            let page2 = try O311.jsonArray(try await O311.get(app, "/requests.json?page_size=2&page=2"))
            #expect(page1.count == 2 && page2.count == 1, "\(page1.count) \(page2.count)")
            #expect(Set((page1 + page2).compactMap { $0["service_request_id"] as? String }).count == 3)
            let past = try O311.jsonArray(try await O311.get(app, "/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-03-01T00:00:00Z"))
            #expect(past.isEmpty)
            let now = W3CDateTime.format(Date().addingTimeInterval(60))
            let recent = try O311.jsonArray(try await O311.get(app, "/requests.json?end_date=\(Browser.encode(now))"))
            #expect(recent.count == 3)

            // Bad parameters: 400, in the requested format.
            try O311.expectError(try await O311.get(app, "/requests.xml?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"), .badRequest)
            try O311.expectError(try await O311.get(app, "/requests.json?start_date=yesterday"), .badRequest, json: true)
            try O311.expectError(try await O311.get(app, "/requests.xml?start_date=2026-03-01T00:00:00Z&end_date=2026-02-01T00:00:00Z"), .badRequest)
            try O311.expectError(try await O311.get(app, "/requests.json?status=pending"), .badRequest, json: true)
            try O311.expectError(try await O311.get(app, "/requests.xml?page_size=501"), .badRequest)
            try O311.expectError(try await O311.get(app, "/requests.xml?page=0"), .badRequest)
            try O311.expectError(try await O311.get(app, "/requests.json?service_request_id=12345"), .badRequest, json: true)
            try O311.expectError(try await O311.get(app, "/requests.xml?jurisdiction_id=danang.gov.vn"), .notFound)
            #expect(try await O311.get(app, "/requests.xml?page_size=500").status == .ok)
        }
    }

    @Test("requests/{id}.{xml,json}: one case wrapped in a list; 404 for unknown, malformed and restricted ids", arguments: TestDatabase.available)
    func oneRequest(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let record = try await O311.makeCase(app, content: "Ổ gà sâu trên đường Trần Hưng Đạo gần bến xe, rất nguy hiểm.")
            let root = try O311.xml(try await O311.get(app, "/requests/\(record.trackingCode).xml"))
            #expect(root.name == "service_requests" && root.childNames == ["request"])
            #expect(root["request"]?.childNames == Self.requestFields)
            #expect(root["request"]?["service_request_id"]?.text == record.trackingCode)
            #expect(root["request"]?["status"]?.text == "open")
            let json = try O311.jsonArray(try await O311.get(app, "/requests/\(record.trackingCode).json"))
            #expect(json.count == 1 && json[0]["service_request_id"] as? String == record.trackingCode)

            try O311.expectError(try await O311.get(app, "/requests/1234567890.xml"), .notFound)
            try O311.expectError(try await O311.get(app, "/requests/\(TrackingCode.generate().digits).xml"), .notFound)
            try O311.expectError(try await O311.get(app, "/requests/abc.json"), .notFound, json: true)
            try O311.expectError(try await O311.get(app, "/requests/\(record.trackingCode).html"), .notFound)
            try O311.expectError(try await O311.get(app, "/requests/\(record.trackingCode).xml?jurisdiction_id=other"), .notFound)
            try await O311.move(app, record, .referToComplaintProcedure, O311.operatorActing)
            try O311.expectError(try await O311.get(app, "/requests/\(record.trackingCode).xml"), .notFound)
            try O311.expectError(try await O311.get(app, "/requests/\(record.trackingCode).json"), .notFound, json: true)
        }
    }

    @Test("tokens/{token}.{xml,json}: realtime services issue no tokens, so 404; unknown resources 404 in the spec's shape", arguments: TestDatabase.available)
    func tokensAndUnknown(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            try O311.expectError(try await O311.get(app, "/tokens/abc123.xml"), .notFound)
            try O311.expectError(try await O311.get(app, "/tokens/abc123.json"), .notFound, json: true)
            try O311.expectError(try await O311.get(app, "/tokens/abc123.xml?jurisdiction_id=other"), .notFound)
            try O311.expectError(try await O311.get(app, "/nothing.xml"), .notFound)
            try O311.expectError(try await O311.get(app, "/nothing.json"), .notFound, json: true)
            try O311.expectError(try await O311.get(app, "/services"), .notFound)
            try O311.expectError(try await O311.get(app, "/services.html"), .notFound)
        }
    }

    @Test("servicerequestupdates.{xml,json} (GET): public events of unrestricted cases in the window; 400 for bad dates", arguments: TestDatabase.available)
    func updatesList(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let agency = try await O311.agency(app)
            let open = try await O311.makeCase(app, content: "Cây đổ chắn ngang đường Phạm Văn Đồng sau mưa lớn đêm qua.")
            try await O311.forward(app, open, to: agency)
            let hidden = try await O311.makeCase(app, content: "Tố cáo cán bộ địa chính phường nhận hối lộ của người dân.")
            try await O311.move(app, hidden, .referToComplaintProcedure, O311.operatorActing)

            let root = try O311.xml(try await O311.get(app, "/servicerequestupdates.xml"))
            #expect(root.name == "service_request_updates")
            let updates = root.all("request_update")
            #expect(updates.map { $0["service_request_id"]!.text } == [open.trackingCode, open.trackingCode])
            for update in updates {
                #expect(update.childNames == ["update_id", "service_request_id", "status", "updated_datetime", "description", "media_url"])
                #expect(update["updated_datetime"]!.text.range(of: O311.datetimePattern, options: .regularExpression) != nil)
            }
            #expect(updates.map { $0["status"]!.text } == ["open", "investigating"])
            // Nothing is published yet: no text in any update (staff notes are never shown).
            #expect(updates.allSatisfy { $0["description"]!.text.isEmpty })
            let json = try O311.jsonArray(try await O311.get(app, "/servicerequestupdates.json"))
            #expect(json.count == 2 && json.allSatisfy { $0["update_id"] is String })
            let old = try O311.jsonArray(try await O311.get(app, "/servicerequestupdates.json?start_date=2020-01-01T00:00:00Z&end_date=2020-01-02T00:00:00Z"))
            #expect(old.isEmpty)
            try O311.expectError(try await O311.get(app, "/servicerequestupdates.xml?start_date=nope"), .badRequest)
            try O311.expectError(try await O311.get(app, "/servicerequestupdates.json?start_date=2020-01-01T00:00:00Z&end_date=2021-01-01T00:00:00Z"), .badRequest, json: true)
            try O311.expectError(try await O311.get(app, "/servicerequestupdates.xml?api_key=wrong"), .forbidden)
            let key = try await O311.key(app)
            #expect(try await O311.get(app, "/servicerequestupdates.xml?api_key=\(key)").status == .ok)
        }
    }
}
