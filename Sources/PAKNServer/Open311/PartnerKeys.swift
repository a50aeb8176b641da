import Crypto
import Fluent
import PAKNChannels
import Foundation
import PAKNDomain
import SQLKit
import Vapor

/// Partner API keys of the Open311 API: issued by an admin (`/quan-tri/khoa-api`, or `pakn api-key issue`),
/// stored as SHA-256 only, revocable, rate-limited per key, bound to permissions and optionally to an agency;
/// every use (and every attempt with an unknown key) is written to `api_key_uses`.
enum PartnerKeys {
    /// Every partner key, newest first (hashes and prefixes only: the key itself is never stored); a row the code
    /// cannot read is left out and logged.
    static func all(on db: Database) async throws -> [PartnerAPIKey] {
        try await PartnerAPIKey.query(on: db).sort(\.$createdAt, .descending).allReadable(logger: db.logger)
    }

    /// The `limit` latest uses of any key, newest first.
    static func recentUses(limit: Int = 50, on db: Database) async throws -> [APIKeyUse] {
        try await APIKeyUse.query(on: db).sort(\.$occurredAt, .descending).limit(limit).all()
    }

    /// Calls per hour a new key gets unless the admin says otherwise.
    static let defaultRequestsPerHour = 600
    /// Attempts with an unknown or revoked key allowed per client address per 15 minutes.
    static let badKeyAttemptsPer15Minutes = 30

    /// Issues a key: `o311_` and 48 random hex digits. The key is returned once; only its hash is kept.
    /// - Throws: `AppError` 422 for an empty partner name, no permission, or a rate outside 1…100 000 per hour.
    static func issue(partner: String, agencyID: UUID?, permissions: Set<PartnerPermission>, requestsPerHour: Int,
                      createdBy: UUID?, on db: Database, now: Date = Date()) async throws -> (key: String, record: PartnerAPIKey) {
        let name = VietnameseText.sanitizedLine(partner)
        guard (2...200).contains(name.count), !Intake.containsMarkup(name) else { throw AppError.invalid("Tên đối tác cần từ 2 đến 200 ký tự.") }
        guard !permissions.isEmpty else { throw AppError.invalid("Chọn ít nhất một quyền cho khóa.") }
        guard (1...100_000).contains(requestsPerHour) else { throw AppError.invalid("Số lần gọi mỗi giờ cần từ 1 đến 100 000.") }
        if let agencyID, try await Agency.find(agencyID, on: db) == nil { throw AppError.invalid("Cơ quan không hợp lệ.") }
        let key = "o311_" + hexString((0..<24).map { _ in UInt8.random(in: 0...255) })
        let record = PartnerAPIKey()
        record.partner = name
        record.keyPrefix = String(key.prefix(9))
        record.keyHash = APITokens.hash(key)
        record.agencyID = agencyID
        record.permissions = PartnerPermissions(Set(permissions))
        record.requestsPerHour = requestsPerHour
        record.createdBy = createdBy
        record.createdAt = now
        try await record.create(on: db)
        return (key, record)
    }

    /// Revokes a key (it answers 403 from now on). Revoking twice keeps the first date.
    static func revoke(_ id: UUID, on db: Database, now: Date = Date()) async throws {
        guard let key = try await PartnerAPIKey.find(id, on: db) else { throw AppError.notFound() }
        if key.revokedAt == nil {
            key.revokedAt = now
            try await key.save(on: db)
        }
    }

    /// The acting context of a key's workflow moves: the bound agency's officer, labelled with the partner's name.
    static func acting(_ key: PartnerAPIKey) -> Acting {
        if let agency = key.agencyID {
            return Acting(userID: nil, actor: .staff(.agencyOfficer), agencyID: agency, label: "Đối tác Open311: \(key.partner) (\(Role.agencyOfficer.label))")
        }
        return Acting(userID: nil, actor: .system, agencyID: nil, label: "Đối tác Open311: \(key.partner)")
    }

    /// Runs `body` for a call that needs `permission` (`nil`: any valid key): checks the key in the `api_key` parameter, the key's hourly
    /// rate, then logs the use with the status answered (also when `body` throws) and the case concerned.
    /// - Throws: `Open311Error` 403 (missing, unknown or revoked key, or a key without `permission`), 429 (rate), and
    ///   whatever `body` throws.
    static func withKey(
        _ req: Request, parameters: Open311Parameters, permission: PartnerPermission?, endpoint: String,
        _ body: (PartnerAPIKey) async throws -> (response: Response, serviceRequestID: String?)
    ) async throws -> Response {
        let presented = parameters["api_key"]
        let hash = presented.map(APITokens.hash)
        // A key row the code cannot read (a permission it does not know) is refused like a revoked key (logged once).
        var key: PartnerAPIKey?
        if let hash {
            do { key = try await PartnerAPIKey.query(on: req.db).filter(\.$keyHash == hash).firstReadable(logger: req.logger) } catch is UnreadableRow { key = nil }
        }
        guard let key, key.revokedAt == nil else {
            try await log(nil, endpoint: endpoint, status: .forbidden, serviceRequestID: nil, on: req)
            guard await req.application.rateLimiter.allow("open311-bad-key:\(req.clientKey)", limit: badKeyAttemptsPer15Minutes, window: 900) else {
                throw AppError.tooManyRequests
            }
            throw Open311Error.missingKey
        }
        if let permission, !key.permissionSet.contains(permission) {
            try await log(key, endpoint: endpoint, status: .forbidden, serviceRequestID: nil, on: req)
            throw Open311Error(.forbidden, "api_key: this key may not call \(endpoint) / khóa không có quyền này")
        }
        guard await req.application.rateLimiter.allow("open311-key:\(try key.requireID())", limit: key.requestsPerHour, window: 3600) else {
            try await log(key, endpoint: endpoint, status: .tooManyRequests, serviceRequestID: nil, on: req)
            throw AppError.tooManyRequests
        }
        do {
            let (response, serviceRequestID) = try await body(key)
            try await log(key, endpoint: endpoint, status: response.status, serviceRequestID: serviceRequestID, on: req)
            return response
        } catch {
            let status: HTTPResponseStatus = (error as? Open311Error)?.status ?? (error as? AbortError)?.status ?? .internalServerError
            try? await log(key, endpoint: endpoint, status: status, serviceRequestID: nil, on: req)
            throw error
        }
    }

    /// How often a key's `last_used_at` is written at most (seconds): every call of a busy partner updating one row
    /// made concurrent creates queue on its row lock (issue 12 item 5). The admin page shows the minute.
    static let lastUseResolution: TimeInterval = 60

    /// Writes one `api_key_uses` row, and the key's `last_used_at` when the stored one is older than
    /// ``lastUseResolution`` (one conditional UPDATE: concurrent calls do not wait on each other for it).
    static func log(_ key: PartnerAPIKey?, endpoint: String, status: HTTPResponseStatus, serviceRequestID: String?,
                    on req: Request, now: Date = Date()) async throws {
        let use = APIKeyUse()
        use.keyID = key?.id
        use.occurredAt = now
        use.endpoint = endpoint
        use.status = Int(status.code)
        use.serviceRequestID = serviceRequestID
        use.clientAddress = req.clientKey
        try await use.create(on: req.db)
        if let key, let id = key.id, let sql = req.db as? any SQLDatabase,
           key.lastUsedAt.map({ now.timeIntervalSince($0) >= lastUseResolution }) ?? true {
            try await sql.update(PartnerAPIKey.schema).set("last_used_at", to: now).where("id", .equal, id)
                .where { $0.where("last_used_at", .is, SQLLiteral.null).orWhere("last_used_at", .lessThan, now.addingTimeInterval(-lastUseResolution)) }
                .run()
        }
    }
}
