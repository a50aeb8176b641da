/// Who makes a workflow move: a staff member in a role, the citizen behind the case, or the system
/// (scheduled jobs such as closing a published case after the rating window).
public enum Actor: Sendable, Hashable {
    case staff(Role)
    case citizen
    case system

    /// Vietnamese label for the history, without personal data.
    public var label: String {
        switch self {
        case .staff(let role): role.label
        case .citizen: "Người gửi"
        case .system: "Hệ thống"
        }
    }
}
