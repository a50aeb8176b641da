/// A move in the PAKN workflow. Each move is allowed from some statuses, to one status, for some actors:
/// see `Workflow.transitions`.
public enum WorkflowAction: String, Sendable, Codable, CaseIterable, Hashable {
    /// Refuse with a stated reason.
    case reject
    /// Redirect to 113 / 114 / 115.
    case redirectToEmergency
    /// Mark as khiếu nại / tố cáo: the case moves to the restricted store.
    case referToComplaintProcedure
    /// Mark as a duplicate of another case; its contacts join that case.
    case markDuplicate
    /// Forward to a lead agency (optionally with co-handling agencies).
    case forward
    /// The lead agency accepts the case.
    case accept
    /// The lead agency returns the case: "không thuộc thẩm quyền".
    case returnToCoordinator
    /// The agency asks the citizen for more information (the clock pauses).
    case requestInformation
    /// The information arrived (the clock resumes).
    case supplyInformation
    /// The agency submits its draft answer.
    case answer
    /// The agency leader approves the draft answer.
    case approve
    /// The agency leader sends the draft back to the officer.
    case returnDraft
    /// The coordinator sends an approved answer back to the agency.
    case sendBackToAgency
    /// The coordinator publishes the answer (masked) and the citizen is told.
    case publish
    /// Re-open: the fix failed.
    case reopen
    /// Close the case (after publication, or an approved answer that must not be published).
    case close
    /// The operator answers on the spot (guidance on procedures) and publishes the answer without an agency.
    case answerDirectly
    /// The coordinator undoes a refusal, a redirection or a duplicate mark made by mistake.
    case restore
    /// The complaint officer finds the item is not a khiếu nại / tố cáo and returns it to the PAKN flow.
    case returnToPAKN

    /// Vietnamese label for buttons and the history.
    public var label: String {
        switch self {
        case .reject: "Từ chối tiếp nhận"
        case .redirectToEmergency: "Chuyển 113/114/115"
        case .referToComplaintProcedure: "Chuyển quy trình khiếu nại, tố cáo"
        case .markDuplicate: "Đánh dấu trùng"
        case .forward: "Chuyển xử lý"
        case .accept: "Tiếp nhận xử lý"
        case .returnToCoordinator: "Trả lại (không thuộc thẩm quyền)"
        case .requestInformation: "Yêu cầu bổ sung thông tin"
        case .supplyInformation: "Đã bổ sung thông tin"
        case .answer: "Gửi dự thảo trả lời"
        case .approve: "Duyệt trả lời"
        case .returnDraft: "Trả lại dự thảo"
        case .sendBackToAgency: "Gửi lại cơ quan xử lý"
        case .publish: "Công khai trả lời"
        case .reopen: "Phản ánh lại"
        case .close: "Kết thúc"
        case .answerDirectly: "Trả lời trực tiếp"
        case .restore: "Khôi phục để xử lý lại"
        case .returnToPAKN: "Trả về luồng phản ánh, kiến nghị"
        }
    }

    /// Whether the event this move writes is shown on the citizen's public timeline by default.
    /// Internal back-and-forth (drafts, leader review) stays internal.
    public var isPublicByDefault: Bool {
        switch self {
        case .returnDraft, .sendBackToAgency, .answer, .approve, .restore, .returnToPAKN: false
        default: true
        }
    }

    /// Whether the move needs a note (a reason). Refusals and returns must say why (QĐ 1478/QĐ-UBND TP.HCM).
    public var requiresNote: Bool {
        switch self {
        case .reject, .returnToCoordinator, .requestInformation, .returnDraft, .sendBackToAgency, .reopen, .answer, .answerDirectly,
             .restore, .returnToPAKN: true
        default: false
        }
    }
}
