import Crypto
import Fluent
import Foundation
import PAKNChannels
import Vapor

/// How long sessions live (issue 11 item 8). Defaults fit an 8-hour operator shift: a signed-in session ends after
/// ``idle`` without a request or ``absolute`` after sign-in, whichever comes first; a visitor's session (form
/// tokens only) after ``visitorLifetime``. `PAKN_SESSION_IDLE_MINUTES` (60) and `PAKN_SESSION_MAX_HOURS` (10) set the
/// first two.
struct SessionPolicy: Sendable, Equatable {
    /// Seconds without a request after which a signed-in session ends (60 minutes).
    var idle: TimeInterval = 60 * 60
    /// Seconds after sign-in after which a session ends whatever happens (10 hours: a shift and its breaks).
    var absolute: TimeInterval = 10 * 3600
    /// Seconds a visitor's state (the public forms' token, codes filed and verified; the signed `pakn_visitor`
    /// cookie, `VisitorCookie`, and a session row without a user, such as a sign-in waiting for its second factor)
    /// lives after its last request (24 hours: a citizen may take the evening to write).
    var visitorLifetime: TimeInterval = 24 * 3600
    /// A session's `seen_at` is rewritten only when it is older than this (seconds): a request does not write.
    var touchInterval: TimeInterval = 60

    /// The defaults, overridden by the environment's positive whole numbers.
    static func fromEnvironment(_ env: [String: String]) -> SessionPolicy {
        var policy = SessionPolicy()
        if let minutes = env["PAKN_SESSION_IDLE_MINUTES"].flatMap(Int.init), minutes > 0 { policy.idle = TimeInterval(minutes) * 60 }
        if let hours = env["PAKN_SESSION_MAX_HOURS"].flatMap(Int.init), hours > 0 { policy.absolute = TimeInterval(hours) * 3600 }
        return policy
    }

    /// Whether a session with these times has ended at `now`.
    func hasExpired(signedIn: Bool, createdAt: Date, signedInAt: Date?, seenAt: Date, now: Date) -> Bool {
        if signedIn {
            return now.timeIntervalSince(seenAt) > idle || now.timeIntervalSince(signedInAt ?? createdAt) > absolute
        }
        return now.timeIntervalSince(seenAt) > visitorLifetime
    }
}

/// Vapor's session store for this product: rows in `staff_sessions` with timeouts enforced where a session is read,
/// hashed keys, and revocation per user. Replaces Fluent's `_fluent_sessions`, which has no time column and so could
/// neither expire nor be purged.
struct StaffSessionDriver: AsyncSessionDriver {
    let policy: SessionPolicy

    /// What the request's session looked like when read, so the answer's write can be skipped if nothing changed.
    private struct Loaded: StorageKey { typealias Value = (data: SessionData, seenAt: Date) }

    static func hash(_ id: SessionID) -> String {
        hexString(SHA256.hash(data: Data(id.string.utf8)))
    }

    func createSession(_ data: SessionData, for request: Request) async throws -> SessionID {
        let id = SessionID(string: Data([UInt8].random(count: 32)).base64EncodedString())
        let now = Date()
        let record = StaffSession()
        record.keyHash = Self.hash(id)
        record.data = data
        record.userID = Self.userID(in: data)
        record.createdAt = now
        record.signedInAt = record.userID == nil ? nil : now
        record.seenAt = now
        try await record.create(on: request.db)
        return id
    }

    func readSession(_ sessionID: SessionID, for request: Request) async throws -> SessionData? {
        guard let record = try await StaffSession.query(on: request.db).filter(\.$keyHash == Self.hash(sessionID)).first() else {
            return nil
        }
        if policy.hasExpired(signedIn: record.userID != nil, createdAt: record.createdAt, signedInAt: record.signedInAt,
                             seenAt: record.seenAt, now: Date()) {
            try await record.delete(on: request.db)
            return nil
        }
        request.storage[Loaded.self] = (record.data, record.seenAt)
        return record.data
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) async throws -> SessionID {
        let now = Date()
        if let loaded = request.storage[Loaded.self], loaded.data == data,
           now.timeIntervalSince(loaded.seenAt) < policy.touchInterval {
            return sessionID
        }
        let hash = Self.hash(sessionID)
        guard let record = try await StaffSession.query(on: request.db).filter(\.$keyHash == hash).first() else {
            // Revoked or purged while the request ran: a sign-out must not be undone by this request's answer.
            return sessionID
        }
        let user = Self.userID(in: data)
        if user != record.userID { record.signedInAt = user == nil ? nil : now }
        record.userID = user
        record.data = data
        record.seenAt = now
        try await record.update(on: request.db)
        return sessionID
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) async throws {
        try await StaffSession.query(on: request.db).filter(\.$keyHash == Self.hash(sessionID)).delete()
    }

    /// The signed-in staff member's id in a session's data (`uid`), if any.
    static func userID(in data: SessionData) -> UUID? {
        data["uid"].flatMap(UUID.init(uuidString:))
    }
}

/// Ending a user's access everywhere (issue 11 item 8): on a password change or reset, a deactivation or a change of
/// role or agency, every session and API token of the user goes, but for the one session given as `keeping` (the
/// person who changed their own password stays signed in where they did it).
enum AccessRevocation {
    /// Deletes the sessions (all but `keeping`) and the API tokens of `userID`. Returns how many sessions went.
    @discardableResult
    static func revokeAll(of userID: UUID, keeping session: SessionID? = nil, on db: Database) async throws -> Int {
        func others() -> QueryBuilder<StaffSession> {
            let query = StaffSession.query(on: db).filter(\.$userID == userID)
            return session.map { query.filter(\.$keyHash != StaffSessionDriver.hash($0)) } ?? query
        }
        let count = try await others().count()
        try await others().delete()
        try await APIToken.query(on: db).filter(\.$user.$id == userID).delete()
        return count
    }
}
