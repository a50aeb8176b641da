/// Which cases a staff member may see. The server turns this into query filters, so scoping is
/// enforced in the database query and not only hidden in views.
public enum CaseScope: Sendable, Equatable {
    /// Every case except the restricted (khiếu nại, tố cáo) ones.
    case allUnrestricted
    /// Only cases on which the given agency holds an assignment (lead or co-handler), never restricted ones.
    case agency(AgencyID)
    /// Only restricted cases (khiếu nại, tố cáo).
    case restrictedOnly

    /// An agency's identifier as stored (a UUID string).
    public typealias AgencyID = String

    /// The scope of a role; `nil`: sees no case (the admin; agency-scoped roles without an agency).
    /// - Parameters:
    ///   - role: the staff member's role.
    ///   - agencyID: the staff member's agency, for `agencyOfficer` and `agencyLeader`.
    public static func of(_ role: Role, agencyID: AgencyID?) -> CaseScope? {
        switch role {
        case .operator, .coordinator, .provincialLeader: .allUnrestricted
        // Data minimisation (Luật 91/2025/QH15): the admin keeps reference data and users, not case contents.
        case .admin: nil
        case .complaintOfficer: .restrictedOnly
        case .agencyOfficer, .agencyLeader: agencyID.map { .agency($0) }
        }
    }
}

/// Who may receive a requester's identity and contact details (data minimisation: Luật Bảo vệ dữ liệu cá nhân
/// 91/2025/QH15 and Nghị định 356/2025/NĐ-CP — personal data is processed only by those whose task needs it).
///
/// Operators, coordinators and complaint officers talk to the requester and need them. An agency's staff need them
/// unless the requester asked to stay hidden from the agency. Provincial leaders steer by numbers and answers, never
/// by who wrote; the admin keeps reference data, not cases; a caller who is not staff (`nil`) never receives them.
public enum ContactAccess {
    /// Whether the requester's identity is hidden from `role`: no contact page, no contacts in exports or the API,
    /// names masked in texts.
    public static func identityHidden(from role: Role?, requesterAskedToHideFromAgency: Bool) -> Bool {
        switch role {
        case .operator, .coordinator, .complaintOfficer: false
        case .agencyOfficer, .agencyLeader: requesterAskedToHideFromAgency
        case .provincialLeader, .admin, nil: true
        }
    }

    /// Why it is hidden, in Vietnamese, for the page that would have shown it.
    public static func reason(for role: Role?) -> String {
        role?.isAgencyScoped == true
            ? "Người gửi đã yêu cầu ẩn danh tính với cơ quan xử lý."
            : "Vai trò của bạn không cần thông tin liên hệ của người gửi (bảo vệ dữ liệu cá nhân)."
    }
}
