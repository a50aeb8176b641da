import Fluent
import Foundation

/// A provincial-level unit (tỉnh / thành phố trực thuộc trung ương), QĐ 19/2025/QĐ-TTg codes ("52" = Gia Lai).
public final class Province: Model, @unchecked Sendable {
    public static let schema = "provinces"
    @ID(custom: "code", generatedBy: .user) public var id: String?
    @Field(key: "name") public var name: String
    @Field(key: "full_name") public var fullName: String
    /// The first day in force, ISO `YYYY-MM-DD`, Asia/Ho_Chi_Minh ("2025-07-01" for the 34 provinces of 2025).
    @Field(key: "valid_from") public var validFrom: String
    /// The last day in force (ISO day, Asia/Ho_Chi_Minh), nil while in force; a province is never deleted.
    @OptionalField(key: "valid_to") public var validTo: String?

    public init() {}
    public init(code: String, name: String, fullName: String, validFrom: String = "2025-07-01") {
        self.id = code; self.name = name; self.fullName = fullName; self.validFrom = validFrom
    }
}
