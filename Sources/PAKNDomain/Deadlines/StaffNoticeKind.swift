/// What a notice to staff is about (issue 3 §4: reminders before due instants, escalations after them).
/// Raw values are the stored identifiers (`staff_notifications.kind`).
public enum StaffNoticeKind: String, Sendable, Codable, CaseIterable, Hashable {
    /// A due instant is near (to the agency's officers).
    case reminder
    /// A due instant has passed (to the agency's leader and the coordinators).
    case escalation
    /// Still overdue after `PAKN_ESCALATE_PROVINCIAL_HOURS` working hours (to the provincial leaders).
    case provincialEscalation
    /// An agency asked for more time (to the coordinators).
    case extensionRequested
    /// A case was forwarded to the agency (to its officers and leader; issue 14).
    case newAssignment
    /// The agency's leader returned a draft answer for rework (to the agency's officers; issue 14).
    case draftReturned

    /// Vietnamese label, as staff choose which notices they receive.
    public var label: String {
        switch self {
        case .reminder: "Phản ánh sắp đến hạn"
        case .escalation: "Phản ánh quá hạn"
        case .provincialEscalation: "Phản ánh quá hạn lâu (báo lãnh đạo tỉnh)"
        case .extensionRequested: "Cơ quan xin gia hạn"
        case .newAssignment: "Phản ánh mới chuyển đến đơn vị"
        case .draftReturned: "Dự thảo trả lời bị trả lại"
        }
    }

    /// The roles a notice of this kind is addressed to (agency roles: of the agency concerned).
    public var addressees: [Role] {
        switch self {
        case .reminder, .draftReturned: [.agencyOfficer]
        case .escalation: [.agencyLeader, .coordinator]
        case .provincialEscalation: [.provincialLeader]
        case .extensionRequested: [.coordinator]
        case .newAssignment: [.agencyOfficer, .agencyLeader]
        }
    }
}

/// Which notices a staff member also receives by e-mail (and SMS when they gave a number and SMS is configured),
/// besides the in-app list (issue 14, "Staff notices"). Stored as the comma-separated raw values of the chosen kinds;
/// nothing stored means the defaults: every kind addressed to the role.
public enum StaffNoticePreferences {
    /// The kinds ever addressed to `role`, in declaration order: what the account page offers. An agency leader is
    /// also offered the officers' kinds: a leader can be the officer named on a case (`OfficerAssignment`), and then
    /// the case's officers' notices are theirs.
    public static func offered(to role: Role) -> [StaffNoticeKind] {
        StaffNoticeKind.allCases.filter { $0.addressees.contains(role) || (role == .agencyLeader && $0.addressees.contains(.agencyOfficer)) }
    }

    /// The kinds `role` receives when they never chose: all offered ones.
    public static func defaults(for role: Role) -> Set<StaffNoticeKind> { Set(offered(to: role)) }

    /// The chosen kinds from the stored text: `nil` → ``defaults(for:)``; `""` → none; unknown names and kinds not
    /// addressed to `role` are ignored.
    public static func parse(_ stored: String?, role: Role) -> Set<StaffNoticeKind> {
        guard let stored else { return defaults(for: role) }
        let offered = Set(offered(to: role))
        return Set(stored.split(separator: ",").compactMap { StaffNoticeKind(rawValue: String($0)) }).intersection(offered)
    }

    /// The stored text of `kinds`: raw values in declaration order, comma-separated (`""` for none).
    public static func stored(_ kinds: Set<StaffNoticeKind>) -> String {
        StaffNoticeKind.allCases.filter(kinds.contains).map(\.rawValue).joined(separator: ",")
    }
}
