import Foundation

/// The three classes of a request that set its deadlines (issue 3 §3; domain.md §3.3): khẩn, thường, phức tạp.
/// Raw values are the codes stored and sent in the API.
public enum Urgency: String, Codable, Sendable, CaseIterable, Hashable {
    /// Khẩn: disaster, epidemic, accident, theft, safety, public order (iHanoi QĐ 1207/QĐ-UBND 2025).
    case urgent = "khan"
    /// Thường: the ordinary case.
    case normal = "thuong"
    /// Phức tạp: several agencies involved, or a legal procedure needed (iHanoi QĐ 1207/QĐ-UBND 2025).
    case complex = "phuc_tap"

    /// "Khẩn", "Thường", "Phức tạp".
    public var vietnameseName: String {
        switch self {
        case .urgent: "Khẩn"
        case .normal: "Thường"
        case .complex: "Phức tạp"
        }
    }
}
