import Fluent
import Foundation

/// A contact standing behind a case. Merging a duplicate adds its contacts here; each is told the outcome.
public final class RequestContact: Model, @unchecked Sendable {
    public static let schema = "request_contacts"
    @ID(key: .id) public var id: UUID?
    @Field(key: "request_id") public var requestID: UUID
    @Field(key: "contact_id") public var contactID: UUID
    @Field(key: "is_primary") public var isPrimary: Bool
    /// The case the contact originally wrote in (differs from `requestID` after a merge).
    @Field(key: "source_request_id") public var sourceRequestID: UUID
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
    public init(requestID: UUID, contactID: UUID, isPrimary: Bool, sourceRequestID: UUID) {
        self.requestID = requestID; self.contactID = contactID; self.isPrimary = isPrimary; self.sourceRequestID = sourceRequestID
    }
}
