import Fluent
import Foundation
import PAKNDomain

/// A case as the public look-up page shows it: the view model of `LookupPage`.
struct LookupDetail {
    let record: ServiceRequestRecord
    let code: String
    let status: RequestStatus
    let serviceName: String?
    let communeName: String?
    let agencyName: String?
    /// Public events; notes only when a coordinator approved them, masked and labelled with their unit.
    let events: [(date: Date, label: String, note: String?)]
    let verified: Bool
    let contact: Contact?
    let publicFiles: [Attachment]
    let rating: Rating?
    let canReopen: Bool
}

extension LookupDetail {
    /// Loads what the public look-up page shows of `record`: the public timeline (masked), names of its field,
    /// commune and lead agency, the public answer files once published, the rating, and — only when the
    /// requester `verified` (second factor) — their contact and whether they may reopen it
    /// (`config.reopenWindowDays` after publication).
    static func load(_ record: ServiceRequestRecord, verified: Bool, config: AppConfiguration, on db: Database) async throws -> Self {
        let status = record.status
        let masking = try await Publication.masking(for: record, on: db)
        let events = try await PublicQueries.publicTimeline(of: record, masking: masking, forRequester: verified, on: db).map { entry in
            (entry.at, entry.label, entry.note.map { "Ghi chú của \(entry.noteAuthor ?? "Trung tâm 1022"): \($0)" })
        }
        var contact: Contact?
        if verified, let id = record.primaryContactID { contact = try await Contact.find(id, on: db) }
        var serviceName: String?, communeName: String?, agencyName: String?
        if let code = record.serviceCode { serviceName = try await Service.find(code, on: db)?.name }
        if let code = record.communeCode { communeName = try await Commune.find(code, on: db)?.fullName }
        if let id = record.leadAgencyID { agencyName = try await Agency.find(id, on: db)?.name }
        let files = record.publishedAt == nil ? [] : try await Attachment.query(on: db)
            .filter(\.$requestID == record.requireID()).filter(\.$isPublic == true).all()
        let rating = try await Rating.query(on: db).filter(\.$requestID == record.requireID()).first()
        let withinWindow = record.publishedAt.map { Date().timeIntervalSince($0) <= Double(config.reopenWindowDays) * 86_400 } ?? false
        return Self(
            record: record, code: TrackingCode(digits: record.trackingCode)?.formatted ?? record.trackingCode, status: status,
            serviceName: serviceName, communeName: communeName, agencyName: agencyName,
            events: events, verified: verified, contact: contact, publicFiles: files, rating: rating,
            canReopen: verified && [.published, .closed].contains(status) && withinWindow)
    }
}
