import Fluent
import Foundation

/// A request that arrived from the national PAKN portal (Cổng Dịch vụ công quốc gia): the portal's id, unique, so
/// that a second delivery of it creates nothing (`NationalPortalImport`). Holds no personal data.
public final class NationalPortalLink: Model, @unchecked Sendable {
    public static let schema = "national_portal_requests"
    @ID(key: .id) public var id: UUID?
    /// The portal's own id of the request ("mã PAKN" there), as it sent it (trimmed, at most 100 characters).
    @Field(key: "portal_id") public var portalID: String
    /// Our request.
    @Field(key: "request_id") public var requestID: UUID
    /// When the portal says it received the request (UTC); our own reception is the import's instant.
    @OptionalField(key: "portal_received_at") public var portalReceivedAt: Date?
    /// The portal's field as it sent it, when it is not one of our field codes (the operator sets ours at triage).
    @OptionalField(key: "portal_field") public var portalField: String?
    @Field(key: "imported_at") public var importedAt: Date

    public init() {}
}
