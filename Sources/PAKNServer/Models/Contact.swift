import Fluent
import Foundation

/// The only record that holds personal data (người liên hệ): everything else refers to it by id.
public final class Contact: Model, @unchecked Sendable {
    public static let schema = "contacts"
    @ID(key: .id) public var id: UUID?
    @Field(key: "full_name") public var fullName: String
    @OptionalField(key: "phone") public var phone: String?
    /// Digits of `phone` in national form ("0912345678"), for caller look-up and the second factor.
    @OptionalField(key: "phone_digits") public var phoneDigits: String?
    @OptionalField(key: "email") public var email: String?
    @OptionalField(key: "address") public var address: String?
    @OptionalField(key: "id_number") public var idNumber: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
