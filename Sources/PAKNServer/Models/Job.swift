import Fluent
import Foundation

/// A row of the database-backed job table (outbox notifications and scheduled work).
/// Claimed with `FOR UPDATE SKIP LOCKED` on PostgreSQL so that two server processes never run one job twice.
public final class Job: Model, @unchecked Sendable {
    public static let schema = "jobs"
    @ID(key: .id) public var id: UUID?
    /// What the job does; decides how `payload` is read.
    @Field(key: "kind") public var kind: JobKind
    /// JSON object, kind-specific.
    @Field(key: "payload") public var payload: String
    /// Unique key so the same notification is never queued twice.
    @Field(key: "idempotency_key") public var idempotencyKey: String
    @Field(key: "run_at") public var runAt: Date
    @Field(key: "attempts") public var attempts: Int
    @OptionalField(key: "locked_until") public var lockedUntil: Date?
    @OptionalField(key: "finished_at") public var finishedAt: Date?
    @OptionalField(key: "last_error") public var lastError: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

/// The kinds of background work. Raw values are the stored identifiers (`jobs.kind`); a row with another value is
/// refused where it is read (the worker retires it as dead, `JobQueue.claim`).
public enum JobKind: String, Sendable, Codable, CaseIterable, Hashable {
    /// A raw provider event to turn into messages and receipts (`InboundProcessor`).
    case inbound
    /// A notice to the citizen about their case (`NotificationDelivery`).
    case notify
    /// An operator's reply to the citizen (`StaffReply`).
    case reply
    /// A file a chat message links to, to download (`AttachmentDownload`).
    case attachment
    /// A staff notice to one staff member by e-mail or SMS (`StaffNoticeDelivery`).
    case staffNotice
    /// The record of a request to POST to the national PAKN portal after a public change (`NationalPortalDelivery`).
    case nationalSync
}
