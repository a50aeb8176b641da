/// Whether a PAKN is a *phản ánh* (a report about a situation) or a *kiến nghị* (a petition or proposal).
/// Raw values follow the sample data (`phan_anh`, `kien_nghi`).
public enum RequestKind: String, Sendable, Codable, CaseIterable, Hashable {
    case report = "phan_anh"
    case petition = "kien_nghi"

    /// Vietnamese label.
    public var label: String {
        switch self {
        case .report: "Phản ánh"
        case .petition: "Kiến nghị"
        }
    }
}
