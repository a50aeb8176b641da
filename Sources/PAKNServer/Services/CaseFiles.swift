import Fluent
import Foundation
import PAKNDomain
import Vapor

/// Staff access to one case and its files, scoped in the query (`CaseAccess`): what every case page, the staff
/// API and the file downloads use to find the case they name.
extension CaseAccess {
    /// The case with this id if `acting` may see it. Throws `AppError` 404 for a missing id, an unknown case or one
    /// outside the viewer's scope (404, not 403, so a case's existence is not revealed), and `UnreadableRow`
    /// (500, logged once) for a row whose stored values the code cannot read.
    static func visibleCase(_ id: UUID?, to acting: Acting, logger: Logger, on db: Database) async throws -> ServiceRequestRecord {
        guard let id, let record = try await ServiceRequestRecord.findReadable(id, on: db, logger: logger) else {
            throw AppError.notFound()
        }
        try await requireVisible(record, to: acting, on: db)
        return record
    }

    /// A file of `record` (any purpose), for staff who may see the case. Throws 404 for another case's file.
    static func file(_ id: UUID?, of record: ServiceRequestRecord, on db: Database) async throws -> Attachment {
        guard let id, let file = try await Attachment.find(id, on: db), file.requestID == record.id else { throw AppError.notFound() }
        return file
    }
}
