import Fluent
import Foundation
import PAKNChannels
import PAKNDomain
import Vapor

/// `POST /api/v1/cti/{token}`: Zammad's generic CTI contract, so PBX scripts written for Zammad point at us
/// unchanged (channels.md §4.1, anchors.md §3). Kept out of the OpenAPI document.
///
/// - CTI off (`PAKN_CTI_TOKEN` unset) → 422 `{"error":"Feature is disabled"}`; a wrong token → 401
///   `{"error":"Invalid token"}`; an unknown event, a bad direction or a missing callId → 422 `{"error":…}`.
/// - JSON or `application/x-www-form-urlencoded` (`user[]` repeated).
/// - An inbound `newCall` from a number on the blocklist (not expired) → 200 `{"action":"reject","reason":"busy"}`;
///   everything else → 200 `{}`.
/// - Each (callId, event) is stored raw once in `inbound_events`; the call row follows ``CallState`` (duplicates,
///   out of order, unknown callId), applied at receipt time.
enum CTIController {
    /// The header that may carry the token instead of the path (a token in a URL reaches proxies' access logs).
    static let tokenHeader = "X-CTI-Token"

    /// Registers `POST /api/v1/cti/:token` (Zammad's contract) and `POST /api/v1/cti` with the token in the
    /// `X-CTI-Token` header (bodies up to 64 KB).
    static func register(_ app: Application) {
        app.on(.POST, "api", "v1", "cti", ":token", body: .collect(maxSize: "64kb"), use: event)
        app.on(.POST, "api", "v1", "cti", body: .collect(maxSize: "64kb"), use: event)
    }

    /// Handles one CTI event as described on ``CTIController``.
    static func event(_ req: Request) async throws -> Response {
        guard let expected = try await req.effectiveChannels().ctiToken else {
            return json(.unprocessableEntity, #"{"error":"Feature is disabled"}"#)
        }
        let given = req.parameters.get("token") ?? req.headers.first(name: tokenHeader) ?? ""
        guard ConstantTime.equal(given, expected) else {
            req.logger.warning("security: CTI event refused: invalid token")
            return json(.unauthorized, #"{"error":"Invalid token"}"#)
        }
        let body = WebhookController.rawBody(req)
        let parsed: CTIEvent
        do {
            if req.headers.contentType == .json || body.first == UInt8(ascii: "{") {
                parsed = try CTIEvent.decodeJSON(body)
            } else {
                parsed = try CTIEvent.decodeForm(body)
            }
        } catch let failure as CTIEvent.Failure {
            let message = String(decoding: try JSONEncoder().encode(["error": failure.message]), as: UTF8.self)
            return json(.unprocessableEntity, message)
        }
        let rejected = try await CallLog.record(parsed, rawBody: body, headers: req.headers, on: req.db)
        if parsed.kind == .newCall, parsed.direction == .inbound, !rejected,
           let call = try await CallRecord.query(on: req.db).filter(\.$callID == parsed.callID).first(), call.status == .ringing {
            let event = ScreenPop.Event(callId: parsed.callID, from: parsed.from, intake: SiteURL.intakeFromCall(call.id!).path,
                                        card: SiteURL.callCard(call.id!).path, agents: parsed.users)
            try await CallEventRelay.publish(String(decoding: try JSONEncoder().encode(event), as: UTF8.self),
                                             app: req.application, on: req.db)
        }
        return json(.ok, rejected ? #"{"action":"reject","reason":"busy"}"# : "{}")
    }

    /// A JSON answer.
    static func json(_ status: HTTPResponseStatus, _ body: String) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json"], body: .init(string: body))
    }
}

/// The call log: CTI events applied to `calls` rows (channels.md §4.7).
enum CallLog {
    /// Stores the raw event once and applies it to its call. Returns whether the call is rejected (an inbound
    /// `newCall` from a blocked number).
    static func record(_ event: CTIEvent, rawBody: [UInt8], headers: HTTPHeaders, on db: Database, now: Date = Date()) async throws -> Bool {
        _ = try await InboundStore.store(channel: .phone, providerEventID: "\(event.callID):\(event.kind.rawValue)",
                                         headers: headers, rawBody: rawBody, status: .processed, on: db, now: now)
        let blocked = event.kind == .newCall && event.direction == .inbound
            ? try await isBlocked(event.from, on: db, now: now) : false
        return try await db.writeTransaction { tx in
            if let call = try await CallRecord.query(on: tx).filter(\.$callID == event.callID).first() {
                var state = CallState(initializedAt: call.initializedAt, answeredAt: call.answeredAt, endedAt: call.endedAt,
                                      cause: call.cause, direction: call.direction)
                state.apply(event, at: now)
                copy(state, event: event, into: call)
                try await call.save(on: tx)
                return call.rejected
            }
            let call = CallRecord()
            call.callID = event.callID
            call.direction = event.direction
            call.fromNumber = event.from
            call.toNumber = event.to
            call.citizenPhone = PhoneNumber.normalize(event.citizenNumber)
            call.users = event.users.joined(separator: ", ")
            call.queue = event.queue
            call.rejected = blocked
            copy(CallState(first: event, at: now), event: event, into: call)
            try await call.create(on: tx)
            return blocked
        }
    }

    private static func copy(_ state: CallState, event: CTIEvent, into call: CallRecord) {
        call.initializedAt = state.initializedAt
        call.answeredAt = state.answeredAt
        call.endedAt = state.endedAt
        call.cause = state.cause
        call.status = state.status
        if let number = event.answeringNumber { call.answeringNumber = number }
        if let recording = event.recordingURL { call.recordingURL = recording }
        if call.users.isEmpty, !event.users.isEmpty { call.users = event.users.joined(separator: ", ") }
    }

    /// Whether `number` is on the blocklist and not expired at `now`.
    static func isBlocked(_ number: String, on db: Database, now: Date) async throws -> Bool {
        guard let phone = PhoneNumber.normalize(number) else { return false }
        let entries = try await BlockedNumber.query(on: db).filter(\.$phone == phone).all()
        return entries.contains { $0.expiresAt.map { $0 > now } ?? true }
    }
}

extension CallState {
    /// A state read back from a stored call.
    init(initializedAt: Date, answeredAt: Date?, endedAt: Date?, cause: String?, direction: CTIEvent.Direction) {
        self.init(stored: initializedAt, direction: direction)
        self.answeredAt = answeredAt
        self.endedAt = endedAt
        self.cause = cause
    }
}
