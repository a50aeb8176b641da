import FluentPostgresDriver
import Foundation
import NIOConcurrencyHelpers
import PostgresNIO
import SQLKit
import Vapor

/// Carries live events between server processes that share one PostgreSQL: ringing calls for the operators' console
/// (issue 4 channel 1: "working with several operators logged in" — also when they are served by different
/// processes) and, with ``Kind/cases``, changes of a case for the staff who have its page open on another node
/// (issue 15 item 6).
///
/// Each `pakn serve` on PostgreSQL keeps one connection of its own that `LISTEN`s on ``channel``; an inbound call
/// is published with `pg_notify` and every process, the sender included, hands it to its own ``CallEventHub``
/// once. When the connection drops it reconnects after 1, 2, 4… up to 30 seconds; events sent meanwhile are not
/// replayed (the call log keeps them). On SQLite (one process) and in processes without a relay, events go to the
/// local hub directly.
public final class CallEventRelay: LifecycleHandler, Sendable {
    /// What a relay carries: each kind has its PostgreSQL notification channel and its hub in the process.
    public enum Kind: Sendable {
        /// Ringing calls (`pakn_call_events` → `Application.callEvents`).
        case calls
        /// Changes of cases (`pakn_case_events` → `Application.caseEvents`).
        case cases

        var channel: String { self == .calls ? "pakn_call_events" : "pakn_case_events" }
        func hub(_ app: Application) -> CallEventHub { self == .calls ? app.callEvents : app.caseEvents }
    }

    /// The PostgreSQL notification channel of the calls.
    static let channel = Kind.calls.channel

    let kind: Kind
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let listening = NIOLockedValueBox(false)

    /// A relay of `kind`; it starts when the application boots (`app.lifecycle.use(CallEventRelay())`).
    public init(_ kind: Kind = .calls) { self.kind = kind }

    /// Whether the `LISTEN` is in place now.
    var isListening: Bool { listening.withLockedValue { $0 } }

    /// Starts listening (PostgreSQL only).
    public func didBootAsync(_ application: Application) async throws { start(application) }

    /// Stops listening.
    public func shutdownAsync(_ application: Application) async { stop() }

    /// Starts listening when the application runs on PostgreSQL (`DATABASE_URL`); does nothing on SQLite.
    func start(_ app: Application) {
        guard let url = app.paknConfiguration.databaseURL, let configuration = try? SQLPostgresConfiguration(url: url) else { return }
        if kind == .calls { app.storage[RelayKey.self] = self } else { app.storage[CaseRelayKey.self] = self }
        let hub = kind.hub(app)
        let channel = kind.channel
        let logger = app.logger
        let listening = self.listening
        task.withLockedValue { current in
            current?.cancel()
            current = Task {
                var delay = 1.0
                while !Task.isCancelled {
                    do {
                        let connection = try await PostgresConnection.connect(configuration: configuration.coreConfiguration, id: 2, logger: logger)
                        delay = 1
                        do {
                            try await connection.listen(on: channel) { notifications in
                                listening.withLockedValue { $0 = true }
                                for try await notification in notifications { hub.publish(notification.payload) }
                            }
                        } catch {
                            listening.withLockedValue { $0 = false }
                            try? await connection.close()
                            throw error
                        }
                        listening.withLockedValue { $0 = false }
                        try? await connection.close()
                    } catch {
                        if Task.isCancelled { break }
                        logger.warning("call event relay: \(String(describing: type(of: error))); reconnecting in \(Int(delay)) s")
                    }
                    try? await Task.sleep(for: .seconds(delay))
                    delay = min(delay * 2, 30)
                }
                listening.withLockedValue { $0 = false }
            }
        }
    }

    /// Stops listening.
    func stop() {
        task.withLockedValue { $0?.cancel(); $0 = nil }
    }

    /// Publishes `json` (at most 8,000 bytes, PostgreSQL's payload limit) to every process: through `pg_notify` when
    /// this process runs a relay, otherwise to the local hub.
    static func publish(_ json: String, app: Application, on db: Database, kind: Kind = .calls) async throws {
        let relayed = kind == .calls ? app.storage[RelayKey.self] != nil : app.storage[CaseRelayKey.self] != nil
        if relayed, json.utf8.count < 8000, let sql = db as? any SQLDatabase {
            try await sql.raw("SELECT pg_notify(\(bind: kind.channel), \(bind: json))").run()
        } else {
            kind.hub(app).publish(json)
        }
    }

    private struct RelayKey: StorageKey { typealias Value = CallEventRelay }
    private struct CaseRelayKey: StorageKey { typealias Value = CallEventRelay }
}
