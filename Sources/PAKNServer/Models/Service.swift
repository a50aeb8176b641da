import Fluent
import Foundation
import PAKNDomain

/// A field (lĩnh vực): Open311's "service". `id` is the `service_code` (e.g. "su_co_duong").
public final class Service: Model, @unchecked Sendable {
    public static let schema = "services"
    @ID(custom: "code", generatedBy: .user) public var id: String?
    @Field(key: "name") public var name: String
    /// The group the field belongs to (stored as `ServiceGroup.rawValue`).
    @Field(key: "group_code") public var group: ServiceGroup
    /// Default urgency (`Urgency.rawValue`: khan, thuong, phuc_tap).
    @Field(key: "default_urgency") public var defaultUrgency: Urgency
    @Field(key: "description") public var description: String
    @Field(key: "active") public var active: Bool
    @Field(key: "position") public var position: Int

    public init() {}
    public init(code: String, name: String, group: ServiceGroup, defaultUrgency: Urgency, description: String = "", position: Int) {
        self.id = code; self.name = name; self.group = group; self.defaultUrgency = defaultUrgency
        self.description = description; self.active = true; self.position = position
    }
}
