import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor
import VaporTesting

/// `/api/v1`: the OpenAPI document against the registered routes, Idempotency-Key, ETag / If-None-Match,
/// pagination and filters of the staff list.
@Suite("REST API /api/v1: OpenAPI document, Idempotency-Key, ETag, staff filters")
struct APIInteroperabilityTests {
    static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    static func document() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: OpenAPIDocument.data) as? [String: Any])
    }

    @Test("the OpenAPI document lists exactly the /api/v1 routes the application registers, with their path parameters")
    func documentMatchesRoutes() async throws {
        let app = try await Application.make(.testing)
        do {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-openapi-\(UUID().uuidString)")
            try await configure(app, TestApp.baseConfiguration(dataDirectory: dir))
            var registered: [String: [String]] = [:]
            for route in app.routes.all {
                let path = route.path
                guard path.count >= 2, path[0] == .constant("api"), path[1] == .constant("v1") else { continue }
                // Zammad's CTI path for PBX scripts stays out of the OpenAPI document (issue 4 "Routes").
                if path.count >= 3, path[2] == .constant("cti") { continue }
                // The CORS preflight answer (APIWriteGuard) is no operation of the API.
                if route.method == .OPTIONS { continue }
                var parameters: [String] = []
                let text = "/" + path.map { component -> String in
                    switch component {
                    case .constant(let name): return name
                    case .parameter(let name): parameters.append(name); return "{\(name)}"
                    case .anything: return "*"
                    case .catchall: return "**"
                    }
                }.joined(separator: "/")
                registered["\(route.method.rawValue.lowercased()) \(text)"] = parameters
            }
            let doc = try Self.document()
            #expect(doc["openapi"] as? String == "3.1.0")
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            var documented: [String: [String]] = [:]
            for (path, item) in paths {
                for (method, operation) in item where Self.methods.contains(method) {
                    let parameters = ((operation as? [String: Any])?["parameters"] as? [[String: Any]] ?? [])
                        .filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String }
                    documented["\(method) \(path)"] = parameters
                }
            }
            #expect(Set(registered.keys).subtracting(documented.keys).sorted() == [], "routes missing from openapi.json")
            #expect(Set(documented.keys).subtracting(registered.keys).sorted() == [], "documented operations without a route")
            for (key, parameters) in registered {
                #expect(Set(documented[key] ?? parameters) == Set(parameters), "path parameters of \(key)")
            }
            // Every $ref points at a schema that exists.
            let schemas = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let text = String(decoding: OpenAPIDocument.data, as: UTF8.self)
            var refs = Set<String>()
            var rest = text[...]
            while let range = rest.range(of: "#/components/schemas/") {
                let name = rest[range.upperBound...].prefix { $0 != "\"" }
                refs.insert(String(name))
                rest = rest[range.upperBound...]
            }
            #expect(refs.subtracting(schemas.keys).isEmpty, "unresolved $ref: \(refs.subtracting(schemas.keys))")
            try await app.asyncShutdown()
            try? FileManager.default.removeItem(at: dir)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    @Test("GET /api/v1/openapi.json serves the document", arguments: TestDatabase.available)
    func served(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let response = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.subType == "json")
            #expect(Data(buffer: response.body) == OpenAPIDocument.data)
        }
    }

    static func createBody(_ commune: String, title: String = "Đề nghị lắp đèn đường") throws -> ByteBuffer {
        ByteBuffer(data: try JSONSerialization.data(withJSONObject: [
            "kind": "kien_nghi", "title": title, "description": "Đường Nguyễn Huệ đoạn gần trường học không có đèn, buổi tối rất tối.",
            "service_code": "chieu_sang", "commune_code": commune, "full_name": "Phạm Văn Đức", "email": "duc@example.com", "consent": true,
        ]))
    }

    static func post(_ app: Application, key: String?, body: ByteBuffer) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        if let key { headers.replaceOrAdd(name: "Idempotency-Key", value: key) }
        return try await app.testing().sendRequest(.POST, "/api/v1/requests", headers: headers, body: body)
    }

    @Test("Idempotency-Key: ten retries of one create make one request and return the first response", arguments: TestDatabase.available)
    func idempotentCreate(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            let body = try Self.createBody(commune)
            let key = UUID().uuidString
            var bodies: [String] = []
            for attempt in 0..<10 {
                let response = try await Self.post(app, key: key, body: body)
                #expect(response.status == .created)
                #expect(response.headers.first(name: "Idempotency-Key") == key)
                #expect(response.headers.first(name: "Idempotent-Replayed") == (attempt == 0 ? nil : "true"))
                bodies.append(response.body.string)
            }
            #expect(Set(bodies).count == 1, "every retry returns the first body")
            #expect(try await Fixtures.count(ServiceRequestRecord.self, on: app.db) == 1)
            #expect(try await Fixtures.count(IdempotencyRecord.self, on: app.db) == 1)

            // The same key with another body: 422; a malformed key: 400; both create nothing.
            let other = try await Self.post(app, key: key, body: try Self.createBody(commune, title: "Đề nghị khác hẳn"))
            #expect(other.status == .unprocessableEntity)
            #expect(try APITests.decode(other)["error"].flatMap { ($0 as? [String: Any])?["code"] as? String } == "idempotency_key_reused")
            #expect(try await Self.post(app, key: String(repeating: "k", count: 256), body: body).status == .badRequest)
            #expect(try await Self.post(app, key: "có dấu", body: body).status == .badRequest)
            #expect(try await Fixtures.count(ServiceRequestRecord.self, on: app.db) == 1)

            // A refused create keeps nothing under its key: corrected, the same key creates.
            let fresh = UUID().uuidString
            #expect(try await Self.post(app, key: fresh, body: try Self.createBody("00000")).status == .unprocessableEntity)
            #expect(try await Self.post(app, key: fresh, body: body).status == .created)
            // Without a key every POST creates.
            #expect(try await Self.post(app, key: nil, body: body).status == .created)
            #expect(try await Self.post(app, key: nil, body: body).status == .created)
            #expect(try await Fixtures.count(ServiceRequestRecord.self, on: app.db) == 4)
        }
    }

    @Test("Idempotency-Key: ten concurrent retries still make one request", arguments: TestDatabase.available)
    func concurrentRetries(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            let body = try Self.createBody(commune)
            let key = UUID().uuidString
            let responses = try await withThrowingTaskGroup(of: (HTTPResponseStatus, String).self) { group in
                for _ in 0..<10 { group.addTask { let r = try await Self.post(app, key: key, body: body); return (r.status, r.body.string) } }
                var all: [(HTTPResponseStatus, String)] = []
                for try await response in group { all.append(response) }
                return all
            }
            #expect(responses.allSatisfy { $0.0 == .created }, "\(responses.map(\.0))")
            #expect(Set(responses.map(\.1)).count == 1, "a retry waits for the first and gets its response")
            #expect(try await Fixtures.count(ServiceRequestRecord.self, on: app.db) == 1)
            #expect(try await Self.post(app, key: key, body: body).status == .created, "once finished, a retry gets the first response")
            #expect(try await Fixtures.count(ServiceRequestRecord.self, on: app.db) == 1)
        }
    }

    @Test("ETag and If-None-Match on reads: 304 while unchanged, a new tag after a change", arguments: TestDatabase.available)
    func etags(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let first = try await app.testing().sendRequest(.GET, "/api/v1/services")
            let tag = try #require(first.headers.first(name: .eTag))
            #expect(tag.range(of: #"^W/"[0-9a-f]{32}"$"#, options: .regularExpression) != nil)
            #expect(first.headers.first(name: .cacheControl) == "no-cache")
            for header in [tag, String(tag.dropFirst(2)), "\"other\", \(tag)", "*"] {
                let again = try await app.testing().sendRequest(.GET, "/api/v1/services", headers: ["If-None-Match": header])
                #expect(again.status == .notModified, "If-None-Match: \(header)")
                #expect(again.body.readableBytes == 0 && again.headers.first(name: .eTag) == tag)
            }
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/services", headers: ["If-None-Match": "\"stale\""]).status == .ok)

            // A change makes a new tag.
            let service = try #require(try await Service.find("dien", on: app.db))
            service.name = "Điện sinh hoạt"
            try await service.save(on: app.db)
            let changed = try await app.testing().sendRequest(.GET, "/api/v1/services", headers: ["If-None-Match": tag])
            #expect(changed.status == .ok && changed.headers.first(name: .eTag) != tag)
            // Errors and writes carry no tag.
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/requests/123").headers.first(name: .eTag) == nil)
        }
    }

    @Test("GET /api/v1/staff/requests: pagination and filters by status, agency, field, commune and dates; 400 for bad filters", arguments: TestDatabase.available)
    func staffFilters(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, other) = try await WorkflowFlowTests.staff(on: app)
            let a = try await O311.makeCase(app, content: "Ổ gà sâu trên đường Trần Hưng Đạo gần bến xe, rất nguy hiểm.",
                                            now: Date().addingTimeInterval(-10 * 86_400))
            let b = try await O311.makeCase(app, content: "Nắp hố ga bị vỡ trên đường Lê Duẩn trước trường học.", service: "su_co_ho_ga")
            let c = try await O311.makeCase(app, content: "Bệnh viện tỉnh thu tiền khám không đúng quy định.", service: "y_te")
            try await O311.forward(app, a, to: agency)
            try await O311.forward(app, c, to: other)
            let (h, tb) = try APITests.json(["email": "co@t.vn", "password": TestApp.demoPassword])
            let token = try #require(try APITests.decode(try await app.testing().sendRequest(.POST, "/api/v1/auth/token", headers: h, body: tb))["token"] as? String)
            func list(_ query: String) async throws -> (status: HTTPResponseStatus, ids: [String], total: Int?, pageSize: Int?) {
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: token)
                let response = try await app.testing().sendRequest(.GET, "/api/v1/staff/requests?\(query)", headers: headers)
                let body = try APITests.decode(response)
                let items = body["items"] as? [[String: Any]] ?? []
                return (response.status, items.compactMap { $0["tracking_code"] as? String }, body["total"] as? Int, body["page_size"] as? Int)
            }
            #expect(Set(try await list("").ids) == [a.trackingCode, b.trackingCode, c.trackingCode])
            #expect(try await list("agency_id=\(agency.id!.uuidString)").ids == [a.trackingCode])
            #expect(try await list("service_code=su_co_ho_ga").ids == [b.trackingCode])
            #expect(try await list("status=forwarded").ids.count == 2)
            #expect(try await list("status=received").ids == [b.trackingCode])
            let today = W3CDateTime.format(Date()).prefix(10)
            #expect(Set(try await list("from=\(today)").ids) == [b.trackingCode, c.trackingCode])
            #expect(try await list("to=\(W3CDateTime.format(Date().addingTimeInterval(-5 * 86_400)).prefix(10))").ids == [a.trackingCode])
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            #expect(try await list("commune_code=\(commune)").ids.count == 3)
            let page1 = try await list("page_size=2")
            let page2 = try await list("page_size=2&page=2")
            #expect(page1.ids.count == 2 && page1.total == 3 && page1.pageSize == 2, "a page holds page_size items, not one more")
            #expect(page2.ids.count == 1 && Set(page1.ids + page2.ids).count == 3)
            for bad in ["agency_id=xyz", "from=2026-13-01", "to=yesterday", "page_size=0", "page_size=101", "page=0", "status=nonsense", "channel=fax", "urgency=x"] {
                #expect(try await list(bad).status == .badRequest, "\(bad)")
            }
            // The published list holds page_size items too.
            let published = try APITests.decode(try await app.testing().sendRequest(.GET, "/api/v1/requests?page_size=1"))
            #expect((published["items"] as? [Any])?.count ?? 0 <= 1)
        }
    }
}
