import Fluent
import Foundation
import PAKNDomain

/// A requester's contact details for staff (domain.md §5, `ContactAccess`): given only to roles that may receive
/// the identity, and every look is recorded on the case.
enum CaseContacts {
    /// The case's contacts, after writing an internal `contactViewed` event for `acting` in the same transaction.
    /// Throws `AppError` 403 with the reason (`ContactAccess.reason`) when `acting` may not receive the requester's
    /// identity: provincial leaders and the admin never, agency staff not when the requester hid it from the agency.
    static func reveal(of record: ServiceRequestRecord, to acting: Acting, on db: Database) async throws -> [Contact] {
        if ContactAccess.identityHidden(from: acting.role, requesterAskedToHideFromAgency: record.hideIdentityFromAgency) {
            throw AppError.forbidden(ContactAccess.reason(for: acting.role))
        }
        return try await db.writeTransaction { tx in
            let contacts = try await Publication.contacts(of: record, on: tx)
            try await EventLog.write(request: record, action: .contactViewed, from: nil, to: nil,
                                     note: "Xem thông tin liên hệ người gửi.", isPublic: false, acting: acting, on: tx)
            return contacts
        }
    }
}
