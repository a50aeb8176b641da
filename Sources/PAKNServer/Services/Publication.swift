import Fluent
import Foundation
import PAKNDomain

/// Publication: the only way text reaches public pages and APIs is through the masked copies written here.
enum Publication {
    /// The masker for a case: the names, phones, emails, addresses and ID numbers of every contact behind it,
    /// plus the automatic patterns of `Masking`.
    static func masking(for record: ServiceRequestRecord, on db: Database) async throws -> Masking {
        masking(of: try await contacts(of: record, on: db))
    }

    /// Masks, in place, the titles of the cases whose requester's identity `role` may not receive (`ContactAccess`):
    /// whoever may not see a name or a number in the contact details does not see it in a title either. For lists
    /// (the queue, its download, the forecast): two queries for all of them.
    static func maskHiddenTitles(_ records: [ServiceRequestRecord], for role: Role?, on db: Database) async throws {
        let hidden = records.filter { ContactAccess.identityHidden(from: role, requesterAskedToHideFromAgency: $0.hideIdentityFromAgency) }
        let maskings = try await maskings(for: hidden, on: db)
        for record in hidden { if let masking = record.id.flatMap({ maskings[$0] }) { record.title = masking.mask(record.title).text } }
    }

    /// The masking of each case, with two queries for all of them (a list page, not a query per row).
    static func maskings(for records: [ServiceRequestRecord], on db: Database) async throws -> [UUID: Masking] {
        let ids = records.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        let links = try await RequestContact.query(on: db).filter(\.$requestID ~~ ids).all()
        let contacts = Dictionary(try await Contact.query(on: db).filter(\.$id ~~ links.map(\.contactID)).all().map { ($0.id!, $0) },
                                  uniquingKeysWith: { a, _ in a })
        let byCase = Dictionary(grouping: links, by: \.requestID)
        return Dictionary(uniqueKeysWithValues: ids.map { id in
            (id, masking(of: (byCase[id] ?? []).compactMap { contacts[$0.contactID] }))
        })
    }

    /// Masks the names and the contact values (4 characters or more) of `contacts`, and personal data in general.
    private static func masking(of contacts: [Contact]) -> Masking {
        let names = contacts.map(\.fullName)
        let values = contacts.flatMap { [$0.phone, $0.email, $0.idNumber, $0.address].compactMap { $0 } }.filter { $0.count >= 4 }
        return Masking(knownNames: names, knownValues: values)
    }

    static func contacts(of record: ServiceRequestRecord, on db: Database) async throws -> [Contact] {
        let ids = try await RequestContact.query(on: db).filter(\.$requestID == record.requireID()).all().map(\.contactID)
        guard !ids.isEmpty else { return [] }
        return try await Contact.query(on: db).filter(\.$id ~~ ids).all()
    }

    /// What publication would show: masked title, description and answer (for the coordinator's preview).
    static func preview(_ record: ServiceRequestRecord, on db: Database) async throws -> (title: MaskingResult, description: MaskingResult, answer: MaskingResult) {
        let masking = try await masking(for: record, on: db)
        return (masking.mask(record.title), masking.mask(record.description), masking.mask(record.answer ?? ""))
    }

    /// Writes the masked public copies and the public search column.
    static func publish(_ record: ServiceRequestRecord, on db: Database, now: Date) async throws {
        guard let answer = record.answer, !answer.isEmpty else {
            throw AppError.invalid("Chưa có nội dung trả lời để công khai.")
        }
        let preview = try await preview(record, on: db)
        record.publicTitle = preview.title.text
        record.publicDescription = preview.description.text
        record.publicAnswer = preview.answer.text
        record.publicSearch = SearchText.indexed([preview.title.text, preview.description.text, preview.answer.text].joined(separator: " "))
        record.publishedAt = now
    }
}
