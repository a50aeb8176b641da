import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// `GET /healthz` is liveness (the process answers); `GET /readyz` is readiness (issue 11 item 12): it answers
/// 200 `{"status":"ready"}` only when the database answers a query within `timeout` and the data directory can be
/// written, else 503 `{"status":"unavailable","checks":{…}}` naming what failed, so a load balancer stops sending
/// traffic to a node that cannot serve it. `checks.metadata_tools` names the upload-cleaning tools that are missing
/// (uploads are then refused) without making the node unready.
enum Readiness {
    /// How long the database may take to answer (seconds).
    static let timeout: Duration = .seconds(2)

    static func check(_ req: Request) async throws -> Response {
        async let database = databaseAnswers(req)
        let dataDirectory = dataDirectoryWritable(req.paknConfiguration.dataDirectory)
        let databaseOK = await database
        let body: [String: Any] = [
            "status": databaseOK && dataDirectory ? "ready" : "unavailable",
            // Reported, not required: without the metadata tools uploads are refused (fail closed) but the rest serves.
            "checks": ["database": databaseOK ? "ok" : "failed", "data_directory": dataDirectory ? "ok" : "failed",
                       "metadata_tools": MetadataStripper.missingTools().isEmpty ? "ok" : "missing: " + MetadataStripper.missingTools().joined(separator: ",")],
        ]
        let response = Response(status: databaseOK && dataDirectory ? .ok : .serviceUnavailable)
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.body = .init(data: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))
        return response
    }

    /// `SELECT 1` answered within `timeout`. The query is not awaited past the timeout: a database that hangs
    /// (a dead connection, a full pool) makes the answer `false` after `timeout`, not when the driver gives up.
    static func databaseAnswers(_ req: Request) async -> Bool {
        guard let sql = req.db as? any SQLDatabase else { return false }
        let settled = NIOLockedValueBox(false)
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            @Sendable func settle(_ value: Bool) {
                let first = settled.withLockedValue { done in defer { done = true }; return !done }
                if first { continuation.resume(returning: value) }
            }
            let timer = Task { try? await Task.sleep(for: timeout); settle(false) }
            Task {
                let answered = (try? await sql.raw("SELECT 1 AS ok").first()) != nil
                settle(answered)
                timer.cancel()  // a probe every few seconds must not leave sleeping timers behind
            }
        }
    }

    /// A file can be created and removed in the data directory.
    static func dataDirectoryWritable(_ directory: URL) -> Bool {
        let probe = directory.appendingPathComponent(".readyz-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: probe.path, contents: Data("ok".utf8)) else { return false }
        try? FileManager.default.removeItem(at: probe)
        return true
    }
}
