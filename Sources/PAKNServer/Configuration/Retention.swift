import Foundation

/// How long the system keeps operational rows it no longer needs (issue 10 item 7), in one place. Each period is in
/// days, settable by the environment variable named beside it; the defaults and their reasons:
///
/// - `PAKN_RETAIN_JOBS_DAYS` (30): outbox jobs done — long enough to answer "was the citizen told?" from the case
///   history (which keeps the sent message for good), short enough that the table holds about a month of work.
/// - `PAKN_RETAIN_DEAD_JOBS_DAYS` (90): jobs given up after 10 attempts — they are shown on the channel health page
///   until an admin has had a quarter to look.
/// - `PAKN_RETAIN_INBOUND_PAYLOAD_DAYS` (30): the raw bodies and headers of provider deliveries that were processed or
///   ignored — kept for inspection for a month; the row (channel, provider event id) stays forever, so a late
///   redelivery is still recognised and not stored twice. Unreadable and failed deliveries keep their payload.
/// - `PAKN_RETAIN_IDEMPOTENCY_HOURS` (24): `Idempotency-Key` answers of `POST /api/v1/requests` (README: kept
///   24 hours).
///
/// The personal-data retention of the privacy law (contacts, attachments, messages, call records) belongs here too
/// when it is built (issue 11, "Retention").
struct Retention: Sendable, Equatable {
    var finishedJobsDays = 30
    var deadJobsDays = 90
    var inboundPayloadDays = 30
    var idempotencyHours = 24

    /// The defaults, overridden by the environment's whole numbers (a malformed or negative value keeps the default).
    static func fromEnvironment(_ env: [String: String]) -> Retention {
        var retention = Retention()
        func days(_ name: String) -> Int? { env[name].flatMap(Int.init).flatMap { $0 >= 0 ? $0 : nil } }
        if let n = days("PAKN_RETAIN_JOBS_DAYS") { retention.finishedJobsDays = n }
        if let n = days("PAKN_RETAIN_DEAD_JOBS_DAYS") { retention.deadJobsDays = n }
        if let n = days("PAKN_RETAIN_INBOUND_PAYLOAD_DAYS") { retention.inboundPayloadDays = n }
        if let n = days("PAKN_RETAIN_IDEMPOTENCY_HOURS") { retention.idempotencyHours = n }
        return retention
    }
}
