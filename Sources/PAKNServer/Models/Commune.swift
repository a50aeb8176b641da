import Fluent
import Foundation

/// A commune-level unit (xã, phường, đặc khu) of the two-tier local government in force since 2025-07-01.
/// Versioned (migration 0016): in force from `validFrom` to `validTo`.
/// `unitType`: 3 phường, 4 xã, 5 đặc khu (the dataset's AdministrativeUnitId).
public final class Commune: Model, @unchecked Sendable {
    public static let schema = "communes"
    @ID(custom: "code", generatedBy: .user) public var id: String?
    @Field(key: "province_code") public var provinceCode: String
    @Field(key: "name") public var name: String
    @Field(key: "full_name") public var fullName: String
    @Field(key: "unit_type") public var unitType: Int
    /// `VietnameseText.fold(fullName)`, for accent-insensitive look-up.
    @Field(key: "search_name") public var searchName: String
    /// The first day in force, ISO `YYYY-MM-DD`, Asia/Ho_Chi_Minh ("2025-07-01" for the units of QĐ 19/2025/QĐ-TTg).
    @Field(key: "valid_from") public var validFrom: String
    /// The last day in force (ISO day, Asia/Ho_Chi_Minh), nil while in force. A unit that stops existing keeps its
    /// row (requests reference it) and gets this day (`pakn units import`).
    @OptionalField(key: "valid_to") public var validTo: String?

    public init() {}
}
