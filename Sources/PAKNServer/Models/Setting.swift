import Fluent
import Foundation

/// A deployment setting stored as JSON: `working_hours`, `intake_hours`, `sla_policies`.
public final class Setting: Model, @unchecked Sendable {
    public static let schema = "settings"
    @ID(custom: "key", generatedBy: .user) public var id: String?
    @Field(key: "value") public var value: String
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
    public init(key: String, value: String) { self.id = key; self.value = value }
}
