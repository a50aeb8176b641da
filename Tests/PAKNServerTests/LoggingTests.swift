import Foundation
import Logging
import NIOConcurrencyHelpers
@testable import PAKNServer
import Testing
import Vapor
import VaporTesting

/// Logs a collector can read and a person can quote (issue 15 item 2).
@Suite("Logs")
struct LoggingTests {
    @Test("JSON lines: one object per line even for a message with a newline, sorted keys, the request id in the metadata")
    func jsonLines() throws {
        let lines = NIOLockedValueBox<[String]>([])
        var handler = JSONLogHandler(label: "codes.vapor.application") { line in lines.withLockedValue { $0.append(line) } }
        handler[metadataKey: "request-id"] = .string("A1B2")
        var logger = Logger(label: "codes.vapor.application") { _ in handler }
        logger.logLevel = .info
        logger.info("GET /tra-cuu → 200\nforged line", metadata: ["n": .stringConvertible(3)])
        logger.debug("not written at info")
        let written = lines.withLockedValue { $0 }
        #expect(written.count == 1)
        let line = try #require(written.first)
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["message"] as? String == "GET /tra-cuu → 200\nforged line")
        #expect(object["level"] as? String == "info")
        #expect((object["metadata"] as? [String: String]) == ["request-id": "A1B2", "n": "3"])
        #expect((object["time"] as? String)?.hasSuffix("Z") == true)
    }

    @Test("every answer carries its request id, and an error page shows it to quote")
    func requestID() async throws {
        try await TestApp.with(.sqlite) { app in
            let ok = try await app.testing().sendRequest(.GET, "/healthz")
            #expect(ok.headers.first(name: "X-Request-Id")?.isEmpty == false)
            let missing = try await app.testing().sendRequest(.GET, "/khong-co-trang-nay")
            #expect(missing.status == .notFound)
            let id = try #require(missing.headers.first(name: "X-Request-Id"))
            #expect(missing.body.string.contains(#"<code id="request-id">\#(id)</code>"#))
        }
    }
}
