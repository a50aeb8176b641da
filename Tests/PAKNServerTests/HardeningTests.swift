import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor
import VaporTesting

/// Headers on every response, readiness, the JSON API's writes, and what reaches the access log (issue 11
/// items 10–12).
@Suite("Hardening")
struct HardeningTests {
    static let headersOnEveryResponse = ["X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Content-Security-Policy"]

    @Test("every response, errors included, carries the security headers; HSTS only over https")
    func securityHeaders() async throws {
        try await TestApp.with(.sqlite, modify: { $0.publicURL = "https://phananh.gialai.gov.vn" }) { app in
            let browser = Browser(app)
            for (path, status) in [("/", HTTPStatus.ok), ("/khong-co-trang-nay", .notFound), ("/api/v1/requests/123", .badRequest),
                                   ("/api/v1/staff/requests", .unauthorized), ("/cong-khai?trang=abc", .badRequest),
                                   ("/api/v1/requests?page=0", .badRequest), ("/open311/v2/requests/1.json", .notFound)] {
                let response = try await browser.get(path)
                #expect(response.status == status, "\(path)")
                for name in Self.headersOnEveryResponse {
                    #expect(response.headers.first(name: name) != nil, "\(name) missing on \(path) (\(response.status))")
                }
                #expect(response.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
                #expect(response.headers.first(name: "Strict-Transport-Security") == "max-age=31536000; includeSubDomains")
            }
        }
        try await TestApp.with(.sqlite) { app in
            // http (the default PAKN_PUBLIC_URL): no HSTS, which would lock a plain-http install out.
            let plain = try await Browser(app).get("/")
            #expect(plain.headers.first(name: "Strict-Transport-Security") == nil)
        }
    }

    @Test("/healthz is liveness; /readyz is 200 with a database and a writable data directory, else 503")
    func readiness() async throws {
        try await TestApp.with(.sqlite) { app in
            let ready = try await app.testing().sendRequest(.GET, "/readyz")
            #expect(ready.status == .ok)
            #expect(ready.body.string == #"{"checks":{"data_directory":"ok","database":"ok","metadata_tools":"ok"},"status":"ready"}"#)
        }
        // A PostgreSQL that is not there (nothing listens on port 1) and a data directory that is a file.
        let app = try await Application.make(.testing)
        do {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-readyz-\(UUID().uuidString)")
            try await configure(app, TestApp.baseConfiguration(dataDirectory: dir).with { $0.databaseURL = "postgres://pakn@127.0.0.1:1/pakn" })
            #expect(try await app.testing().sendRequest(.GET, "/healthz").status == .ok)
            let down = try await app.testing().sendRequest(.GET, "/readyz")
            #expect(down.status == .serviceUnavailable)
            #expect(down.body.string.contains(#""database":"failed""#))
            #expect(down.body.string.contains(#""data_directory":"ok""#))
            try FileManager.default.removeItem(at: dir)
            try Data("not a folder".utf8).write(to: dir)
            #expect(try await app.testing().sendRequest(.GET, "/readyz").body.string.contains(#""data_directory":"failed""#))
            try? FileManager.default.removeItem(at: dir)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test("the JSON API takes only JSON for writes, and browser writes only from allowed origins", arguments: TestDatabase.available)
    func apiWrites(_ database: TestDatabase) async throws {
        try await TestApp.with(database, modify: { $0.corsOrigins = ["https://app.gialai.gov.vn"] }) { app in
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            let fields: [String: Any] = ["kind": "phan_anh", "title": "Đèn đường hỏng", "description": "Đèn đường trước số 5 hỏng.",
                                         "commune_code": commune, "full_name": "Lê Văn Tâm", "phone": "0905111222", "consent": true]
            func post(_ contentType: HTTPMediaType?, body: String, origin: String? = nil) async throws -> TestingHTTPResponse {
                var headers = HTTPHeaders()
                if let contentType { headers.contentType = contentType }
                if let origin { headers.replaceOrAdd(name: .origin, value: origin) }
                return try await app.testing().sendRequest(.POST, "/api/v1/requests", headers: headers, body: ByteBuffer(string: body))
            }
            // The attack of the report: a plain HTML form on another site posting form data.
            let form = fields.map { "\($0.key)=\("\($0.value)".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&")
            let formPost = try await post(.urlEncodedForm, body: form, origin: "https://evil.example")
            #expect(formPost.status == .forbidden)
            #expect(try await post(.urlEncodedForm, body: form).status == .unsupportedMediaType)
            #expect(try await post(.plainText, body: String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)).status == .unsupportedMediaType)
            #expect(try await ServiceRequestRecord.query(on: app.db).count() == 0)
            let json = String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
            // JSON from another site's page: refused; from an allowed origin, from our own site, and with no Origin
            // (a server-to-server client): created.
            #expect(try await post(.json, body: json, origin: "https://evil.example").status == .forbidden)
            let allowed = try await post(.json, body: json, origin: "https://app.gialai.gov.vn")
            #expect(allowed.status == .created)
            #expect(allowed.headers.first(name: .accessControlAllowOrigin) == "https://app.gialai.gov.vn")
            #expect(try await post(.json, body: json, origin: "http://127.0.0.1:8080").status == .created)
            #expect(try await post(.json, body: json).status == .created)
            #expect(try await ServiceRequestRecord.query(on: app.db).count() == 3)
            // Media types compare case-blind; an allowed origin can read an error's body (CORS headers on errors too).
            #expect(try await post(HTTPMediaType(type: "Application", subType: "JSON"), body: json).status == .created)
            let invalid = try await post(.json, body: "{}", origin: "https://app.gialai.gov.vn")
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.headers.first(name: .accessControlAllowOrigin) == "https://app.gialai.gov.vn")
            // Preflight: answered for an allowed origin only. Reads stay open.
            var preflight = HTTPHeaders()
            preflight.replaceOrAdd(name: .origin, value: "https://app.gialai.gov.vn")
            preflight.replaceOrAdd(name: .accessControlRequestMethod, value: "POST")
            #expect(try await app.testing().sendRequest(.OPTIONS, "/api/v1/requests", headers: preflight).status == .noContent)
            preflight.replaceOrAdd(name: .origin, value: "https://evil.example")
            #expect(try await app.testing().sendRequest(.OPTIONS, "/api/v1/requests", headers: preflight).status == .forbidden)
            // A read's preflight (a bearer token, If-None-Match) is answered for any origin.
            preflight.replaceOrAdd(name: .accessControlRequestMethod, value: "GET")
            let readPreflight = try await app.testing().sendRequest(.OPTIONS, "/api/v1/staff/requests", headers: preflight)
            #expect(readPreflight.status == .noContent && readPreflight.headers.first(name: .accessControlAllowOrigin) == "*")
            var read = HTTPHeaders(); read.replaceOrAdd(name: .origin, value: "https://evil.example")
            let list = try await app.testing().sendRequest(.GET, "/api/v1/requests", headers: read)
            #expect(list.status == .ok)
            #expect(list.headers.first(name: .accessControlAllowOrigin) == "*")
        }
    }

    @Test("the client address: the TCP peer, or behind a trusted proxy the address it forwards for")
    func clientAddress() {
        let proxies = AddressRange.list("10.0.0.5/32, 127.0.0.1").ranges
        func resolve(_ peer: String, _ headers: [(String, String)]) -> String? {
            ClientAddress.resolve(peer: peer, headers: HTTPHeaders(headers), trustedProxies: proxies)
        }
        // Not from a trusted proxy: the headers are a client's word and are ignored.
        #expect(resolve("203.0.113.7", [("X-Forwarded-For", "1.2.3.4")]) == "203.0.113.7")
        // From nginx: the client it names; a client's own forged entry further left is not believed.
        #expect(resolve("10.0.0.5", [("X-Forwarded-For", "1.2.3.4, 113.160.92.10")]) == "113.160.92.10")
        #expect(resolve("10.0.0.5", [("X-Forwarded-For", "113.160.92.10, 127.0.0.1")]) == "113.160.92.10")
        // RFC 7239 Forwarded wins over X-Forwarded-For; quoted IPv6 with a port.
        #expect(resolve("127.0.0.1", [("Forwarded", #"for="[2001:db8:cafe::17]:4711";proto=https"#), ("X-Forwarded-For", "9.9.9.9")])
                == IPAddress("2001:db8:cafe::17")?.description)
        #expect(resolve("127.0.0.1", [("Forwarded", "for=113.160.92.10:5000, for=10.0.0.5")]) == "113.160.92.10")
        // Nothing forwarded, or garbage: the proxy itself (limits then apply to it, never to a forged address).
        #expect(resolve("10.0.0.5", []) == "10.0.0.5")
        #expect(resolve("10.0.0.5", [("X-Forwarded-For", "not-an-ip")]) == "10.0.0.5")
        // Without PAKN_TRUSTED_PROXIES nobody is trusted.
        #expect(ClientAddress.resolve(peer: "127.0.0.1", headers: HTTPHeaders([("X-Forwarded-For", "1.2.3.4")]), trustedProxies: []) == "127.0.0.1")
    }

    @Test("failed logins slow down, growing, per account and per address, and never lock out")
    func loginSlowdown() async throws {
        let throttle = LoginThrottle()
        #expect((0...8).map(throttle.delay(afterFailures:)) == [0, 0, 0, 1, 2, 4, 8, 16, 30])
        #expect(throttle.delay(afterFailures: 10_000) == 30)
        #expect(LoginThrottle(maximum: 0).delay(afterFailures: 50) == 0)
        #expect(AppConfiguration.fromEnvironment(["PAKN_LOGIN_DELAY_MAX_SECONDS": "0"]).loginThrottle.maximum == 0)
        try await TestApp.with(.sqlite) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let browser = Browser(app)
            for _ in 0..<4 {
                try await browser.get("/dang-nhap")
                #expect(try await browser.post("/dang-nhap", [("email", "co@t.vn"), ("password", "sai-mat-khau")]).status == .unauthorized)
            }
            // Four failures recorded for the account and the address: the right password still signs in (after the
            // delay), where the old limit answered 429 to everyone behind the address.
            #expect(await app.rateLimiter.count("login-account:co@t.vn", window: 900) == 4)
            try await browser.login("co@t.vn", TestApp.demoPassword)
            #expect(try await browser.get("/quan-tri").status == .ok)
        }
    }

    @Test("the access log keeps no secret and no forged line")
    func logRedaction() {
        // The CTI token in the path; secrets, personal values and anything unknown in the query; codes and phones
        // in paths.
        #expect(LogRedaction.target(URI(string: "/api/v1/cti/s3cr3t-token")) == "/api/v1/cti/[redacted]")
        #expect(LogRedaction.target(URI(string: "/webhooks/messenger?hub.mode=subscribe&hub.verify_token=abc&hub.challenge=42"))
                == "/webhooks/messenger?hub.mode=subscribe&hub.verify_token=[redacted]&hub.challenge=42")
        #expect(LogRedaction.target(URI(string: "/tra-cuu?ma=1234567890")) == "/tra-cuu?ma=[redacted]")
        #expect(LogRedaction.target(URI(string: "/open311/v2/requests.json?api_key=k&page=2")) == "/open311/v2/requests.json?api_key=[redacted]&page=2")
        // eSMS's inbound SMS is a GET: the sender's number and the citizen's text never reach the log.
        #expect(LogRedaction.target(URI(string: "/webhooks/sms?sender=84905123456&content=Toi%20la%20An&phonenumber=0905123456&sign=ab"))
                == "/webhooks/sms?sender=[redacted]&content=[redacted]&phonenumber=[redacted]&sign=[redacted]")
        #expect(LogRedaction.target(URI(string: "/api/v1/requests/1234567890/rating")) == "/api/v1/requests/[số]/rating")
        #expect(LogRedaction.target(URI(string: "/open311/v2/requests/1234567890.json")) == "/open311/v2/requests/[số].json")
        // A newline (raw or percent-encoded) cannot start a second line.
        #expect(LogRedaction.escape("a%0AINFO forged") == "a\\u{A}INFO forged")
        #expect(LogRedaction.escape("x\r\ny\u{2028}z\u{85}") == "x\\u{D}\\u{A}y\\u{2028}z\\u{85}")
        #expect(!LogRedaction.target(URI(string: "/x%0D%0Ay?q=1%0Ab")).contains("\n"))
    }

    @Test("the CTI token may come in the X-CTI-Token header instead of the path")
    func ctiTokenHeader() async throws {
        try await TestApp.with(.sqlite, modify: { $0.channels.ctiToken = "cti-secret-2026" }) { app in
            let event = #"{"event":"newCall","direction":"in","from":"0905123456","to":"1022","callId":"h-1","user":[]}"#
            var headers = HTTPHeaders(); headers.contentType = .json
            let refused = try await app.testing().sendRequest(.POST, "/api/v1/cti", headers: headers, body: ByteBuffer(string: event))
            #expect(refused.status == .unauthorized)
            headers.replaceOrAdd(name: CTIController.tokenHeader, value: "cti-secret-2026")
            let accepted = try await app.testing().sendRequest(.POST, "/api/v1/cti", headers: headers, body: ByteBuffer(string: event))
            #expect(accepted.status == .ok)
            let calls = try await CallRecord.query(on: app.db).filter(\.$callID == "h-1").count()
            #expect(calls == 1)
        }
    }
}

extension AppConfiguration {
    /// A copy changed by `change` (tests).
    func with(_ change: (inout AppConfiguration) -> Void) -> AppConfiguration {
        var copy = self
        change(&copy)
        return copy
    }
}
