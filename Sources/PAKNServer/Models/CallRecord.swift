import Fluent
import Foundation
import PAKNChannels

/// One telephone call from the switchboard's CTI events (channels.md §4.1, §4.7), unique on `call_id`.
/// `status`: ringing, answered, ended, missed (the call-back queue: missed and not yet `called_back_at`).
public final class CallRecord: Model, @unchecked Sendable {
    public static let schema = "calls"
    @ID(key: .id) public var id: UUID?
    /// The PBX's `callId`.
    @Field(key: "call_id") public var callID: String
    /// `in` or `out`.
    @Field(key: "direction") public var direction: CTIEvent.Direction
    @Field(key: "from_number") public var fromNumber: String
    @Field(key: "to_number") public var toNumber: String
    /// The citizen's number in national form (`PhoneNumber.normalize`); `nil` for anonymous or unreadable numbers.
    @OptionalField(key: "citizen_phone") public var citizenPhone: String?
    /// `user` values joined with ", ".
    @Field(key: "users") public var users: String
    @OptionalField(key: "queue") public var queue: String?
    @OptionalField(key: "answering_number") public var answeringNumber: String?
    @OptionalField(key: "cause") public var cause: String?
    @Field(key: "status") public var status: CallState.Status
    @Field(key: "initialized_at") public var initializedAt: Date
    @OptionalField(key: "answered_at") public var answeredAt: Date?
    @OptionalField(key: "ended_at") public var endedAt: Date?
    /// We answered `{"action":"reject"}` (blocked number).
    @Field(key: "rejected") public var rejected: Bool
    /// The request created from this call.
    @OptionalField(key: "request_id") public var requestID: UUID?
    /// When an operator called the citizen back (a missed call leaves the call-back queue).
    @OptionalField(key: "called_back_at") public var calledBackAt: Date?
    /// The PBX's recording of the call (http/https), shown to staff only: it is the citizen's voice.
    @OptionalField(key: "recording_url") public var recordingURL: String?

    public init() {}
}

extension CallRecord {
    var statusLabel: String {
        if rejected { return "Đã từ chối (số bị chặn)" }
        switch status {
        case .ringing: return "Đang đổ chuông"
        case .answered: return "Đang nghe"
        case .missed: return calledBackAt == nil ? "Gọi nhỡ" : "Gọi nhỡ – đã gọi lại"
        case .ended: return "Đã kết thúc"
        }
    }
}
