import Fluent
import Foundation
import PAKNDomain
import SQLKit

/// Removes the person from what is past the personal-data retention (`Retention`; Luật 91/2025/QH15), keeping the
/// case and its statistics: run by the job worker with the purges, in bounded batches, and recorded in the audit.
///
/// For a case no longer in progress received more than `contactsDays` ago: its title, description, answer and event
/// notes are masked with its contacts' own data (as publication masks), its address line and coordinates go, and
/// each contact that belongs to no case still within retention becomes "[đã ẩn danh]" without phone, e-mail, address
/// or id number. Files the requester sent go after `attachmentsDays`; message bodies after `messagesDays`; callers'
/// numbers and recording links after `callsDays`.
enum Anonymisation {
    /// What one run changed.
    struct Report: Equatable, Sendable {
        var cases = 0
        var contacts = 0
        var attachments = 0
        var messages = 0
        var calls = 0

        var isEmpty: Bool { self == Report() }
        var summary: String { "cases=\(cases),contacts=\(contacts),attachments=\(attachments),messages=\(messages),calls=\(calls)" }
    }

    static let batchSize = 200
    static let maximumBatches = 50
    static let anonymousName = "[đã ẩn danh]"
    static let erasedBody = "[đã xoá theo thời hạn lưu trữ]"
    static let erasedNumber = "[đã xoá]"
    /// Statuses of cases still in progress: never anonymised.
    static let inProgress = RequestStatus.allCases.filter(\.isActive)

    /// One run at `now`; files are removed from the configured ``AttachmentStore`` (on PostgreSQL a blob goes with
    /// the last file naming it), or from `store` when given. Throws the database's and the storage's errors (a batch
    /// already done stays done).
    static func run(retention: Retention, config: AppConfiguration, on db: Database, now: Date = Date(),
                    store given: AttachmentStore? = nil) async throws -> Report {
        var report = Report()
        let day: TimeInterval = 86_400
        let contactsBefore = now.addingTimeInterval(-Double(retention.contactsDays) * day)
        for _ in 0..<maximumBatches {
            let batch = try await ServiceRequestRecord.query(on: db)
                .filter(\.$anonymisedAt == nil).filter(\.$receivedAt < contactsBefore)
                .filter(\.$status !~ inProgress).sort(\.$receivedAt).limit(batchSize).all()
            for record in batch {
                // A write transaction: it runs beside the job lane's and the requests' writes (on SQLite, after the
                // process's write lock).
                report.contacts += try await db.writeTransaction { tx in try await anonymise(record, contactsBefore: contactsBefore, on: tx, now: now) }
                report.cases += 1
            }
            if batch.count < batchSize { break }
        }

        // Files the requester sent, of finished cases past the attachment retention.
        let filesBefore = now.addingTimeInterval(-Double(retention.attachmentsDays) * day)
        let store = given ?? AttachmentStore(config: config, on: db)
        for _ in 0..<maximumBatches {
            let old = try await Attachment.query(on: db)
                .join(ServiceRequestRecord.self, on: \Attachment.$requestID == \ServiceRequestRecord.$id)
                .filter(ServiceRequestRecord.self, \.$receivedAt < filesBefore)
                .filter(ServiceRequestRecord.self, \.$status !~ inProgress)
                .filter(\.$purpose != .answer).limit(batchSize).all()
            for file in old {
                // The bytes first (removing is idempotent), then the row: a failure or a crash in between leaves the
                // row naming what is left, so the next run removes it; never bytes that nothing names.
                if let id = file.id { try await store.remove(id) }
                try await file.delete(on: db)
            }
            report.attachments += old.count
            if old.count < batchSize { break }
        }

        // Message bodies (and who sent them) past the message retention.
        let messagesBefore = now.addingTimeInterval(-Double(retention.messagesDays) * day)
        if let sql = db as? any SQLDatabase {
            for _ in 0..<maximumBatches {
                let rows = try await sql.select().column("id").from(MessageRecord.schema)
                    .where("created_at", .lessThan, messagesBefore).where("body", .notEqual, erasedBody)
                    .limit(batchSize).all()
                let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
                guard !ids.isEmpty else { break }
                try await sql.update(MessageRecord.schema).set("body", to: erasedBody).set("sender_id", to: SQLLiteral.null)
                    .where("id", .in, ids).run()
                report.messages += ids.count
                if ids.count < batchSize { break }
            }
            // Callers' numbers and recordings past the call retention.
            let callsBefore = now.addingTimeInterval(-Double(retention.callsDays) * day)
            for _ in 0..<maximumBatches {
                let rows = try await sql.select().column("id").from(CallRecord.schema)
                    .where("initialized_at", .lessThan, callsBefore).where("from_number", .notEqual, erasedNumber)
                    .limit(batchSize).all()
                let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
                guard !ids.isEmpty else { break }
                try await sql.update(CallRecord.schema).set("from_number", to: erasedNumber).set("to_number", to: erasedNumber)
                    .set("citizen_phone", to: SQLLiteral.null).set("answering_number", to: SQLLiteral.null)
                    .set("recording_url", to: SQLLiteral.null).where("id", .in, ids).run()
                report.calls += ids.count
                if ids.count < batchSize { break }
            }
        }
        if !report.isEmpty {
            try await AuditLog.write(.retention, actor: "Hệ thống (thời hạn lưu trữ)", route: "job: anonymisation",
                                     subject: nil, fields: [report.summary], status: .ok, on: db)
        }
        return report
    }

    /// Masks one case's texts with its own contacts' data and anonymises the contacts no case within retention still
    /// needs. Returns how many contacts it anonymised.
    private static func anonymise(_ record: ServiceRequestRecord, contactsBefore: Date, on db: Database, now: Date) async throws -> Int {
        let contacts = try await Publication.contacts(of: record, on: db)
        try await maskCase(record, on: db, now: now)
        var anonymised = 0
        for contact in contacts where contact.fullName != anonymousName {
            // Still needed by a case within retention or in progress?
            let caseIDs = try await RequestContact.query(on: db).filter(\.$contactID == contact.requireID()).all().map(\.requestID)
            let needed = try await ServiceRequestRecord.query(on: db).filter(\.$id ~~ caseIDs).filter(\.$id != record.requireID())
                .group(.or) { $0.filter(\.$receivedAt >= contactsBefore).filter(\.$status ~~ inProgress) }
                .count()
            guard needed == 0 else { continue }
            try await anonymise(contact, on: db)
            anonymised += 1
        }
        return anonymised
    }

    /// Replaces a contact's identity by "[đã ẩn danh]" and drops phone, e-mail, address and id number.
    static func anonymise(_ contact: Contact, on db: Database) async throws {
        contact.fullName = anonymousName
        contact.phone = nil; contact.phoneDigits = nil; contact.email = nil; contact.address = nil; contact.idNumber = nil
        try await contact.save(on: db)
    }

    /// Masks a case's title, description, answer and event notes with its own contacts' data (call it before the
    /// contacts are anonymised), drops its address line and coordinates, and marks it anonymised.
    static func maskCase(_ record: ServiceRequestRecord, on db: Database, now: Date) async throws {
        let masking = try await Publication.masking(for: record, on: db)
        func mask(_ text: String) -> String { masking.mask(text).text }
        record.title = mask(record.title)
        record.description = mask(record.description)
        record.answer = record.answer.map(mask)
        record.address = ""
        record.latitude = nil
        record.longitude = nil
        record.staffSearch = IntakeService.staffSearchText(title: record.title, description: record.description, code: record.trackingCode)
        record.anonymisedAt = now
        try await record.save(on: db)
        for event in try await EventRecord.query(on: db).filter(\.$requestID == record.requireID()).filter(\.$note != nil).all() {
            event.note = event.note.map(mask)
            try await event.save(on: db)
        }
    }
}
