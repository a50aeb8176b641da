import Foundation
import NIOHTTP1
@testable import PAKNServer
import Testing
import Vapor
import VaporTesting

/// A minimal client for HTML flows: keeps the session cookie, reads the CSRF token from the last page,
/// posts forms (url-encoded or multipart) the way a browser does.
final class Browser: @unchecked Sendable {
    let app: Application
    /// In memory (the default) or through a real HTTP connection, where bodies arrive in chunks.
    let method: Application.Method
    private(set) var cookie: String?
    private(set) var lastHTML = ""

    init(_ app: Application, method: Application.Method = .inMemory) { self.app = app; self.method = method }

    var csrf: String? {
        guard let range = lastHTML.range(of: #"name="_csrf" value="([^"]+)""#, options: .regularExpression) else { return nil }
        let match = String(lastHTML[range])
        return match.split(separator: "\"").dropFirst(3).first.map(String.init)
    }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let cookie { headers.add(name: .cookie, value: cookie) }
        let response = try await app.testing(method: method).sendRequest(.GET, path, headers: headers)
        remember(response)
        return response
    }

    /// Posts url-encoded fields; adds the CSRF token of the last page unless `csrf: false`.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], csrf: Bool = true) async throws -> TestingHTTPResponse {
        var all = fields
        if csrf, let token = self.csrf { all.append(("_csrf", token)) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        if let cookie { headers.add(name: .cookie, value: cookie) }
        let response = try await app.testing(method: method).sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    /// Posts multipart/form-data with files `(field, filename, contentType, bytes)`.
    @discardableResult
    func postMultipart(_ path: String, _ fields: [(String, String)], files: [(String, String, String, Data)] = [], csrf: Bool = true) async throws -> TestingHTTPResponse {
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
        let response = try await app.testing(method: method).sendRequest(.POST, path, headers: headers, body: ByteBuffer(data: body))
        remember(response)
        return response
    }

    func login(_ email: String, _ password: String) async throws {
        try await get("/dang-nhap")
        let response = try await post("/dang-nhap", [("email", email), ("password", password)])
        #expect(response.status == .seeOther, "login of \(email) failed: \(response.status)")
    }

    private func remember(_ response: TestingHTTPResponse) {
        if let setCookie = response.headers.first(name: .setCookie), let pair = setCookie.split(separator: ";").first {
            cookie = String(pair)
        }
        lastHTML = response.body.string
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}
