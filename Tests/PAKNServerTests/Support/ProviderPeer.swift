import Foundation
import NIOConcurrencyHelpers
import NIOCore
@testable import PAKNServer
import Vapor

/// A local HTTP server on 127.0.0.1 playing the providers with their documented request and response shapes
/// (channels.md §1.4 Zalo `message/cs`, §2.4 Messenger Send API, §5.1 eSMS send), started by the test itself.
/// By default it answers like a healthy provider (and enforces what the provider enforces: the Zalo `access_token`
/// header, the Messenger `access_token` query, eSMS's refusal of a repeated `RequestId` with 124); a test can queue
/// scripted answers per path.
final class ProviderPeer: @unchecked Sendable {
    struct Recorded: Sendable {
        let path: String
        let query: String?
        let headers: HTTPHeaders
        let body: [UInt8]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
    }

    static let zaloToken = "zalo-access-token"
    static let zaloAppSecret = "zalo-app-secret"
    static let firstRefreshToken = "refresh-1"
    static let pageToken = "page-access-token"

    let app: Application
    private(set) var port = 0
    private let recorded = NIOLockedValueBox<[Recorded]>([])
    private let scripted = NIOLockedValueBox<[String: [(HTTPResponseStatus, String)]]>([:])
    private let seenRequestIDs = NIOLockedValueBox<Set<String>>([])
    /// The Zalo access token `message/cs` accepts and the one refresh token `/v4/oa/access_token` accepts (single-use).
    private let zaloTokens = NIOLockedValueBox<(access: String, refresh: String, refreshes: Int)>((zaloToken, firstRefreshToken, 0))
    var zaloRefreshes: Int { zaloTokens.withLockedValue { $0.refreshes } }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Requests being answered now, and the most there were at once.
    private let inFlight = NIOLockedValueBox<(now: Int, most: Int)>((0, 0))
    var mostInFlight: Int { inFlight.withLockedValue { $0.most } }
    /// When set, each request is held until this many are in flight at once (or `gateDeadline` has passed): a test
    /// of concurrency waits for the requests to overlap, not for a time.
    private let gate = NIOLockedValueBox<Int?>(nil)
    let gateDeadline: Duration = .seconds(20)
    func holdUntilInFlight(_ count: Int?) { gate.withLockedValue { $0 = count } }

    private init(app: Application) { self.app = app }

    static func start() async throws -> ProviderPeer {
        let app = try await Application.make(.testing)
        let peer = ProviderPeer(app: app)
        app.on(.POST, "**", body: .collect(maxSize: "1mb")) { req async throws -> Response in
            peer.inFlight.withLockedValue { $0.now += 1; $0.most = max($0.most, $0.now) }
            if let wanted = peer.gate.withLockedValue({ $0 }) {
                let deadline = ContinuousClock.now.advanced(by: peer.gateDeadline)
                while peer.inFlight.withLockedValue({ $0.most }) < wanted, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            defer { peer.inFlight.withLockedValue { $0.now -= 1 } }
            return peer.handle(req)
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        peer.port = app.http.server.shared.localAddress?.port ?? 0
        return peer
    }

    func stop() async {
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }

    /// Answers the next requests to `path` with these, in order (then back to the default behaviour).
    func script(_ path: String, _ answers: [(HTTPResponseStatus, String)]) {
        scripted.withLockedValue { $0[path, default: []] += answers }
    }

    func requests(_ path: String) -> [Recorded] { recorded.withLockedValue { $0.filter { $0.path == path } } }

    private func handle(_ req: Request) -> Response {
        let body = req.body.data.map { Array($0.readableBytesView) } ?? []
        let entry = Recorded(path: req.url.path, query: req.url.query, headers: req.headers, body: body)
        recorded.withLockedValue { $0.append(entry) }
        if let (status, text) = scripted.withLockedValue({ queue -> (HTTPResponseStatus, String)? in
            guard var answers = queue[entry.path], !answers.isEmpty else { return nil }
            let first = answers.removeFirst()
            queue[entry.path] = answers
            return first
        }) {
            return Response(status: status, headers: ["Content-Type": "application/json"], body: .init(string: text))
        }
        let json = entry.json
        switch entry.path {
        case "/v3.0/oa/message/cs":
            guard req.headers.first(name: "access_token") == zaloTokens.withLockedValue({ $0.access }) else {
                return reply(.ok, #"{"error":-216,"message":"Access token is invalid"}"#)
            }
            let user = (json["recipient"] as? [String: Any])?["user_id"] as? String ?? ""
            return reply(.ok, #"{"error":0,"message":"Success","data":{"message_id":"zmsg-\#(UUID().uuidString.prefix(8))","user_id":"\#(user)","sent_time":"1626926349402"}}"#)
        case "/v4/oa/access_token":
            // channels.md §1.5: header secret_key, form refresh_token/app_id/grant_type; refresh tokens are single-use.
            let form = Dictionary(String(decoding: body, as: UTF8.self).split(separator: "&").map { pair -> (String, String) in
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }, uniquingKeysWith: { a, _ in a })
            guard req.headers.first(name: "secret_key") == Self.zaloAppSecret, form["grant_type"] == "refresh_token" else {
                return reply(.ok, #"{"error":-14002,"error_name":"Invalid app secret","error_description":"Invalid app secret"}"#)
            }
            let issued = zaloTokens.withLockedValue { tokens -> (String, String)? in
                guard form["refresh_token"] == tokens.refresh else { return nil }
                tokens.refreshes += 1
                tokens = ("access-\(tokens.refreshes + 1)", "refresh-\(tokens.refreshes + 1)", tokens.refreshes)
                return (tokens.access, tokens.refresh)
            }
            guard let (access, refresh) = issued else {
                return reply(.ok, #"{"error":-14014,"error_name":"Invalid refresh token","error_description":"Invalid refresh token"}"#)
            }
            return reply(.ok, #"{"access_token":"\#(access)","refresh_token":"\#(refresh)","expires_in":"90000"}"#)
        case "/me/messages":
            guard entry.query?.contains("access_token=\(Self.pageToken)") == true else {
                return reply(.badRequest, #"{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190,"fbtrace_id":"A"}}"#)
            }
            let psid = (json["recipient"] as? [String: Any])?["id"] as? String ?? ""
            return reply(.ok, #"{"recipient_id":"\#(psid)","message_id":"m_\#(UUID().uuidString.prefix(8))"}"#)
        case "/MainService.svc/json/SendMultipleMessage_V4_post_json/":
            let requestID = json["RequestId"] as? String ?? ""
            let fresh = seenRequestIDs.withLockedValue { $0.insert(requestID).inserted }
            return fresh ? reply(.ok, #"{"CodeResult":"100","CountRegenerate":0,"SMSID":"sms-\#(requestID.suffix(6))"}"#)
                         : reply(.ok, #"{"CodeResult":"124","CountRegenerate":0,"ErrorMessage":"Duplicate RequestId"}"#)
        default:
            return reply(.notFound, "{}")
        }
    }

    private func reply(_ status: HTTPResponseStatus, _ text: String) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json"], body: .init(string: text))
    }
}
