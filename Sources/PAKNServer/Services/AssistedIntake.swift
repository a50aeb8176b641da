import Fluent
import Foundation
import PAKNDomain

/// An operator enters a request on a citizen's behalf: from a phone call (channel `phone`) or from an unattached
/// channel message (the request gets the message's channel). Knows nothing of HTTP.
enum AssistedIntake {
    /// Files the request through `IntakeService` as `acting`; on success the message (with its sender's other
    /// unattached messages, ``ChannelInbox/attach(_:to:on:)``) and the call are linked to the new case. The
    /// validation failure comes back as the public form's would.
    static func submit(_ submission: Submission, files: [IntakeService.UploadedFile], message: MessageRecord?, call: CallRecord?,
                       acting: Acting, config: AppConfiguration, on db: Database) async throws
        -> Result<ServiceRequestRecord, ValidationFailure> {
        let result = try await IntakeService.submit(submission, files: files, channel: message?.channel ?? .phone, acting: acting,
                                                    config: config, on: db)
        if case .success(let record) = result {
            let id = try record.requireID()
            if let message { try await ChannelInbox.attach(message, to: id, on: db) }
            if let call {
                call.requestID = id
                try await call.save(on: db)
            }
        }
        return result
    }
}
