/// The intake channel (kênh tiếp nhận) a request arrived on; answers go back the same way.
/// Raw values are stable identifiers (glossary.md).
public enum Channel: String, Sendable, Codable, CaseIterable, Hashable {
    case web, phone, email, zalo, messenger, sms, api, open311, walkIn, nationalPortal

    /// Vietnamese label.
    public var label: String {
        switch self {
        case .web: "Cổng thông tin"
        case .phone: "Tổng đài"
        case .email: "Thư điện tử"
        case .zalo: "Zalo"
        case .messenger: "Facebook Messenger"
        case .sms: "Tin nhắn SMS"
        case .api: "API"
        case .open311: "Open311"
        case .walkIn: "Trực tiếp"
        case .nationalPortal: "Cổng DVC quốc gia"
        }
    }
}
