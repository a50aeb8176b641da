import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Live call notifications for the operator console over Server-Sent Events (issue 4 channel 1: "the operator
/// console shows the caller's earlier requests at once"). Every operator connected to this server process receives
/// every inbound call; with several processes on one PostgreSQL, ``CallEventRelay`` brings each process the calls
/// the others received.
final class CallEventHub: Sendable {
    private let subscribers = NIOLockedValueBox<[UUID: AsyncStream<String>.Continuation]>([:])

    /// A new subscription: its id and the stream of SSE `data` payloads (JSON).
    func subscribe() -> (UUID, AsyncStream<String>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(100))
        subscribers.withLockedValue { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in self?.subscribers.withLockedValue { $0[id] = nil } }
        return (id, stream)
    }

    /// Ends a subscription.
    func finish(_ id: UUID) {
        subscribers.withLockedValue { $0.removeValue(forKey: id) }?.finish()
    }

    /// Sends `json` to every subscriber.
    func publish(_ json: String) {
        for continuation in subscribers.withLockedValue({ Array($0.values) }) { continuation.yield(json) }
    }

    /// How many operators are listening.
    var count: Int { subscribers.withLockedValue { $0.count } }

    /// A Server-Sent Events response for one listener of this hub: `retry: 3000`, then one `event: <name>` per
    /// published payload that `wanted` accepts; it ends after the request's `cho` seconds (default 300, 1…600) or
    /// `so` events. Throws 406 without the SSE `Accept` header. The live calls and the live cases share it.
    /// `rewrite` changes a payload for this listener before it is sent (its words in the listener's language).
    func stream(_ req: Request, event name: String, wanted: @escaping @Sendable (String) -> Bool,
                rewrite: @escaping @Sendable (String) -> String = { $0 }) throws -> Response {
        guard req.headers.first(name: .accept)?.contains("text/event-stream") == true else {
            throw Abort(.notAcceptable, reason: "Accept: text/event-stream")
        }
        let seconds = min(max(req.query[Int.self, at: "cho"] ?? 300, 1), 600)
        let maximumEvents = req.query[Int.self, at: "so"].map { max($0, 1) } ?? Int.max
        let (id, events) = subscribe()
        let closer = Task { [weak self] in
            try? await Task.sleep(for: .seconds(seconds))
            self?.finish(id)
        }
        let body = Response.Body(managedAsyncStream: { [weak self] writer in
            try await writer.write(.buffer(ByteBuffer(string: "retry: 3000\n\n")))
            var sent = 0
            for await json in events where wanted(json) {
                try await writer.write(.buffer(ByteBuffer(string: "event: \(name)\ndata: \(rewrite(json))\n\n")))
                sent += 1
                if sent >= maximumEvents { self?.finish(id) }
            }
            closer.cancel()
        })
        // `X-Accel-Buffering: no`: a proxy such as nginx passes each event on at once instead of buffering the stream.
        return Response(status: .ok, headers: ["Content-Type": "text/event-stream", "Cache-Control": "no-store", "X-Accel-Buffering": "no"],
                        body: body)
    }
}

extension Application {
    private struct CallEventHubKey: StorageKey { typealias Value = CallEventHub }

    /// The application's call-event hub.
    var callEvents: CallEventHub {
        if let hub = storage[CallEventHubKey.self] { return hub }
        let hub = CallEventHub()
        storage[CallEventHubKey.self] = hub
        return hub
    }

    private struct CaseEventHubKey: StorageKey { typealias Value = CallEventHub }

    /// The application's hub of case changes (``LiveCase``): the same mechanism as the calls, its own subscribers.
    var caseEvents: CallEventHub {
        if let hub = storage[CaseEventHubKey.self] { return hub }
        let hub = CallEventHub()
        storage[CaseEventHubKey.self] = hub
        return hub
    }
}

/// `GET /quan-tri/cuoc-goi/su-kien` (operators, `Accept: text/event-stream`): an SSE stream with one `call` event per
/// inbound ringing call at the operator's extension (``ScreenPop/rings(_:at:)``), `data` = ``ScreenPop/Event`` as
/// JSON, where `intake` opens the phone-intake page for the call and `card` the caller's card. The stream closes after `cho` seconds (default 300, at most 600), or after
/// `so` events when given; browsers' EventSource reconnects after `retry` (3 s). Without the SSE `Accept` header: 406.
enum CallEventsController {
    static func stream(_ req: Request) async throws -> Response {
        _ = try req.requireOperator()
        let myExtension = req.staff?.ctiExtension
        return try req.application.callEvents.stream(req, event: "call") { ScreenPop.rings($0, at: myExtension) }
    }
}

/// The screen pop (issue 14): which operator's page shows a ringing call.
enum ScreenPop {
    /// What the live channel says of a ringing call (JSON keys as named).
    struct Event: Codable, Equatable {
        let callId: String
        let from: String
        /// The phone-intake page prefilled from the call.
        let intake: String
        /// The caller's card: earlier and open cases, "new request", "attach to case".
        let card: String
        /// The agents the CTI rings (`user`: extensions or agent names); empty: the whole switchboard.
        var agents: [String] = []
    }

    /// Whether the event `json` rings at `myExtension`: always when the operator set no extension or the CTI named
    /// no agent (group ringing without names, or an event from before agents were sent); otherwise when one named
    /// agent is the extension, compared without case and surrounding spaces.
    static func rings(_ json: String, at myExtension: String?) -> Bool {
        guard let mine = myExtension?.trimmingCharacters(in: .whitespaces).lowercased(), !mine.isEmpty,
              let event = try? JSONDecoder().decode(Event.self, from: Data(json.utf8)), !event.agents.isEmpty else { return true }
        return event.agents.contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == mine }
    }
}
