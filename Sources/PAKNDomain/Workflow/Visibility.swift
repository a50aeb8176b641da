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
