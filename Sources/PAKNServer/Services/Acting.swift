import Foundation
import PAKNDomain

/// Who is acting in a request handler: a logged-in staff member, the verified citizen, or the system.
public struct Acting: Sendable {
    public let userID: UUID?
    public let actor: Actor
    public let agencyID: UUID?
    /// For the history: the staff member's name and role, or "Người gửi" / "Hệ thống".
    public let label: String

    public static let system = Acting(userID: nil, actor: .system, agencyID: nil, label: Actor.system.label)
    public static let citizen = Acting(userID: nil, actor: .citizen, agencyID: nil, label: Actor.citizen.label)

    public init(userID: UUID?, actor: Actor, agencyID: UUID?, label: String) {
        self.userID = userID; self.actor = actor; self.agencyID = agencyID; self.label = label
    }

    /// The staff role, if a staff member acts.
    public var role: Role? {
        if case .staff(let role) = actor { return role }
        return nil
    }

    /// The query scope for a staff member (`nil`: sees nothing).
    public var scope: CaseScope? {
        guard let role else { return nil }
        return CaseScope.of(role, agencyID: agencyID?.uuidString)
    }
}

extension User {
    /// The acting context of this staff member.
    var acting: Acting {
        let role = self.role
        return Acting(userID: id, actor: .staff(role), agencyID: agencyID, label: "\(fullName) (\(role.label))")
    }
}
