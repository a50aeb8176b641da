/// The five groups of fields (lĩnh vực) of a provincial 1022 system (domain.md §4; the brief's topic groups).
public enum ServiceGroup: String, Sendable, Codable, CaseIterable, Hashable {
    /// Thủ tục hành chính.
    case administrativeProcedures = "tthc"
    /// Kinh tế – xã hội.
    case socioEconomic = "kinh_te_xa_hoi"
    /// Dịch vụ sự nghiệp công, công ích.
    case publicServices = "dich_vu_cong"
    /// Sự cố hạ tầng kỹ thuật: urgent by default.
    case infrastructureIncidents = "su_co_ha_tang"
    /// Khác.
    case other = "khac"

    /// Vietnamese label.
    public var label: String {
        switch self {
        case .administrativeProcedures: "Thủ tục hành chính"
        case .socioEconomic: "Kinh tế – xã hội"
        case .publicServices: "Dịch vụ sự nghiệp công, công ích"
        case .infrastructureIncidents: "Sự cố hạ tầng kỹ thuật"
        case .other: "Khác"
        }
    }
}
