import Fluent
import Foundation

/// A person's request about the data held on them (Luật 91/2025/QH15, rights of the data subject), taken by an
/// operator who checked their identity, tracked with a deadline and a record of the decision.
final class DataSubjectRequest: Model, @unchecked Sendable {
    static let schema = "data_subject_requests"
    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: Kind
    @Field(key: "status") var status: Status
    /// The person, as found in contacts: national phone digits and/or e-mail (lower case).
    @OptionalField(key: "phone_digits") var phoneDigits: String?
    @OptionalField(key: "email") var email: String?
    /// How the operator checked who asks ("CCCD xem trực tiếp tại bộ phận một cửa", "gọi lại số đã đăng ký").
    @Field(key: "identity_check") var identityCheck: String
    @Field(key: "received_at") var receivedAt: Date
    @Field(key: "due_at") var dueAt: Date
    @Field(key: "opened_by") var openedBy: UUID
    /// What was decided and done, in words; set when the request is completed or refused.
    @OptionalField(key: "decision") var decision: String?
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?

    init() {}

    /// What the person asks for.
    enum Kind: String, Codable, CaseIterable, Sendable {
        /// A copy of all data held about them.
        case access
        /// Their contact details corrected.
        case correction
        /// Their data erased or anonymised where no legal duty to keep it applies.
        case erasure

        var label: String {
            switch self {
            case .access: "Cung cấp bản sao dữ liệu"
            case .correction: "Chỉnh sửa dữ liệu"
            case .erasure: "Xoá, ẩn danh hóa dữ liệu"
            }
        }
    }

    enum Status: String, Codable, CaseIterable, Sendable {
        case open, completed, refused
        var label: String {
            switch self {
            case .open: "Đang xử lý"
            case .completed: "Đã thực hiện"
            case .refused: "Từ chối (có lý do)"
            }
        }
    }
}
