import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
@testable import PAKNServer
import Testing
import Vapor
import VaporTesting

/// What a `Browser` got back: the status, headers and body of the answer.
struct BrowserResponse: Sendable {
    let status: HTTPStatus
    let headers: HTTPHeaders
    let body: ByteBuffer
}

/// A minimal client for HTML flows: keeps its cookies (the session's and the visitor's), reads the CSRF token from the last page,
/// posts forms (url-encoded or multipart) the way a browser does. In `.running` mode it talks to the application's
/// real HTTP server through AsyncHTTPClient with no deadline of its own (Vapor's tester gives up after 30 s, which a
/// busy machine can exceed): the test waits for the answer, not for a time.
final class Browser: @unchecked Sendable {
    let app: Application
    /// In memory (the default) or through a real HTTP connection, where bodies arrive in chunks.
    let method: Application.Method
    /// The cookies the site set, by name, in the order first set (a jar: a later `Set-Cookie` replaces one, an
    /// expired one removes it).
    private var jar: [(name: String, value: String)] = []
    /// The `Cookie` header this browser sends (nil without cookies).
    var cookie: String? { jar.isEmpty ? nil : jar.map { "\($0.name)=\($0.value)" }.joined(separator: "; ") }
    /// The value of one cookie.
    func cookie(named name: String) -> String? { jar.first { $0.name == name }?.value }
    /// Sets a cookie by hand (a test that alters or forges one).
    func setCookie(_ name: String, _ value: String?) {
        jar.removeAll { $0.name == name }
        if let value { jar.append((name, value)) }
    }
    private(set) var lastHTML = ""
    /// Follow the public form's redirect to its confirmation page (303 → GET), as a browser does; off to look at the
    /// redirect itself.
    var followsConfirmation = true

    init(_ app: Application, method: Application.Method = .inMemory) { self.app = app; self.method = method }

    var csrf: String? {
        guard let range = lastHTML.range(of: #"name="_csrf" value="([^"]+)""#, options: .regularExpression) else { return nil }
        let match = String(lastHTML[range])
        return match.split(separator: "\"").dropFirst(3).first.map(String.init)
    }

    @discardableResult
    func get(_ path: String) async throws -> BrowserResponse {
        var headers = HTTPHeaders()
        if let cookie { headers.add(name: .cookie, value: cookie) }
        let response = try await send(.GET, path, headers: headers, body: nil)
        remember(response)
        return response
    }

    /// Posts url-encoded fields; adds the CSRF token of the last page unless `csrf: false`.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], csrf: Bool = true) async throws -> BrowserResponse {
        var all = fields
        if csrf, let token = self.csrf { all.append(("_csrf", token)) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        if let cookie { headers.add(name: .cookie, value: cookie) }
        let response = try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return try await followed(response)
    }

    /// The confirmation page when `response` redirects to it and ``followsConfirmation`` is on; else `response`.
    private func followed(_ response: BrowserResponse) async throws -> BrowserResponse {
        guard followsConfirmation, response.status == .seeOther,
              let location = response.headers.first(name: .location), location.hasPrefix("/gui-phan-anh/da-gui") else { return response }
        return try await get(location)
    }

    /// Posts multipart/form-data with files `(field, filename, contentType, bytes)`.
    @discardableResult
    func postMultipart(_ path: String, _ fields: [(String, String)], files: [(String, String, String, Data)] = [], csrf: Bool = true) async throws -> BrowserResponse {
        var all = fields
        if csrf, let token = self.csrf { all.append(("_csrf", token)) }
        let boundary = "----pakn\(UUID().uuidString)"
        var body = Data()
        for (name, value) in all {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, filename, type, data) in files {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n".utf8)
            body += data
            body += Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        if let cookie { headers.add(name: .cookie, value: cookie) }
        let response = try await send(.POST, path, headers: headers, body: ByteBuffer(data: body))
        remember(response)
        return try await followed(response)
    }

    func login(_ email: String, _ password: String) async throws {
        try await get("/dang-nhap")
        let response = try await post("/dang-nhap", [("email", email), ("password", password)])
        #expect(response.status == .seeOther, "login of \(email) failed: \(response.status)")
    }

    /// Sends one request in memory, or over a real connection in `.running` mode (`LiveHTTP`).
    private func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> BrowserResponse {
        guard case .running = self.method else {
            let response = try await app.testing(method: self.method).sendRequest(method, path, headers: headers, body: body)
            return BrowserResponse(status: response.status, headers: response.headers, body: response.body)
        }
        return try await LiveHTTP.send(app, method, path, headers: headers, body: body)
    }

    private func remember(_ response: BrowserResponse) {
        for header in response.headers[.setCookie] {
            let attributes = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let pair = attributes.first, let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]), value = String(pair[pair.index(after: equals)...])
            let expired = attributes.dropFirst().contains { attribute in
                let lower = attribute.lowercased()
                return lower == "max-age=0" || (lower.hasPrefix("expires=") && lower.contains("1970"))
            }
            setCookie(name, expired ? nil : value)
        }
        lastHTML = response.body.string
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

/// Requests to the application's real HTTP server (started on the first request, on a free port of 127.0.0.1)
/// through AsyncHTTPClient, with no deadline of its own: Vapor's tester gives up after 30 s, which a busy machine
/// can exceed; a test waits for the answer, not for a time. Redirects are not followed (a test looks at them).
enum LiveHTTP {
    static let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                   configuration: .init(redirectConfiguration: .disallow))

    static func send(_ app: Application, _ method: HTTPMethod, _ path: String, headers: HTTPHeaders,
                     body: ByteBuffer?) async throws -> BrowserResponse {
        if app.http.server.shared.localAddress == nil {
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        }
        let port = app.http.server.shared.localAddress?.port ?? 0
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        request.headers = headers
        if let body { request.body = .bytes(body) }
        let response = try await client.execute(request, timeout: .hours(1))
        return BrowserResponse(status: response.status, headers: response.headers, body: try await response.body.collect(upTo: 64 << 20))
    }
}
