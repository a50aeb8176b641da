import Fluent
import Foundation

/// A stored routing rule: field × commune → default lead agency (`PAKNDomain.RoutingRule`).
public final class RoutingRuleRecord: Model, @unchecked Sendable {
    public static let schema = "routing_rules"
    @ID(key: .id) public var id: UUID?
    @OptionalField(key: "service_code") public var serviceCode: String?
    @OptionalField(key: "commune_code") public var communeCode: String?
    @Field(key: "agency_id") public var agencyID: UUID

    public init() {}
    public init(serviceCode: String?, communeCode: String?, agencyID: UUID) {
        self.serviceCode = serviceCode; self.communeCode = communeCode; self.agencyID = agencyID
    }
}
