/// What kind of body an agency is (domain.md §1: departments, commune People's Committees, public utilities).
/// Raw values are the stored identifiers (`agencies.kind`).
public enum AgencyKind: String, Sendable, Codable, CaseIterable, Hashable {
    /// Sở, ban, ngành of the province.
    case department
    /// Ủy ban nhân dân xã, phường, đặc khu.
    case commune
    /// A public utility (điện lực, cấp nước, môi trường đô thị, …).
    case utility
    /// Any other body.
    case other

    /// Vietnamese label.
    public var label: String {
        switch self {
        case .department: "Sở, ban, ngành"
        case .commune: "UBND xã, phường"
        case .utility: "Doanh nghiệp dịch vụ"
        case .other: "Khác"
        }
    }
}
