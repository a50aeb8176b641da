/// The national emergency numbers an out-of-scope request is redirected to.
public enum EmergencyService: String, Sendable, Codable, CaseIterable, Hashable {
    /// 113: police.
    case police = "113"
    /// 114: fire and rescue.
    case fireAndRescue = "114"
    /// 115: ambulance.
    case ambulance = "115"

    /// Vietnamese label, e.g. "113 – Công an".
    public var label: String {
        switch self {
        case .police: "113 – Công an"
        case .fireAndRescue: "114 – Cứu hỏa, cứu nạn cứu hộ"
        case .ambulance: "115 – Cấp cứu y tế"
        }
    }
}
