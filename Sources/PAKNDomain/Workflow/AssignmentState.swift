/// An agency's part in a case (phân công): the lead agency answers, co-handlers give their input to it
/// (domain.md §2, "chủ trì" and "phối hợp"). Raw values are the stored identifiers (`assignments.role`).
public enum AssignmentRole: String, Sendable, Codable, CaseIterable, Hashable {
    /// Cơ quan chủ trì: accepts, answers, owns the deadline.
    case lead
    /// Cơ quan phối hợp: sends its input to the lead agency.
    case coHandler

    /// Vietnamese label.
    public var label: String {
        switch self {
        case .lead: "chủ trì"
        case .coHandler: "phối hợp"
        }
    }
}

/// Where one agency's assignment stands. Raw values are the stored identifiers (`assignments.status`).
public enum AssignmentStatus: String, Sendable, Codable, CaseIterable, Hashable {
    /// Forwarded, not yet accepted (the acceptance clock runs).
    case pending
    /// Accepted (the resolution clock runs); also after a returned draft or an answer sent back.
    case accepted
    /// Returned to the coordinator as not the agency's ("không thuộc thẩm quyền").
    case returned
    /// The agency gave its answer (lead) or its input (co-handler).
    case answered
    /// A later round (re-forward, complaint procedure) closed it; kept in the history.
    case closed

    /// Vietnamese label.
    public var label: String {
        switch self {
        case .pending: "chờ tiếp nhận"
        case .accepted: "đang xử lý"
        case .returned: "đã trả lại"
        case .answered: "đã trả lời"
        case .closed: "đã đóng"
        }
    }
}
