import Foundation
import PAKNChannels
import PAKNDomain
import Vapor

/// Zalo OA and Messenger webhooks (issue 4 "Common machinery"; channels.md §1.2, §2.2, §2.3).
///
/// Order on every POST: collect the raw body (up to `PAKN_WEBHOOK_MAX_BYTES`), verify the signature on those bytes
/// (bad or missing → 401, nothing stored, one security log line without personal data), store the raw event with its
/// headers (duplicates: nothing new), answer 200; an `inbound` job processes it after.
/// - Unknown event type → 200, stored as `ignored`.
/// - Valid signature but unparseable → 200, stored as `unparseable` for inspection (Messenger always 200 once the
///   signature holds).
enum WebhookController {
    /// Registers the Zalo and Messenger routes with the configured body limit, and Zalo's verification file.
    static func register(_ app: Application) {
        let maxBytes = ByteCount(integerLiteral: app.paknConfiguration.channels.webhookMaxBytes)
        app.on(.POST, "webhooks", "zalo", body: .collect(maxSize: maxBytes), use: zalo)
        app.get("webhooks", "messenger", use: messengerVerify)
        app.on(.POST, "webhooks", "messenger", body: .collect(maxSize: maxBytes), use: messenger)
        // Zalo's domain verification: the file it names, at the site root, as HTML (channels.md §1.2).
        let channels = app.paknConfiguration.channels
        if let file = channels.zaloVerifierFile, file.hasPrefix("zalo_verifier"), file.hasSuffix(".html"), !file.contains("/") {
            let content = channels.zaloVerifierContent ?? ""
            app.get(PathComponent(stringLiteral: file)) { _ in
                Response(status: .ok, headers: ["Content-Type": "text/html; charset=utf-8"], body: .init(string: content))
            }
        }
    }

    /// `POST /webhooks/zalo`: one event per request, `X-ZEvent-Signature` (channels.md §1.2).
    static func zalo(_ req: Request) async throws -> Response {
        let config = try await req.effectiveChannels()
        let body = rawBody(req)
        guard let secret = config.zaloOASecretKey,
              ZaloSignature.isValid(header: req.headers.first(name: ZaloSignature.headerName), rawBody: body,
                                    oaSecretKey: secret, expectedAppID: config.zaloAppID) else {
            return unauthorized(req, channel: "zalo", bytes: body.count)
        }
        let key: String
        let status: InboundEventStatus
        if let event = try? ZaloEvent.decode(body) {
            key = "\(event.idempotencyKey)"
            if case .unknown(let name) = event.kind {
                req.logger.info("zalo webhook: unknown event_name \(name) ignored")
                status = .ignored
            } else {
                status = .received
            }
        } else {
            key = InboundStore.digestKey(body)
            status = .unparseable
            req.logger.warning("zalo webhook: unparseable payload of \(body.count) bytes kept for inspection")
        }
        _ = try await InboundStore.store(channel: .zalo, providerEventID: key, headers: req.headers, rawBody: body,
                                         status: status, on: req.db)
        return ok()
    }

    /// `GET /webhooks/messenger?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…` (channels.md §2.2).
    static func messengerVerify(_ req: Request) async throws -> Response {
        let answer = MessengerVerification.answer(
            mode: req.query[String.self, at: "hub.mode"], verifyToken: req.query[String.self, at: "hub.verify_token"],
            challenge: req.query[String.self, at: "hub.challenge"],
            expectedToken: try await req.effectiveChannels().messengerVerifyToken ?? "")
        switch answer {
        case .challenge(let challenge):
            return Response(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .init(string: challenge))
        case .forbidden:
            return Response(status: .forbidden, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .init(string: "Forbidden"))
        case .badRequest:
            return Response(status: .badRequest, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .init(string: "Bad Request"))
        }
    }

    /// `POST /webhooks/messenger`: batched `entry[].messaging[]`, `X-Hub-Signature-256` (channels.md §2.3). The
    /// batch is stored once (key: SHA-256 of the body, so a redelivered batch is recognised); each messaging event
    /// becomes a message once, on its `mid`, when the job runs.
    static func messenger(_ req: Request) async throws -> Response {
        let config = try await req.effectiveChannels()
        let body = rawBody(req)
        guard let secret = config.messengerAppSecret,
              MessengerSignature.isValid(header: req.headers.first(name: MessengerSignature.headerName), rawBody: body, appSecret: secret) else {
            return unauthorized(req, channel: "messenger", bytes: body.count)
        }
        let status: InboundEventStatus
        switch Result(catching: { try MessengerWebhook.decode(body) }) {
        case .success: status = .received
        case .failure(MessengerWebhook.DecodingFailure.notPage(let object)):
            req.logger.info("messenger webhook: object \(object) ignored")
            status = .ignored
        case .failure:
            req.logger.warning("messenger webhook: unparseable payload of \(body.count) bytes kept for inspection")
            status = .unparseable
        }
        _ = try await InboundStore.store(channel: .messenger, providerEventID: "batch:" + InboundStore.digestKey(body),
                                         headers: req.headers, rawBody: body, status: status, on: req.db)
        return ok()
    }

    // MARK: - Shared

    /// The collected body's bytes (empty when there is none).
    static func rawBody(_ req: Request) -> [UInt8] {
        req.body.data.map { Array($0.readableBytesView) } ?? []
    }

    /// 401 and one security log line: the channel and the size, nothing personal (no body, no address).
    static func unauthorized(_ req: Request, channel: String, bytes: Int) -> Response {
        req.logger.warning("security: \(channel) webhook refused: missing or invalid signature (\(bytes) bytes)")
        return Response(status: .unauthorized, headers: ["Content-Type": "application/json"],
                        body: .init(string: #"{"error":"invalid signature"}"#))
    }

    /// 200 with an empty JSON object.
    static func ok() -> Response {
        Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: "{}"))
    }
}
