/// Reasons an operator may refuse a request (từ chối tiếp nhận). The refusal must state its reason.
/// Sources: QĐ 1478/QĐ-UBND TP.HCM (2020); Gia Lai UBND hotline rules (2016) and investor hotline (2025).
public enum RejectionReason: String, Sendable, Codable, CaseIterable, Hashable {
    /// Không đủ thông tin liên hệ: no name, or neither phone nor email nor address.
    case missingContact = "missing_contact"
    /// Nội dung không rõ: too vague to pin down what happened, where or who.
    case unclear
    /// Không mang tính xây dựng, xuất phát từ động cơ cá nhân.
    case notConstructive = "not_constructive"
    /// Ngoài thẩm quyền của chính quyền tỉnh.
    case outsideCompetence = "outside_competence"
    /// Tin nhắn rác, quấy rối.
    case spam

    /// Vietnamese label shown to the citizen.
    public var label: String {
        switch self {
        case .missingContact: "Không đủ thông tin liên hệ (họ tên, số điện thoại hoặc email, địa chỉ)"
        case .unclear: "Nội dung không rõ ràng, không xác định được sự việc, địa điểm"
        case .notConstructive: "Nội dung không mang tính xây dựng"
        case .outsideCompetence: "Không thuộc thẩm quyền giải quyết của chính quyền tỉnh"
        case .spam: "Tin rác, quấy rối"
        }
    }
}
