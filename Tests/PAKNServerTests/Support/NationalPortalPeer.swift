import Foundation
import NIOConcurrencyHelpers
@testable import PAKNServer
import Vapor

/// A local HTTP server on 127.0.0.1 playing the national PAKN portal's receiving end (docs/national-portal-sync.md):
/// it records every POST and answers 200 `{"accepted": true}`, or, in order, the statuses a test scripted. Built as
/// `ProviderPeer` is, started by the test itself.
final class NationalPortalPeer: @unchecked Sendable {
    struct Recorded: Sendable {
        let path: String
        let headers: HTTPHeaders
        let body: [UInt8]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    static let path = "/api/pakn/sync"
    static let token = "portal-token-for-tests"

    let app: Application
    private(set) var port = 0
    private let recorded = NIOLockedValueBox<[Recorded]>([])
    private let scripted = NIOLockedValueBox<[HTTPResponseStatus]>([])

    var url: String { "http://127.0.0.1:\(port)\(Self.path)" }
    var requests: [Recorded] { recorded.withLockedValue { $0 } }

    private init(app: Application) { self.app = app }

    static func start() async throws -> NationalPortalPeer {
        let app = try await Application.make(.testing)
        let peer = NationalPortalPeer(app: app)
        app.on(.POST, "**", body: .collect(maxSize: "1mb")) { req async throws -> Response in
            let entry = Recorded(path: req.url.path, headers: req.headers, body: req.body.data.map { Array($0.readableBytesView) } ?? [])
            peer.recorded.withLockedValue { $0.append(entry) }
            let status = peer.scripted.withLockedValue { $0.isEmpty ? HTTPResponseStatus.ok : $0.removeFirst() }
            let body = status == .ok ? #"{"accepted":true}"# : #"{"error":"scripted \#(status.code)"}"#
            return Response(status: status, headers: ["Content-Type": "application/json"], body: .init(string: body))
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        peer.port = app.http.server.shared.localAddress?.port ?? 0
        return peer
    }

    /// Answers the next POSTs with these statuses, in order (then 200 again).
    func script(_ statuses: [HTTPResponseStatus]) { scripted.withLockedValue { $0 += statuses } }

    func stop() async {
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }
}
