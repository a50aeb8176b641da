import Foundation
import PAKNDomain

/// The data a workflow move may carry. Which fields are needed depends on the move
/// (a rejection needs a reason, a forward a lead agency, an answer its text).
public struct ActionInput: Sendable {
    public var note: String?
    /// Show the note on the citizen's timeline (default: `WorkflowAction.isPublicByDefault`).
    public var notePublic: Bool?
    public var rejectionReason: RejectionReason?
    public var emergencyService: EmergencyService?
    /// The tracking code of the original case, for `markDuplicate`.
    public var duplicateOf: String?
    public var leadAgencyID: UUID?
    public var coHandlerIDs: [UUID]
    /// A knowledge-base article the answer was taken from (`answerDirectly`: sent as the answer; `answer`: quoted),
    /// recorded on the case in the move's transaction (`KnowledgeBase.recordUse`).
    public var articleID: UUID?
    /// Files already checked and written to the attachment store (answer attachments).
    public var attachments: [StoredFile] = []

    /// A file on disk waiting to be linked to the case in the move's transaction.
    public struct StoredFile: Sendable {
        public let id: UUID
        public let filename: String
        public let contentType: String
        public let byteCount: Int
        public let sha256: String
    }

    public init(note: String? = nil, notePublic: Bool? = nil, rejectionReason: RejectionReason? = nil,
                emergencyService: EmergencyService? = nil, duplicateOf: String? = nil,
                leadAgencyID: UUID? = nil, coHandlerIDs: [UUID] = []) {
        self.note = note; self.notePublic = notePublic; self.rejectionReason = rejectionReason
        self.emergencyService = emergencyService; self.duplicateOf = duplicateOf
        self.leadAgencyID = leadAgencyID; self.coHandlerIDs = coHandlerIDs
    }
}
