import Fluent
import Foundation

/// A provincial-level unit (tỉnh / thành phố trực thuộc trung ương), QĐ 19/2025/QĐ-TTg codes ("52" = Gia Lai).
public final class Province: Model, @unchecked Sendable {
    public static let schema = "provinces"
    @ID(custom: "code", generatedBy: .user) public var id: String?
    @Field(key: "name") public var name: String
    @Field(key: "full_name") public var fullName: String

    public init() {}
    public init(code: String, name: String, fullName: String) {
        self.id = code; self.name = name; self.fullName = fullName
    }
}
