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
        let wanted = try record.requireID().uuidString.lowercased()
        // The event carries Vietnamese words; a viewer reading English gets them in English.
        let english = req.language == .english ? req.application.englishCatalogue : nil
        return try req.application.caseEvents.stream(req, event: "case", wanted: { json in
            (try? JSONDecoder().decode(Event.self, from: Data(json.utf8)))?.requestId == wanted
        }, rewrite: { json in
            guard let english, let event = try? JSONDecoder().decode(Event.self, from: Data(json.utf8)) else { return json }
            let translated = Event(requestId: event.requestId, status: event.status,
                                   statusLabel: english.english(event.statusLabel) ?? event.statusLabel, change: english.english(event.change) ?? event.change)
            return (try? JSONEncoder().encode(translated)).map { String(decoding: $0, as: UTF8.self) } ?? json
        })
    }
}
