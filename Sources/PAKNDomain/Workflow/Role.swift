/// A staff member's role. Roles decide which workflow moves a user may make (`Workflow.transitions`)
/// and which cases a user may see (`Visibility`).
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    /// Tổng đài viên: takes calls, enters and triages requests.
    case `operator`
    /// Đơn vị đầu mối, điều phối: triages, forwards, reviews and publishes answers, approves extensions.
    case coordinator
    /// Cán bộ xử lý of a handling agency: sees only the agency's cases.
    case agencyOfficer
    /// Lãnh đạo đơn vị: approves the agency's answers.
    case agencyLeader
    /// Lãnh đạo tỉnh: reads everything (except complaint items), changes nothing, receives escalations.
    case provincialLeader
    /// Cán bộ tiếp công dân / thanh tra: the only role that sees khiếu nại, tố cáo items.
    case complaintOfficer
    /// Quản trị hệ thống: reference data, users; no workflow moves.
    case admin

    /// Vietnamese label.
    public var label: String {
        switch self {
        case .operator: "Tổng đài viên"
        case .coordinator: "Điều phối viên"
        case .agencyOfficer: "Cán bộ xử lý"
        case .agencyLeader: "Lãnh đạo đơn vị"
        case .provincialLeader: "Lãnh đạo tỉnh"
        case .complaintOfficer: "Cán bộ tiếp công dân"
        case .admin: "Quản trị"
        }
    }

    /// True for roles that belong to one handling agency and must only see its cases.
    public var isAgencyScoped: Bool { self == .agencyOfficer || self == .agencyLeader }
}
