import Fluent
import Foundation
import PAKNDomain

/// An Open311 API key issued by an admin to one partner (a mobile app, a utility's back office, a portal).
/// Only the SHA-256 of the key is stored; the key itself is shown once. A key may be bound to an agency (its
/// updates then act as that agency's officer) and allows only the `PartnerPermission`s it lists.
public final class PartnerAPIKey: Model, @unchecked Sendable {
    public static let schema = "partner_api_keys"
    @ID(key: .id) public var id: UUID?
    /// The partner's name, as the admin typed it ("Ứng dụng Gia Lai Số", "Công ty Điện lực Gia Lai").
    @Field(key: "partner") public var partner: String
    /// The first 8 characters of the key, to recognise it in lists and logs (not secret enough to use it).
    @Field(key: "key_prefix") public var keyPrefix: String
    /// SHA-256 of the whole key, lower-case hex; unique.
    @Field(key: "key_hash") public var keyHash: String
    /// The agency whose officer the key's updates act as; `nil`: updates are notes only.
    @OptionalField(key: "agency_id") public var agencyID: UUID?
    /// What the key may do; stored as `PartnerPermission` raw values, comma-separated.
    @Field(key: "permissions") public var permissions: PartnerPermissions
    /// Calls allowed per hour (fixed window, per server process).
    @Field(key: "requests_per_hour") public var requestsPerHour: Int
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "revoked_at") public var revokedAt: Date?
    @OptionalField(key: "last_used_at") public var lastUsedAt: Date?

    public init() {}

    /// The permissions the key holds.
    public var permissionSet: Set<PartnerPermission> { permissions.set }
}

/// A key's permissions, stored as their raw values joined by commas in `PartnerPermission.allCases` order
/// (`create_requests,post_updates`; empty for none). A stored name the code does not know makes the row
/// unreadable (the key is refused), never a key with fewer or more rights than were granted.
public struct PartnerPermissions: Codable, Sendable, Hashable {
    public var set: Set<PartnerPermission>

    public init(_ set: Set<PartnerPermission>) { self.set = set }

    /// The stored text: raw values in `allCases` order, comma-separated.
    public var storedText: String { PartnerPermission.allCases.filter(set.contains).map(\.rawValue).joined(separator: ",") }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        var set: Set<PartnerPermission> = []
        for name in text.split(separator: ",") {
            guard let permission = PartnerPermission(rawValue: String(name)) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown permission '\(name)'"))
            }
            set.insert(permission)
        }
        self.set = set
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(storedText)
    }
}

/// What a partner's API key may do.
public enum PartnerPermission: String, Sendable, CaseIterable, Hashable {
    /// Open311 `POST requests`: file a case on behalf of a citizen (channel `open311`).
    case createRequests = "create_requests"
    /// mySociety `POST servicerequestupdates`: push status changes and answers (as the bound agency's officer).
    case postUpdates = "post_updates"

    /// Vietnamese label for the admin page.
    public var label: String {
        switch self {
        case .createRequests: "Gửi phản ánh mới (POST requests)"
        case .postUpdates: "Cập nhật tình trạng, trả lời (POST servicerequestupdates)"
        }
    }
}

/// One use of a partner API key (or one attempt with a key we do not know): the audit trail of the Open311 API.
public final class APIKeyUse: Model, @unchecked Sendable {
    public static let schema = "api_key_uses"
    @ID(key: .id) public var id: UUID?
    /// `nil` when the key presented was unknown or revoked.
    @OptionalField(key: "key_id") public var keyID: UUID?
    @Field(key: "occurred_at") public var occurredAt: Date
    /// e.g. "POST requests", "POST servicerequestupdates".
    @Field(key: "endpoint") public var endpoint: String
    /// The HTTP status answered.
    @Field(key: "status") public var status: Int
    /// The case concerned (tracking code digits), when there is one.
    @OptionalField(key: "service_request_id") public var serviceRequestID: String?
    @Field(key: "client_address") public var clientAddress: String

    public init() {}
}

/// A status change or answer pushed by a partner (mySociety `POST servicerequestupdates`), kept so that a
/// repeated `update_id` from the same partner returns the first result and changes nothing.
public final class PartnerUpdate: Model, @unchecked Sendable {
    public static let schema = "partner_updates"
    @ID(key: .id) public var id: UUID?
    /// The partner's name (`PartnerAPIKey.partner`): `update_id`s are unique per partner.
    @Field(key: "partner") public var partner: String
    @Field(key: "update_id") public var updateID: String
    @Field(key: "key_id") public var keyID: UUID
    @Field(key: "request_id") public var requestID: UUID
    /// The status the partner sent (stored as its wire value, `OPEN`, `CLOSED`, `UNCHANGED`).
    @Field(key: "status") public var status: PartnerUpdateStatus
    @Field(key: "updated_at") public var updatedAt: Date
    @Field(key: "description") public var description: String
    /// The workflow moves made, comma-separated, or "note" when the update was kept as a note.
    @Field(key: "applied") public var applied: String
    @Field(key: "received_at") public var receivedAt: Date

    public init() {}
}

/// A stored outcome of `POST /api/v1/requests` under an `Idempotency-Key`: a retry with the same key and body gets
/// this response again instead of a second case.
public final class IdempotencyRecord: Model, @unchecked Sendable {
    public static let schema = "idempotency_keys"
    @ID(key: .id) public var id: UUID?
    /// "POST /api/v1/requests".
    @Field(key: "scope") public var scope: String
    @Field(key: "key") public var key: String
    /// SHA-256 of the request body: the same key with another body is refused (422).
    @Field(key: "request_hash") public var requestHash: String
    @Field(key: "status_code") public var statusCode: Int
    @Field(key: "response_body") public var responseBody: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
