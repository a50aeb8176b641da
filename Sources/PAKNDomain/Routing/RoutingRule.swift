/// A routing rule: cases of a field (service code) in an area (commune code) go to an agency by default.
/// `nil` in a key means "any". Source of the idea: domain.md requirement 20 (a routing-rule table maps
/// field + area to the default agency).
public struct RoutingRule: Sendable, Hashable, Codable {
    public let serviceCode: String?
    public let communeCode: String?
    public let agencyID: String

    public init(serviceCode: String?, communeCode: String?, agencyID: String) {
        self.serviceCode = serviceCode
        self.communeCode = communeCode
        self.agencyID = agencyID
    }

    /// How specific the rule is: field and commune (3) beat field only (2), which beats commune only (1),
    /// which beats a catch-all (0).
    public var specificity: Int {
        (serviceCode != nil ? 2 : 0) + (communeCode != nil ? 1 : 0)
    }

    /// Whether the rule applies to a case with this field and commune.
    public func matches(serviceCode: String?, communeCode: String?) -> Bool {
        (self.serviceCode == nil || self.serviceCode == serviceCode)
            && (self.communeCode == nil || self.communeCode == communeCode)
    }
}

/// Proposes the lead agency for a case from the routing rules.
public enum Router {
    /// The agency of the most specific matching rule, or `nil` when none matches.
    /// Ties between equally specific rules go to the first in the given order.
    public static func proposeAgency(serviceCode: String?, communeCode: String?, rules: [RoutingRule]) -> String? {
        var best: RoutingRule?
        for rule in rules where rule.matches(serviceCode: serviceCode, communeCode: communeCode) {
            if best == nil || rule.specificity > best!.specificity { best = rule }
        }
        return best?.agencyID
    }
}
