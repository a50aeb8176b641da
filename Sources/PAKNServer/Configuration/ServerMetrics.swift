import Fluent
import Foundation
import NIOConcurrencyHelpers
import PAKNChannels
import PAKNDomain
import Prometheus
import SQLKit
import Vapor

/// `GET /metrics` in the Prometheus text format (issue 15 item 1), through swift-prometheus:
///
/// - `pakn_http_requests_total{method,route,status}` and `pakn_http_request_duration_seconds{method,route}`
///   (histogram): every answer, by route template (`/quan-tri/phan-anh/:id`, never a value from the path);
/// - `pakn_jobs{kind,state}` (waiting, running, failed) and `pakn_jobs_oldest_waiting_seconds{kind}`;
/// - `pakn_inbound_events{channel,status}`: provider deliveries by channel and result;
/// - `pakn_open_cases{deadline}` (on_time, due_soon — within 24 hours —, overdue): lead assignments not yet answered;
/// - `pakn_db_pool_connections{database}`: the pool size per event loop × loops (the configured capacity);
/// - `pakn_notices_total{channel,result}`: attempts to send a notice or a reply to a citizen since the process
///   started, by channel (zalo, messenger, sms, email) and result (`sent`; `failed`, final for this channel;
///   `fallback`, the next channel is tried; `retry`, the job is tried again later).
///
/// The database figures are read at each scrape. With `PAKN_METRICS_TOKEN` set, a scrape needs
/// `Authorization: Bearer <token>`; without it, only a scrape from the machine itself (loopback) is answered, and
/// the nginx site of `deploy/` refuses `/metrics` from outside.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let gauges = NIOLockedValueBox<[String: Gauge]>([:])
    /// What this registry has exported of `DeliveryCounters` so far, per key, so a scrape adds the difference.
    private let exported = NIOLockedValueBox<[DeliveryCounters.Key: Int]>([:])

    static let buckets: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                      .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                                      .seconds(2.5), .seconds(5), .seconds(10)]

    /// Counts one answer.
    func record(method: String, route: String, status: UInt, duration: Duration) {
        registry.makeCounter(name: "pakn_http_requests_total", labels: [("method", method), ("route", route), ("status", String(status))])
            .increment()
        registry.makeDurationHistogram(name: "pakn_http_request_duration_seconds", labels: [("method", method), ("route", route)],
                                       buckets: Self.buckets).record(duration)
    }

    /// Sets a gauge (made on first use).
    func set(_ name: String, _ labels: [(String, String)], to value: Double) {
        let key = name + labels.map { "|\($0.0)=\($0.1)" }.joined()
        let gauge = gauges.withLockedValue { gauges in
            if let existing = gauges[key] { return existing }
            let made = registry.makeGauge(name: name, labels: labels)
            gauges[key] = made
            return made
        }
        gauge.set(to: value)
    }

    /// Reads the database figures into their gauges.
    func refresh(on db: Database, poolSize: Int, now: Date = Date()) async throws {
        for (key, total) in DeliveryCounters.snapshot() {
            let added = exported.withLockedValue { seen -> Int in defer { seen[key] = total }; return total - (seen[key] ?? 0) }
            let counter = registry.makeCounter(name: "pakn_notices_total", labels: [("channel", key.channel), ("result", key.result)])
            if added > 0 { counter.increment(by: Int64(added)) }
        }
        guard let sql = db as? any SQLDatabase else { return }
        set("pakn_db_pool_connections", [("database", sql.dialect.name)], to: Double(poolSize))
        // Zeros first, so a state that emptied reads 0 rather than its last value.
        for key in gauges.withLockedValue({ Array($0.keys) }) where key.hasPrefix("pakn_jobs") || key.hasPrefix("pakn_inbound") {
            gauges.withLockedValue { $0[key]?.set(to: 0.0) }
        }
        for row in try await sql.raw("""
            SELECT kind, COUNT(*) AS n, MIN(run_at) AS oldest FROM jobs
            WHERE finished_at IS NULL AND (locked_until IS NULL OR locked_until < \(bind: now)) GROUP BY kind
            """).all() {
            let kind = try row.decode(column: "kind", as: String.self)
            set("pakn_jobs", [("kind", kind), ("state", "waiting")], to: Double(try row.decode(column: "n", as: Int.self)))
            if let oldest = try row.decodeNil(column: "oldest") ? nil : row.decode(column: "oldest", as: Date.self) {
                set("pakn_jobs_oldest_waiting_seconds", [("kind", kind)], to: max(0, now.timeIntervalSince(oldest)))
            }
        }
        for row in try await sql.raw("""
            SELECT kind, COUNT(*) AS n FROM jobs WHERE finished_at IS NULL AND locked_until >= \(bind: now) GROUP BY kind
            """).all() {
            set("pakn_jobs", [("kind", try row.decode(column: "kind", as: String.self)), ("state", "running")],
                to: Double(try row.decode(column: "n", as: Int.self)))
        }
        for row in try await sql.raw("SELECT kind, COUNT(*) AS n FROM jobs WHERE finished_at IS NOT NULL AND attempts >= \(literal: JobQueue.deadAfterAttempts) GROUP BY kind").all() {
            set("pakn_jobs", [("kind", try row.decode(column: "kind", as: String.self)), ("state", "failed")],
                to: Double(try row.decode(column: "n", as: Int.self)))
        }
        for row in try await sql.raw("SELECT channel, status, COUNT(*) AS n FROM inbound_events GROUP BY channel, status").all() {
            set("pakn_inbound_events", [("channel", try row.decode(column: "channel", as: String.self)),
                                        ("status", try row.decode(column: "status", as: String.self))],
                to: Double(try row.decode(column: "n", as: Int.self)))
        }
        let soon = now.addingTimeInterval(86_400)
        let open = try await sql.raw("""
            SELECT
              SUM(CASE WHEN due_at < \(bind: now) THEN 1 ELSE 0 END) AS overdue,
              SUM(CASE WHEN due_at >= \(bind: now) AND due_at < \(bind: soon) THEN 1 ELSE 0 END) AS due_soon,
              SUM(CASE WHEN due_at IS NULL OR due_at >= \(bind: soon) THEN 1 ELSE 0 END) AS on_time
            FROM assignments WHERE role = 'lead' AND active = \(bind: true) AND answered_at IS NULL
            """).first()
        for state in ["overdue", "due_soon", "on_time"] {
            let n = (try? open?.decode(column: state, as: Int?.self)) ?? nil
            set("pakn_open_cases", [("deadline", state)], to: Double(n ?? 0))
        }
    }
}

extension Application {
    private struct MetricsKey: StorageKey { typealias Value = ServerMetrics }

    /// This process's metrics.
    var metrics: ServerMetrics {
        if let existing = storage[MetricsKey.self] { return existing }
        let made = ServerMetrics()
        storage[MetricsKey.self] = made
        return made
    }
}

/// Counts every answer by route template, status and duration (outermost, so errors count too).
struct MetricsMiddleware: AsyncMiddleware {
    let metrics: ServerMetrics

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next.respond(to: request)
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        metrics.record(method: request.method.rawValue, route: route, status: response.status.code,
                       duration: ContinuousClock.now - started)
        return response
    }
}

/// `GET /metrics`.
enum MetricsEndpoint {
    static func scrape(_ req: Request) async throws -> Response {
        if let token = req.paknConfiguration.metricsToken {
            guard let given = req.headers.bearerAuthorization?.token,
                  ConstantTime.equal(given, token) else {
                throw AppError(.unauthorized, "unauthenticated", "Cần mã truy cập số liệu (PAKN_METRICS_TOKEN).")
            }
        } else {
            // No token: the machine itself only (a scraper on the host; nginx refuses /metrics from outside).
            let peer = req.remoteAddress?.ipAddress ?? ""
            guard peer == "127.0.0.1" || peer == "::1" || req.remoteAddress == nil else { throw AppError.forbidden() }
        }
        let poolSize = req.paknConfiguration.databaseURL == nil ? 1 : 4
        try await req.application.metrics.refresh(on: req.db, poolSize: poolSize * System.coreCount)
        let response = Response(status: .ok, body: .init(string: req.application.metrics.registry.emitToString()))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

/// Sending attempts to citizens in this process, by channel and result (`pakn_notices_total`). Counted where the
/// outbox and the reply box send (`NotificationDelivery`), read at each scrape.
enum DeliveryCounters {
    struct Key: Hashable, Sendable { let channel: String; let result: String }
    private static let counts = NIOLockedValueBox<[Key: Int]>([:])

    /// Counts one attempt on `channel` that ended as `outcome`.
    static func count(_ outcome: DeliveryOutcome, channel: PAKNDomain.Channel) {
        let result: String
        switch outcome {
        case .sent: result = "sent"
        case .failed: result = "failed"
        case .fallback, .refreshToken: result = "fallback"
        case .retry, .deferred: result = "retry"
        }
        counts.withLockedValue { $0[Key(channel: channel.rawValue, result: result), default: 0] += 1 }
    }

    /// The counts so far.
    static func snapshot() -> [Key: Int] { counts.withLockedValue { $0 } }
}
