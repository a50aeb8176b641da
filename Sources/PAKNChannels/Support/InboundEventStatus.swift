/// Where one stored provider delivery (`inbound_events`) stands. Raw values are the stored identifiers.
public enum InboundEventStatus: String, Sendable, Codable, CaseIterable, Hashable {
    /// Stored before the provider's 200; waiting for the job worker.
    case received
    /// Turned into messages (or a call record) by the worker.
    case processed
    /// Valid and signed, but of a kind we do not handle (a "seen" receipt, a follow event, …).
    case ignored
    /// Valid signature, unreadable payload: kept for inspection, never processed.
    case unparseable
    /// Processing threw; the error is kept beside it.
    case failed

    /// Vietnamese label for the admin's channel health.
    public var label: String {
        switch self {
        case .received: "chờ xử lý"
        case .processed: "đã xử lý"
        case .ignored: "bỏ qua (không phải tin của người dân)"
        case .unparseable: "không đọc được (giữ lại để kiểm tra)"
        case .failed: "lỗi khi xử lý"
        }
    }
}
