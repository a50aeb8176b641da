/// Why a file is attached to a case. Raw values are the stored identifiers (`attachments.purpose`).
public enum AttachmentPurpose: String, Sendable, Codable, CaseIterable, Hashable {
    /// Sent by the citizen with the request (web form, phone intake).
    case submission
    /// Attached by the agency to its answer (public once published, when marked so).
    case answer
    /// Downloaded from a Zalo or Messenger message.
    case message
}
