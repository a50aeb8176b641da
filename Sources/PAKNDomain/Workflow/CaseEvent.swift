/// What one entry of a case's history records: a workflow move, or one of the other things that happen to a case
/// (intake, triage, a rating, a view of the requester's contact details, an extension, a partner's update, …).
///
/// Stored as a string (`events.action`): a move's `WorkflowAction` raw value, or the raw value of another case.
/// A stored value this type does not know is not read as anything else (`init(rawValue:)` is `nil`, decoding throws).
public enum CaseEvent: Hashable, Sendable {
    /// A move of the workflow table (`Workflow.transitions`).
    case workflow(WorkflowAction)
    /// The request was received (any channel).
    case created
    /// An operator or coordinator changed the field, urgency, commune or title.
    case triaged
    /// A staff member opened the requester's contact details (audited).
    case contactViewed
    /// The citizen rated the answer.
    case rated
    /// A duplicate was merged into this case.
    case merged
    /// A co-handling agency sent its input to the lead agency.
    case coHandlerInput
    /// The lead agency asked for more time.
    case extensionRequested
    /// The coordinator approved an extension: the citizen sees the new due date.
    case extensionApproved
    /// The coordinator refused an extension.
    case extensionRefused
    /// An Open311 partner's back office pushed an update that is kept as a note.
    case partnerUpdate
    /// An Open311 partner sent a `media_url` (kept for staff, never fetched).
    case partnerMedia
    /// The citizen's consent, covered by the partner agreement of an Open311 key, was recorded.
    case consentRecorded
    /// The agency named (or changed) the officer who works on its assignment; internal.
    case officerAssigned

    /// Every event other than the workflow moves, in a stable order.
    public static let otherEvents: [CaseEvent] = [
        .created, .triaged, .contactViewed, .rated, .merged, .coHandlerInput, .extensionRequested, .extensionApproved,
        .extensionRefused, .partnerUpdate, .partnerMedia, .consentRecorded, .officerAssigned,
    ]

    /// Every event: the workflow moves, then the others.
    public static let allCases: [CaseEvent] = WorkflowAction.allCases.map(CaseEvent.workflow) + otherEvents

    /// The workflow move, when this event is one.
    public var workflowAction: WorkflowAction? {
        if case .workflow(let action) = self { return action }
        return nil
    }

    /// Vietnamese label, as staff and citizens read it on a timeline.
    public var label: String {
        switch self {
        case .workflow(let action): action.label
        case .created: "Tiếp nhận"
        case .triaged: "Phân loại"
        case .contactViewed: "Xem thông tin liên hệ"
        case .rated: "Đánh giá"
        case .merged: "Gộp phản ánh trùng"
        case .coHandlerInput: "Ý kiến phối hợp"
        case .extensionRequested: "Cơ quan xin gia hạn"
        case .extensionApproved: "Gia hạn thời hạn xử lý"
        case .extensionRefused: "Không đồng ý gia hạn"
        case .partnerUpdate: "Cập nhật từ hệ thống đối tác"
        case .partnerMedia: "Tệp từ hệ thống đối tác"
        case .consentRecorded: "Ghi nhận đồng ý xử lý dữ liệu"
        case .officerAssigned: "Giao cán bộ xử lý"
        }
    }
}

extension CaseEvent: RawRepresentable {
    /// The stored identifier: the move's raw value, or the event's own name (`created`, `extensionApproved`, …).
    public var rawValue: String {
        switch self {
        case .workflow(let action): action.rawValue
        case .created: "created"
        case .triaged: "triaged"
        case .contactViewed: "contactViewed"
        case .rated: "rated"
        case .merged: "merged"
        case .coHandlerInput: "coHandlerInput"
        case .extensionRequested: "extensionRequested"
        case .extensionApproved: "extensionApproved"
        case .extensionRefused: "extensionRefused"
        case .partnerUpdate: "partnerUpdate"
        case .partnerMedia: "partnerMedia"
        case .consentRecorded: "consentRecorded"
        case .officerAssigned: "officerAssigned"
        }
    }

    /// The event stored as `rawValue`; `nil` for a value no version of the product writes.
    public init?(rawValue: String) {
        if let action = WorkflowAction(rawValue: rawValue) { self = .workflow(action); return }
        guard let other = Self.otherEvents.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = other
    }
}

extension CaseEvent: Codable {
    /// Decodes the stored string. - Throws: `DecodingError.dataCorrupted` for an unknown value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let event = CaseEvent(rawValue: raw) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown case event \(raw)")
        }
        self = event
    }

    /// Encodes `rawValue` as a single string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
