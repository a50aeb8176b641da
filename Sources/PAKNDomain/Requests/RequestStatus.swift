/// The status of a service request (a PAKN case) in the 1022 workflow.
///
/// Raw values are the stable names used in the database, the REST API and exports.
/// The workflow (who may move a case from one status to another) is `Workflow.transitions`.
/// Source: domain.md §2 (workflow synthesised from Gia Lai, Đà Nẵng, TP.HCM, Bình Dương, Đồng Nai, iHanoi).
public enum RequestStatus: String, Sendable, Codable, CaseIterable, Hashable {
    /// Tiếp nhận: arrived from a channel, waiting for triage.
    case received
    /// Từ chối tiếp nhận: refused with a stated reason (QĐ 1478/QĐ-UBND TP.HCM: the portal must say why).
    case rejected
    /// Chuyển 113 / 114 / 115: an emergency outside the PAKN scope.
    case redirectedToEmergency
    /// Khiếu nại, tố cáo: handed to the complaint procedure (NĐ 20/2008/NĐ-CP art. 1 excludes them from PAKN).
    case referredToComplaintProcedure
    /// Trùng: merged into another case; its contacts are told the outcome of that case.
    case duplicate
    /// Chuyển xử lý: sent to the lead agency, which must accept or return it.
    case forwarded
    /// Tiếp nhận xử lý: the lead agency accepted it and is handling it.
    case accepted
    /// Trả lại: the lead agency says it is not competent; back with the coordinator.
    case returned
    /// Chờ bổ sung thông tin: the agency waits for the citizen (the resolution clock pauses).
    case awaitingCitizen
    /// Đã trả lời: the agency drafted its answer; waits for the agency leader.
    case answered
    /// Đã duyệt: the agency leader approved the answer; waits for the coordinator.
    case approved
    /// Công khai: the answer was sent to the citizen and published with personal data masked.
    case published
    /// Phản ánh lại: the citizen or the coordinator re-opened it because the fix failed.
    case reopened
    /// Kết thúc.
    case closed

    /// Open311 GeoReport v2 `status`: only `open` and `closed` exist in the spec.
    /// `rejected`, `redirectedToEmergency`, `referredToComplaintProcedure`, `duplicate`, `published`
    /// and `closed` map to `closed`; everything else is `open`.
    public var open311Status: String {
        switch self {
        case .rejected, .redirectedToEmergency, .referredToComplaintProcedure, .duplicate, .published, .closed:
            return "closed"
        default:
            return "open"
        }
    }

    /// True while somebody still has to act on the case (it counts in queues and overdue statistics).
    public var isActive: Bool { open311Status == "open" }

    /// Vietnamese label shown to citizens and staff.
    public var label: String {
        switch self {
        case .received: "Mới tiếp nhận"
        // A status reads as a state, not as the move that led to it ("Từ chối tiếp nhận" is the button): English
        // needs the two apart ("Rejected" / "Reject"), and so does a reader of the history.
        case .rejected: "Đã từ chối tiếp nhận"
        case .redirectedToEmergency: "Chuyển cơ quan khẩn cấp"
        case .referredToComplaintProcedure: "Chuyển xử lý khiếu nại, tố cáo"
        case .duplicate: "Trùng nội dung"
        case .forwarded: "Đã chuyển xử lý"
        case .accepted: "Đang xử lý"
        case .returned: "Cơ quan trả lại"
        case .awaitingCitizen: "Chờ bổ sung thông tin"
        case .answered: "Đã có dự thảo trả lời"
        case .approved: "Lãnh đạo đã duyệt"
        case .published: "Đã trả lời, công khai"
        case .reopened: "Được phản ánh lại"
        case .closed: "Đã kết thúc"
        }
    }
}
