/// Whether the free-text note of a case event may reach the public (issue 11 item 5). The event itself (its label
/// and date) follows the move's own rule (`WorkflowAction.isPublicByDefault`); its note is internal unless approved,
/// because nothing reaches a public page without the coordinator's approval.
public enum NoteVisibility: String, Sendable, Codable, CaseIterable, Hashable {
    /// Staff only (the default).
    case `internal`
    /// Its author asked for it to be public; it waits for a coordinator.
    case proposed
    /// A coordinator wrote it as public, or approved it: shown on the public timeline, masked, labelled with its
    /// author's unit.
    case approved

    /// The visibility of a note when it is written by `role` (nil: not staff), who asked for it to be public or not.
    /// A coordinator's public note is approved by its writing; anyone else's waits for a coordinator; a citizen's own
    /// text (a re-opening, a supplement) stays internal.
    public static func onWrite(by role: Role?, wantsPublic: Bool) -> NoteVisibility {
        guard wantsPublic, let role else { return .internal }
        return role == .coordinator ? .approved : .proposed
    }

    /// Vietnamese label for staff pages.
    public var label: String {
        switch self {
        case .internal: "Nội bộ"
        case .proposed: "Đề nghị công khai, chờ điều phối viên duyệt"
        case .approved: "Đã công khai"
        }
    }
}
