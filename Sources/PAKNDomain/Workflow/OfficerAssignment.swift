/// Who inside a handling agency works on a case (issue 14, "Assignment to a named officer"): an agency's assignment
/// can name one of its officers. The agency's leader names any officer of the agency (themselves included) and hands
/// an away officer's cases over to another; an officer takes a case of their agency for themselves. Nobody outside
/// the agency names its officers: the 1022 centre forwards to agencies, not to people.
public enum OfficerAssignment {
    /// May a staff member in `assigner` name `target` on their agency's assignment? `isSelf`: the target is the
    /// assigner. Both must belong to the agency (checked by the caller against the database).
    public static func mayAssign(_ assigner: Role, target: Role, isSelf: Bool) -> Bool {
        guard mayBeAssigned(target) else { return false }
        switch assigner {
        case .agencyLeader: return true
        case .agencyOfficer: return isSelf
        default: return false
        }
    }

    /// Roles that can be named on a case: the agency's officers and its leader.
    public static func mayBeAssigned(_ role: Role) -> Bool { role.isAgencyScoped }

    /// May `role` hand every running case of one officer over to another (an officer away, leaving)?
    public static func mayHandOver(_ role: Role) -> Bool { role == .agencyLeader }
}
