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
}
