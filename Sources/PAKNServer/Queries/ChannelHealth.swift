import Fluent
import SQLKit
import Foundation
import PAKNChannels
import PAKNDomain

/// The health of the channels as the admin page shows it (issue 4 "Operator experience"): what came in last, what
/// failed, and what is stuck in the outbox. Plain data, no personal data: errors are cut to 200 characters with
/// phone numbers and e-mail addresses masked, and no provider ids, senders or message texts are read out.
public struct ChannelHealth: Sendable {
    /// A raw event whose processing failed.
    public struct Failure: Sendable {
        /// When it was received (UTC instant; shown in Asia/Ho_Chi_Minh).
        public let receivedAt: Date
        /// The processing error, masked and shortened.
        public let error: String
    }

    /// Inbound and outbound figures of one channel.
    public struct Channel: Sendable {
        /// The channel these figures are about (`inbound_events.channel`, `messages.channel`).
        public let channel: PAKNDomain.Channel
        /// The latest `inbound_events` row: when it was received and its status (`received`, `processed`, `ignored`,
        /// `unparseable`, `failed`).
        public let lastInbound: (receivedAt: Date, status: InboundEventStatus)?
        /// `inbound_events` with status `failed` (all time).
        public let failedCount: Int
        /// `inbound_events` with status `unparseable` (valid signature, unreadable body; all time).
        public let unparseableCount: Int
        /// The five latest failed events.
        public let latestFailures: [Failure]
        /// Outbound `messages` on this channel recorded instead of sent (`details.status == "recorded"`) in the last
        /// 7 days.
        public let recordedLastWeek: Int
        /// Outbound SMS the gateway reported undelivered (`details.delivery == "failed"`) in the last 7 days.
        public let deliveryFailedLastWeek: Int
        /// When the latest outbound message accepted by the provider (`details.status == "sent"`) was recorded.
        public let lastSentAt: Date?
    }

    /// A `notify` job that is retrying or was given up.
    public struct StuckNotification: Sendable {
        /// The request's channel of origin (where the notice is tried first).
        public let origin: PAKNDomain.Channel?
        /// The request's tracking code (10 digits), when the request still exists.
        public let trackingCode: String?
        /// Failed attempts so far (10 = given up, ``JobQueue/fail(_:error:on:now:)``).
        public let attempts: Int
        /// `true`: given up (finished after 10 attempts); `false`: waiting to be retried at ``nextAttemptAt``.
        public let dead: Bool
        /// The next attempt (UTC instant), for a job still retrying.
        public let nextAttemptAt: Date?
        /// The last error, masked and shortened.
        public let error: String
        /// When the job was queued.
        public let createdAt: Date?
    }

    /// One entry per channel of the page, in the order given to ``load(channels:on:now:)``.
    public let channels: [Channel]
    /// Retrying `notify` jobs, oldest first (at most 50).
    public let retrying: [StuckNotification]
    /// Given-up `notify` jobs, latest first (at most 50).
    public let dead: [StuckNotification]
    /// How many `notify` jobs are retrying in all (the list above stops at 50).
    public let retryingCount: Int
    /// How many `notify` jobs were given up in all (the list above stops at 50).
    public let deadCount: Int
    /// The national portal's `nationalSync` jobs (`NationalPortalDelivery`) retrying or given up (a final refusal
    /// counts as given up), in the same shape: latest 50 of each, and the counts.
    public let nationalSync: Stuck
    /// Jobs of some kinds that are retrying or were given up.
    public struct Stuck: Sendable {
        /// Retrying jobs, oldest first (at most 50).
        public let retrying: [StuckNotification]
        /// Given-up jobs, latest first (at most 50).
        public let dead: [StuckNotification]
        /// How many are retrying in all.
        public let retryingCount: Int
        /// How many were given up in all.
        public let deadCount: Int
    }
    /// `zalo.token_error`: set when a Zalo token refresh was refused (the OA must be re-consented).
    public let zaloTokenError: String?
    /// `zalo.access_token`'s last update: the worker rotated the Zalo token at that instant.
    public let zaloTokenRotatedAt: Date?

    /// A mail that could not be read (`unparseable`), for the admin's list: when, how large, what went wrong
    /// (the parser's technical words, no address or text).
    public struct UnreadableMail: Sendable {
        public let id: UUID
        public let receivedAt: Date
        /// Bytes.
        public let size: Int
        public let problem: String
    }

    /// The latest `limit` unreadable mails, newest first.
    static func unreadableMails(limit: Int = 20, on db: Database) async throws -> [UnreadableMail] {
        guard let sql = db as? any SQLDatabase else { return [] }
        // The size is counted by the database: the mails themselves (up to 25 MiB each) are not read for a list.
        return try await sql.raw("""
            SELECT id, received_at, error, LENGTH(raw_body) AS size FROM inbound_events
            WHERE channel = \(bind: PAKNDomain.Channel.email.rawValue) AND status = \(bind: InboundEventStatus.unparseable.rawValue)
            ORDER BY received_at DESC LIMIT \(literal: limit)
            """).all().map { row in
                UnreadableMail(id: try row.decode(column: "id", as: UUID.self), receivedAt: try row.decode(column: "received_at", as: Date.self),
                               size: try row.decode(column: "size", as: Int.self),
                               problem: clean(try row.decode(column: "error", as: String?.self)))
            }
    }

    /// The raw bytes of the unreadable mail `id` (RFC 5322, as received), nil for any other id.
    static func unreadableMail(_ id: UUID?, on db: Database) async throws -> Data? {
        guard let id, let event = try await InboundEvent.find(id, on: db), event.channel == .email, event.status == .unparseable else { return nil }
        return event.rawBody
    }

    /// Reads the figures; `now` sets the 7-day window. A handful of small queries per channel.
    public static func load(channels: [PAKNDomain.Channel], on db: Database, now: Date = Date()) async throws -> ChannelHealth {
        let weekAgo = now.addingTimeInterval(-7 * 86_400)
        var perChannel: [Channel] = []
        for channel in channels {
            let events = InboundEvent.query(on: db).filter(\.$channel == channel)
            let last = try await events.copy().sort(\.$receivedAt, .descending).field(\.$id).field(\.$receivedAt).field(\.$status).first()
            let failures = try await events.copy().filter(\.$status == .failed).sort(\.$receivedAt, .descending)
                .field(\.$id).field(\.$receivedAt).field(\.$error).limit(5).all()
            let outbound = MessageRecord.query(on: db).filter(\.$channel == channel).filter(\.$direction == .outbound)
            perChannel.append(Channel(
                channel: channel,
                lastInbound: last.map { ($0.receivedAt, $0.status) },
                failedCount: try await events.copy().filter(\.$status == .failed).count(),
                unparseableCount: try await events.copy().filter(\.$status == .unparseable).count(),
                latestFailures: failures.map { Failure(receivedAt: $0.receivedAt, error: clean($0.error)) },
                recordedLastWeek: try await outbound.copy().filter(\.$sendStatus == .recorded).filter(\.$createdAt >= weekAgo).count(),
                deliveryFailedLastWeek: try await outbound.copy().filter(\.$deliveryState == .failed).filter(\.$createdAt >= weekAgo).count(),
                lastSentAt: try await outbound.copy().filter(\.$sendStatus == .sent).sort(\.$createdAt, .descending)
                    .field(\.$id).field(\.$createdAt).first()?.createdAt))
        }

        // Notices and operators' replies alike are the outbox.
        let notify = try await stuck(kinds: [.notify, .reply], on: db)
        let national = try await stuck(kinds: [.nationalSync], on: db)

        let tokenRows = try await Setting.query(on: db).filter(\.$id ~~ [ZaloTokens.errorKey, ZaloTokens.accessKey]).all()
        return ChannelHealth(
            channels: perChannel, retrying: notify.retrying, dead: notify.dead,
            retryingCount: notify.retryingCount, deadCount: notify.deadCount, nationalSync: national,
            zaloTokenError: tokenRows.first { $0.id == ZaloTokens.errorKey }.map { clean($0.value) },
            zaloTokenRotatedAt: tokenRows.first { $0.id == ZaloTokens.accessKey }?.updatedAt)
    }

    /// The jobs of `kinds` retrying (not finished, with an error: a failure, or a provider's "later") and given up
    /// (finished after 10 failures, or refused for good), with the requests they are about.
    static func stuck(kinds: [JobKind], on db: Database) async throws -> Stuck {
        let jobs = Job.query(on: db).filter(\.$kind ~~ kinds)
        let retryingQuery = jobs.copy().filter(\.$finishedAt == nil).filter(\.$lastError != nil)
        let deadQuery = jobs.copy().filter(\.$finishedAt != nil).filter(\.$attempts >= JobQueue.deadAfterAttempts)
        let retryingJobs = try await retryingQuery.copy().sort(\.$createdAt, .ascending).limit(50).all()
        let deadJobs = try await deadQuery.copy().sort(\.$finishedAt, .descending).limit(50).all()
        let requestIDs = (retryingJobs + deadJobs).compactMap(requestID)
        let requests = requestIDs.isEmpty ? [] : try await ServiceRequestRecord.query(on: db).filter(\.$id ~~ Array(Set(requestIDs))).all()
        let byID = Dictionary(requests.compactMap { r in r.id.map { ($0, r) } }, uniquingKeysWith: { a, _ in a })
        func stuck(_ job: Job) -> StuckNotification {
            let request = requestID(job).flatMap { byID[$0] }
            let dead = job.finishedAt != nil
            return StuckNotification(origin: request?.channel, trackingCode: request?.trackingCode,
                                     attempts: job.attempts, dead: dead, nextAttemptAt: dead ? nil : job.runAt,
                                     error: clean(job.lastError), createdAt: job.createdAt)
        }
        return Stuck(retrying: retryingJobs.map(stuck), dead: deadJobs.map(stuck),
                     retryingCount: try await retryingQuery.count(), deadCount: try await deadQuery.count())
    }

    private static func requestID(_ job: Job) -> UUID? {
        let data = Data(job.payload.utf8)
        return (try? JSONDecoder().decode(Outbox.NotificationPayload.self, from: data))?.requestID
            ?? (try? JSONDecoder().decode(StaffReply.Payload.self, from: data))?.requestID
            ?? (try? JSONDecoder().decode(Outbox.NationalSyncPayload.self, from: data))?.requestID
    }

    /// An error as it may be shown: phone numbers, e-mail addresses and other personal data patterns masked
    /// (``Masking``), one line, at most 200 characters.
    static func clean(_ error: String?) -> String {
        guard let error, !error.isEmpty else { return "—" }
        let line = error.split(whereSeparator: \.isNewline).joined(separator: " ")
        let masked = Masking().mask(line).text
        return masked.count > 200 ? String(masked.prefix(199)) + "…" : masked
    }
}
