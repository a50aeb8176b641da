import Crypto
import Fluent
import PAKNChannels
import Foundation
import Vapor

/// `Idempotency-Key` on `POST /api/v1/requests` (IETF draft-ietf-httpapi-idempotency-key-header): a client that
/// retries a create with the same key and the same body gets the first response again (status and body), never a
/// second case.
///
/// - A key is 1–255 visible ASCII characters (a UUID is a good key); anything else answers 400.
/// - The same key with a different body answers 422 `idempotency_key_reused`. A retry arriving while the first
///   request is still running waits for it and then gets its response.
/// - Only successful creates (2xx) are kept, for 24 hours; a refused request (validation, rate limit) keeps nothing,
///   so the client can correct it and retry with the same key. The stored row and the new case are written in one
///   transaction: there is never one without the other.
enum Idempotency {
    static let header = "Idempotency-Key"
    static let lifetime: TimeInterval = 24 * 3600

    /// Runs `create` at most once per key (see the type's documentation), on a transaction when a key is given.
    /// - Parameters:
    ///   - key: the key; by default the `Idempotency-Key` header (the web form passes its single-use form id).
    ///   - contentType: the type of the stored answer when it is replayed.
    ///   - sameBodyRequired: refuse a retry whose body differs (422). The web form turns it off: its id is single-use
    ///     whatever the body (a browser sends a resubmitted form with a new multipart boundary).
    static func once(_ req: Request, scope: String, key given: String? = nil, contentType: HTTPMediaType = .json,
                     sameBodyRequired: Bool = true,
                     _ create: @escaping @Sendable (any Database) async throws -> Response) async throws -> Response {
        guard let key = given ?? req.headers.first(name: header) else { return try await create(req.db) }
        guard (1...255).contains(key.count), key.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value <= 0x7E }) else {
            throw AppError(.badRequest, "invalid_idempotency_key", "Idempotency-Key cần 1–255 ký tự ASCII nhìn thấy được.")
        }
        let body = req.body.data.map { Data(buffer: $0) } ?? Data()
        let hash = sameBodyRequired ? hexString(SHA256.hash(data: body)) : "any"
        let now = Date()
        if let earlier = try await find(key, scope: scope, on: req.db) {
            if now.timeIntervalSince(earlier.createdAt) <= lifetime { return try replay(earlier, hash: hash, contentType: contentType) }
            try await earlier.delete(on: req.db)
        }
        let claim = IdempotencyRecord()
        claim.scope = scope; claim.key = key; claim.requestHash = hash
        claim.statusCode = 0; claim.responseBody = ""; claim.createdAt = now
        do {
            let response = try await req.db.writeTransaction { tx -> Response in
                // The claim is the transaction's first statement, a write: a concurrent retry's insert of the same
                // key waits on it (PostgreSQL's unique index, SQLite's write lock) and then finds the stored result.
                // Writing first also keeps SQLite from refusing the transaction (SQLITE_BUSY) when it would have to
                // upgrade a read lock while the job worker writes.
                try await claim.create(on: tx)
                let response = try await create(tx)
                guard (200..<300).contains(response.status.code) else { throw NotKept(response: response) }
                claim.statusCode = Int(response.status.code)
                claim.responseBody = response.body.string ?? ""
                try await claim.save(on: tx)
                return response
            }
            response.headers.replaceOrAdd(name: header, value: key)
            return response
        } catch let notKept as NotKept {
            return notKept.response
        } catch {
            if let earlier = try? await find(key, scope: scope, on: req.db) { return try replay(earlier, hash: hash, contentType: contentType) }
            throw error
        }
    }

    /// A refused create: its transaction (and the claim) is rolled back, the response goes out as it is.
    private struct NotKept: Error, @unchecked Sendable { let response: Response }

    private static func find(_ key: String, scope: String, on db: Database) async throws -> IdempotencyRecord? {
        try await IdempotencyRecord.query(on: db).filter(\.$scope == scope).filter(\.$key == key).first()
    }

    private static func replay(_ earlier: IdempotencyRecord, hash: String, contentType: HTTPMediaType) throws -> Response {
        guard earlier.requestHash == hash else {
            throw AppError(.unprocessableEntity, "idempotency_key_reused", "Idempotency-Key này đã được dùng cho một yêu cầu khác.")
        }
        let response = Response(status: HTTPResponseStatus(statusCode: earlier.statusCode), body: .init(string: earlier.responseBody))
        response.headers.contentType = contentType
        response.headers.replaceOrAdd(name: header, value: earlier.key)
        response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
        return response
    }
}
