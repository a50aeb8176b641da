import Fluent
import Foundation
import PAKNDomain
import Vapor

/// Live changes of a case for the staff who have its page open (issue 15 item 6: a change made on one node appears
/// on a page served by the other). After a move or a triage is committed, an event goes to every process through
/// ``CallEventRelay`` of kind `.cases` (PostgreSQL `LISTEN`/`NOTIFY`; the local hub on SQLite); the case page's
/// script (`pakn-live.js`) listens on `GET /quan-tri/phan-anh/{id}/su-kien` and offers to reload.
enum LiveCase {
    /// What changed: the case, its status now (code and Vietnamese label) and the change's Vietnamese name.
    struct Event: Codable, Equatable {
        let requestId: String
        let status: String
        let statusLabel: String
        let change: String
    }

    /// Tells every process that `record` changed (`change`: "Chuyển xử lý", "Phân loại", …). Never fails the
    /// change it reports: an error is logged and the pages simply do not hear of it.
    static func publish(_ record: ServiceRequestRecord, change: String, app: Application, on db: Database) async {
        guard let id = record.id else { return }
        let event = Event(requestId: id.uuidString.lowercased(), status: record.status.rawValue, statusLabel: record.status.label, change: change)
        do {
            try await CallEventRelay.publish(String(decoding: try JSONEncoder().encode(event), as: UTF8.self), app: app, on: db, kind: .cases)
        } catch {
            app.logger.warning("live case event not sent: \(String(describing: type(of: error)))")
        }
    }

    /// `GET /quan-tri/phan-anh/{id}/su-kien` (staff who may see the case, `Accept: text/event-stream`): an SSE stream
    /// with one `case` event (`data` = ``Event``) per change of this case; closes after `cho` seconds (default 300,
    /// at most 600) or `so` events. 404 for a case the viewer may not see, 406 without the SSE `Accept` header.
    static func stream(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let record = try await CaseAccess.visibleCase(req.parameters.get("id", as: UUID.self), to: acting, logger: req.logger, on: req.db)
        guard req.headers.first(name: .accept)?.contains("text/event-stream") == true else {
            throw Abort(.notAcceptable, reason: "Accept: text/event-stream")
        }
        let wanted = try record.requireID().uuidString.lowercased()
        let seconds = min(max(req.query[Int.self, at: "cho"] ?? 300, 1), 600)
        let maximumEvents = req.query[Int.self, at: "so"].map { max($0, 1) } ?? Int.max
        let hub = req.application.caseEvents
        let (id, events) = hub.subscribe()
        let closer = Task {
            try? await Task.sleep(for: .seconds(seconds))
            hub.finish(id)
        }
        let body = Response.Body(managedAsyncStream: { writer in
            try await writer.write(.buffer(ByteBuffer(string: "retry: 3000\n\n")))
            var sent = 0
            for await json in events {
                guard let event = try? JSONDecoder().decode(Event.self, from: Data(json.utf8)), event.requestId == wanted else { continue }
                try await writer.write(.buffer(ByteBuffer(string: "event: case\ndata: \(json)\n\n")))
                sent += 1
                if sent >= maximumEvents { hub.finish(id) }
            }
            closer.cancel()
        })
        return Response(status: .ok, headers: ["Content-Type": "text/event-stream", "Cache-Control": "no-store"], body: body)
    }
}
