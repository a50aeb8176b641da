import Fluent
import Foundation
import PAKNChannels
import PAKNDomain
import Vapor

/// `GET` and `POST /webhooks/sms/{provider}`: delivery reports and inbound SMS from an eSMS-shaped gateway
/// (channels.md §5.1; eSMS calls both as GET with query parameters, a POST form is read the same way).
///
/// - Delivery report (`SMSID`/`RequestId`, not signed, retried up to 5 times): stored raw once per
///   (SMSID, state), then the outbound message with that `RequestId` (our notification key) gets its delivery
///   state; a final failure is never overwritten by a late success (§5.3 item 5). Unknown ids: 200, kept.
/// - Inbound (MO: `sender`, `content`, `smsid`, `receiverTime`, `cpid`, `sign`): `sign` checked with
///   `ESMS_PRIVATE_KEY` (bad or missing → 401, nothing stored), stored raw once per `sign`, answered with the
///   well-formed `ClientResponse` XML; the job worker turns it into a message like the chat channels.
/// - Another provider name → 404; neither shape → 400.
enum SMSWebhookController {
    /// Registers `GET` and `POST /webhooks/sms/:provider`.
    static func register(_ app: Application) {
        app.get("webhooks", "sms", ":provider", use: receive)
        app.on(.POST, "webhooks", "sms", ":provider", body: .collect(maxSize: "64kb"), use: receive)
    }

    /// Handles a delivery report or an inbound SMS as described on ``SMSWebhookController``.
    static func receive(_ req: Request) async throws -> Response {
        guard req.parameters.get("provider") == "esms" else { throw Abort(.notFound) }
        var fields: [String: String] = [:]
        for (name, value) in FormURLEncoding.pairs(req.url.query ?? "") { fields[name] = value }
        let raw = WebhookController.rawBody(req)
        if req.method == .POST {
            for (name, value) in FormURLEncoding.pairs(String(decoding: raw, as: UTF8.self)) { fields[name] = value }
        }
        let rawEvent = Array((req.url.query ?? "").utf8) + (raw.isEmpty ? [] : Array("\n".utf8) + raw)

        if fields["sign"] != nil || fields["smsid"] != nil {
            guard let key = try await req.effectiveChannels().esmsPrivateKey,
                  let message = ESMS.InboundMessage(query: fields), message.hasValidSign(privateKey: key) else {
                return WebhookController.unauthorized(req, channel: "sms", bytes: rawEvent.count)
            }
            // Keyed by the signature, not by `smsid`: the sign covers cpid+smsid+content+receiverTime joined without
            // separators and not the sender, so one observed URL could be replayed with characters moved between
            // fields or another sender (attack run, finding 7). Every such variant has the same sign: stored once.
            _ = try await InboundStore.store(channel: .sms, providerEventID: "mo:\(message.sign.lowercased())", headers: req.headers,
                                             rawBody: rawEvent, status: .received, on: req.db)
            let xml = ESMS.inboundResponseXML(message: "1022 da nhan tin nhan cua ban.", smsID: message.smsID, receiver: message.sender)
            return Response(status: .ok, headers: ["Content-Type": "application/xml; charset=utf-8"], body: .init(string: xml))
        }
        guard let report = ESMS.DeliveryReport(query: fields) else { throw Abort(.badRequest) }
        let stored = try await InboundStore.store(channel: .sms, providerEventID: "dlr:\(report.smsID ?? report.requestID ?? ""):\(report.state.rawValue)",
                                                  headers: req.headers, rawBody: rawEvent, status: .processed, on: req.db)
        if case .stored = stored { try await applyDeliveryReport(report, on: req.db) }
        return WebhookController.ok()
    }

    /// Applies the report to the outbound SMS whose key is the report's `RequestId` (or whose receipt id is its
    /// `SMSID`), both indexed equalities, as ``DeliveryState/after(_:receipt:)`` allows: `failed` is final.
    static func applyDeliveryReport(_ report: ESMS.DeliveryReport, on db: Database, now: Date = Date()) async throws {
        try await db.writeTransaction { tx in
            var message: MessageRecord?
            if let requestID = report.requestID {
                message = try await MessageRecord.query(on: tx).filter(\.$channel == .sms).filter(\.$providerMessageID == requestID)
                    .filter(\.$direction == .outbound).first()
            }
            if message == nil, let smsID = report.smsID, isPlainID(smsID) {
                message = try await MessageRecord.query(on: tx).filter(\.$channel == .sms).filter(\.$receiptID == smsID)
                    .filter(\.$direction == .outbound).first()
            }
            guard let message else { return }
            try await InboundProcessor.apply(deliveryState(report.state), to: message, now: now, on: tx)
        }
    }

    /// eSMS's report state in our terms (the same names).
    static func deliveryState(_ state: ESMS.DeliveryReport.State) -> DeliveryState {
        switch state {
        case .delivered: .delivered
        case .failed: .failed
        case .pending: .pending
        }
    }

    /// 1–64 ASCII letters, digits and dashes: the shape of eSMS's SMSID (a GUID).
    static func isPlainID(_ id: String) -> Bool {
        (1...64).contains(id.count) && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}
