import Fluent
import Foundation

/// A row of the database-backed job table (outbox notifications and scheduled work).
/// Claimed with `FOR UPDATE SKIP LOCKED` on PostgreSQL so that two server processes never run one job twice.
public final class Job: Model, @unchecked Sendable {
    public static let schema = "jobs"
    @ID(key: .id) public var id: UUID?
    /// e.g. "notify".
    @Field(key: "kind") public var kind: String
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
