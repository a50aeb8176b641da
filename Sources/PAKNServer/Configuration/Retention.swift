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
/// Personal data (Luật 91/2025/QH15: kept no longer than its purpose needs), counted from the case's reception and
/// applied only to cases no longer in progress; past it the `Anonymisation` job removes the person and keeps the case
/// and its statistics:
///
/// - `PAKN_RETAIN_CONTACTS_DAYS` (1825, five years): names, phone numbers, e-mail and addresses of requesters, and
///   the same data in the case's texts (masked). Five years covers a re-opening, a complaint about the handling and
///   the yearly reports that cite cases; set it to the period the province's document-retention list gives for PAKN
///   files (Thông tư 10/2022/TT-BNV).
/// - `PAKN_RETAIN_ATTACHMENTS_DAYS` (1825): files the requester sent (photos, documents); answer files stay, they are
///   the agency's.
/// - `PAKN_RETAIN_MESSAGES_DAYS` (730, two years): the bodies of chat, e-mail and SMS messages (the case keeps its
///   texts); long enough for a re-opened case's conversation.
/// - `PAKN_RETAIN_CALLS_DAYS` (365): callers' numbers and recording links of the call log; a year of call-backs.
/// - Logs are not stored by the application: the service manager keeps them (journald's `MaxRetentionSec`), and they
///   carry no personal data (`RequestLogMiddleware`).
struct Retention: Sendable, Equatable {
    var finishedJobsDays = 30
    var deadJobsDays = 90
    var inboundPayloadDays = 30
    var idempotencyHours = 24
    var contactsDays = 1825
    var attachmentsDays = 1825
    var messagesDays = 730
    var callsDays = 365

    /// The defaults, overridden by the environment's whole numbers (a malformed or negative value keeps the default).
    static func fromEnvironment(_ env: [String: String]) -> Retention {
        var retention = Retention()
        func days(_ name: String) -> Int? { env[name].flatMap(Int.init).flatMap { $0 >= 0 ? $0 : nil } }
        if let n = days("PAKN_RETAIN_JOBS_DAYS") { retention.finishedJobsDays = n }
        if let n = days("PAKN_RETAIN_DEAD_JOBS_DAYS") { retention.deadJobsDays = n }
        if let n = days("PAKN_RETAIN_INBOUND_PAYLOAD_DAYS") { retention.inboundPayloadDays = n }
        if let n = days("PAKN_RETAIN_IDEMPOTENCY_HOURS") { retention.idempotencyHours = n }
        if let n = days("PAKN_RETAIN_CONTACTS_DAYS") { retention.contactsDays = n }
        if let n = days("PAKN_RETAIN_ATTACHMENTS_DAYS") { retention.attachmentsDays = n }
        if let n = days("PAKN_RETAIN_MESSAGES_DAYS") { retention.messagesDays = n }
        if let n = days("PAKN_RETAIN_CALLS_DAYS") { retention.callsDays = n }
        return retention
    }
}
