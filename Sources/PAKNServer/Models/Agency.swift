import Fluent
import Foundation
import PAKNDomain

/// A handling agency (cơ quan, đơn vị xử lý): a department, a commune People's Committee, a utility.
/// Names are editable data (Sở TT&TT became Sở KH&CN in 2025).
public final class Agency: Model, @unchecked Sendable {
    public static let schema = "agencies"
    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    /// department, commune, utility, other.
    @Field(key: "kind") public var kind: AgencyKind
    @OptionalField(key: "commune_code") public var communeCode: String?
    @OptionalField(key: "email") public var email: String?
    @Field(key: "active") public var active: Bool
    /// JSON of `WorkingHours` when the agency keeps its own hours; nil: the deployment's.
    @OptionalField(key: "working_hours") public var workingHours: String?

    public init() {}
    public init(id: UUID? = nil, name: String, kind: AgencyKind, communeCode: String? = nil, email: String? = nil) {
        self.id = id; self.name = name; self.kind = kind; self.communeCode = communeCode; self.email = email; self.active = true
    }
}
