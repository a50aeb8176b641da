import Fluent
import Foundation
import PAKNChannels
import PAKNDomain
import Vapor

/// The outbox adapter to the national PAKN portal (issue 15 item 8; docs/national-portal-sync.md): a `nationalSync`
/// job POSTs the request's current `pakn-sync/1` record to `PAKN_NATIONAL_SYNC_URL` as JSON, with
/// `Authorization: Bearer <PAKN_NATIONAL_SYNC_TOKEN>` (when set) and `Idempotency-Key: pakn-sync:<event id>` (the
/// same on every retry of that change).
///
/// Answers (``outcome(httpStatus:)``): 2xx delivered; 408, 429, 5xx and network errors retried with the queue's
/// back-off (2^attempts minutes, at most 24 h, given up after 10 failures); any other status refused for good
/// (``Refused``: the job is finished as failed with the status in `last_error`, counted in `pakn_jobs{state="failed"}`).
///
/// Order: the records of one request go out in the order of their changes. The worker chains a request's jobs
/// (`JobWorker.chains`), and a job whose request still has an earlier job waiting (a retry) waits behind it.
enum NationalPortalDelivery {
    /// The portal refused the record (a 4xx other than 408 and 429): retrying would not help.
    struct Refused: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    /// A temporary failure: the job runs again with the queue's back-off.
    struct Temporary: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    /// Longest wait for the portal's answer, in seconds.
    static let timeoutSeconds: Int64 = 30

    /// The HTTP header carrying the change's key: `pakn-sync:<event id>` (lower-case UUID).
    static func idempotencyKey(eventID: UUID) -> String { "pakn-sync:\(eventID.uuidString.lowercased())" }

    /// What an HTTP status from the portal means: 2xx `.sent`; 408, 429 and 5xx `.retry`; anything else `.failed`.
    static func outcome(httpStatus: Int) -> DeliveryOutcome {
        switch httpStatus {
        case 200..<300: .sent(providerMessageID: nil)
        case 408, 429, 500..<600: .retry(reason: "national portal: HTTP \(httpStatus)")
        default: .failed(reason: "national portal refused the record: HTTP \(httpStatus)")
        }
    }

    /// Delivers the record of `payload`'s request for the job `job`.
    /// - Throws: ``NotificationDelivery/RetryLater`` with an instant when an earlier record of the same request waits
    ///   (no attempt counted) or no HTTP client is at hand; ``Temporary`` for 408/429/5xx and network errors;
    ///   ``Refused`` for other 4xx. Returns without sending when the URL was unset since, or the request is gone or
    ///   restricted now (khiếu nại, tố cáo are never reported).
    static func deliver(_ payload: Outbox.NationalSyncPayload, job: Job, config: AppConfiguration, client: (any Client)?,
                        on db: Database, logger: Logger, now: Date = Date()) async throws {
        guard let url = config.nationalSyncURL else {
            logger.notice("national sync: PAKN_NATIONAL_SYNC_URL is unset; job \(job.id?.uuidString ?? "-") dropped")
            return
        }
        // An earlier change of the same request still waiting (a retry) goes first.
        let prefix = "national:\(payload.requestID.uuidString):"
        var earlier = Job.query(on: db).filter(\.$kind == .nationalSync).filter(\.$finishedAt == nil)
            .filter(\.$idempotencyKey =~ prefix)
        if let id = job.id { earlier = earlier.filter(\.$id != id) }
        if let created = job.createdAt { earlier = earlier.filter(\.$createdAt < created) }
        if let first = try await earlier.sort(\.$runAt, .descending).first() {
            throw NotificationDelivery.RetryLater(reason: "an earlier record of this request waits",
                                                  until: max(first.runAt, now).addingTimeInterval(1))
        }
        guard let client else {
            throw NotificationDelivery.RetryLater(reason: "no HTTP client in this worker", until: now.addingTimeInterval(60))
        }
        guard let record = try await NationalSyncQuery.records(for: [payload.requestID], on: db).first else {
            logger.info("national sync: request \(payload.requestID) is gone or restricted; nothing sent")
            return
        }
        var headers = HTTPHeaders()
        headers.add(name: .accept, value: "application/json")
        headers.add(name: "Idempotency-Key", value: idempotencyKey(eventID: payload.eventID))
        if let token = config.nationalSyncToken { headers.bearerAuthorization = BearerAuthorization(token: token) }
        let status: Int
        let body: String
        do {
            let response = try await client.post(URI(string: url), headers: headers) { request in
                try request.content.encode(record, using: NationalSyncRecord.encoder())
                request.timeout = .seconds(timeoutSeconds)
            }
            status = Int(response.status.code)
            body = response.body.map { String(decoding: $0.readableBytesView.prefix(200), as: UTF8.self) } ?? ""
        } catch {
            throw Temporary(reason: "national portal: \(error)")
        }
        switch outcome(httpStatus: status) {
        case .sent:
            logger.info("national sync: \(record.trackingCode) delivered (HTTP \(status))")
        case .retry(let reason):
            throw Temporary(reason: reason)
        case .failed(let reason):
            logger.warning("national sync: \(record.trackingCode) refused (HTTP \(status))")
            throw Refused(reason: body.isEmpty ? reason : "\(reason): \(body)")
        case .refreshToken(let reason), .fallback(let reason), .deferred(_, let reason):
            throw Temporary(reason: reason)
        }
    }
}
