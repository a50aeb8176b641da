import Fluent
import Foundation
import PAKNDomain

/// Publication: the only way text reaches public pages and APIs is through the masked copies written here.
enum Publication {
    /// The masker for a case: the names, phones, emails, addresses and ID numbers of every contact behind it,
    /// plus the automatic patterns of `Masking`.
    static func masking(for record: ServiceRequestRecord, on db: Database) async throws -> Masking {
        let contacts = try await contacts(of: record, on: db)
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
