import Fluent
import Foundation

/// A commune-level unit (xã, phường, đặc khu) of the two-tier local government in force since 2025-07-01.
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

    public init() {}
}
