import Fluent
import Foundation

/// One entry of the access and administration audit (Luật 91/2025/QH15; Nghị định 356/2025/NĐ-CP: who processed
/// which personal data, when, from where). Append-only: the database refuses UPDATE and DELETE on the table
/// (triggers of migration `CreateAuditLog`), and the application has no route that changes an entry.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_log"
    @ID(key: .id) var id: UUID?
    /// When (UTC).
    @Field(key: "occurred_at") var occurredAt: Date
    @OptionalField(key: "user_id") var userID: UUID?
    /// Who, as shown: the staff member's e-mail at the time ("—" for an anonymous attempt).
    @Field(key: "actor") var actor: String
    /// From where: the client address as `ClientAddress` reads it.
    @Field(key: "client_address") var clientAddress: String
    @Field(key: "action") var action: AuditAction
    /// What: the route template ("POST /quan-tri/nguoi-dung/:id") or the page.
    @Field(key: "route") var route: String
    /// The record concerned (a case's, user's, agency's id or code from the path), if any.
    @OptionalField(key: "subject") var subject: String?
    /// The names (never the values) of the fields sent, comma-separated.
    @Field(key: "fields") var fields: String
    /// The HTTP status of the answer: whether the change was made (2xx/3xx) or refused.
    @Field(key: "status") var status: Int

    init() {}
}

/// What kind of access or change an audit entry records.
enum AuditAction: String, Codable, CaseIterable, Sendable {
    /// A staff member opened a requester's contact details.
    case contactViewed
    /// An admin changed users, roles, agencies, fields, routing rules, the calendar, deadlines, channel settings,
    /// API keys or the blocklist.
    case administration
    /// A coordinator published an answer.
    case publication
    /// A staff member changed their own password or second factor.
    case accountSecurity
    /// The anonymisation job removed personal data past retention.
    case retention
    /// A data-subject request was opened, answered (a copy downloaded), carried out or refused.
    case dataSubject
    /// A staff member downloaded a list (CSV or XLSX).
    case export

    /// Vietnamese label.
    var label: String {
        switch self {
        case .contactViewed: "Xem thông tin liên hệ"
        case .administration: "Thay đổi quản trị"
        case .publication: "Công khai trả lời"
        case .accountSecurity: "Bảo mật tài khoản"
        case .retention: "Ẩn danh hóa theo thời hạn lưu trữ"
        case .dataSubject: "Yêu cầu của chủ thể dữ liệu"
        case .export: "Tải danh sách"
        }
    }
}
