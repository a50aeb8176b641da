import Fluent
import Foundation
import PAKNDomain

/// One entry in a case's history: the audit trail and, when `isPublic`, the citizen's timeline.
public final class EventRecord: Model, @unchecked Sendable {
    public static let schema = "events"
    @ID(key: .id) public var id: UUID?
    @Field(key: "request_id") public var requestID: UUID
    @Field(key: "occurred_at") public var occurredAt: Date
    @OptionalField(key: "actor_user_id") public var actorUserID: UUID?
    /// Who acted, without personal data of citizens ("Tổng đài viên", "Hệ thống").
    @Field(key: "actor_label") public var actorLabel: String
    /// A workflow move or another event of the case.
    @Field(key: "action") public var action: CaseEvent
    @OptionalField(key: "from_status") public var fromStatus: RequestStatus?
    @OptionalField(key: "to_status") public var toStatus: RequestStatus?
    @OptionalField(key: "note") public var note: String?
    @Field(key: "is_public") public var isPublic: Bool
    /// Whether the note may reach the public (`NoteVisibility`): only `approved` notes are shown there, masked.
    @Field(key: "note_visibility") public var noteVisibility: NoteVisibility
    /// The unit a public note is labelled with ("Sở Xây dựng", "Trung tâm 1022").
    @OptionalField(key: "note_author") public var noteAuthor: String?

    public init() {}

    /// A history entry of `requestID` at `occurredAt` (UTC); a note's visibility is internal unless one is given
    /// and the note is not empty. Written by `EventLog.write` and, in batches, by the demo generator.
    public init(requestID: UUID, occurredAt: Date, actorUserID: UUID? = nil, actorLabel: String, action: CaseEvent,
                from: RequestStatus?, to: RequestStatus?, note: String?, isPublic: Bool, noteVisibility: NoteVisibility = .internal) {
        self.id = UUID()
        self.requestID = requestID
        self.occurredAt = occurredAt
        self.actorUserID = actorUserID
        self.actorLabel = actorLabel
        self.action = action
        self.fromStatus = from
        self.toStatus = to
        self.note = note
        self.isPublic = isPublic
        self.noteVisibility = note?.isEmpty == false ? noteVisibility : .internal
    }
}
