import Crypto
import Fluent
import PAKNChannels
import Foundation
import PAKNDomain
import Vapor

/// Turns a submission into a stored case: validate, check files by content, store files, then write the contact,
/// the case, its first event and the "received" notification in one transaction. Nothing is half-stored:
/// files written before a failed transaction are removed.
public enum IntakeService {
    /// A file as uploaded: the name the client gave (display only) and where its bytes wait on disk
    /// (``UploadGate`` streamed them there; the file goes with the request).
    public struct UploadedFile: Sendable {
        public let filename: String
        public let location: URL
        /// Size in bytes.
        public var byteCount: Int
        public init(filename: String, location: URL, byteCount: Int) {
            self.filename = filename; self.location = location; self.byteCount = byteCount
        }
    }

    /// Uploaded files checked and cleaned (`UploadInspector`), waiting to be stored with a case; or the reasons
    /// they cannot be. Made before any database transaction: cleaning runs external tools for seconds.
    public struct PreparedFiles: Sendable {
        var files: [(name: String, file: AttachmentStore.CleanFile)] = []
        var errors: [FieldError] = []

        /// Removes the cleaned copies that were not stored (after a refusal or a replayed form).
        func discard(config: AppConfiguration) {
            let store = AttachmentStore(dataDirectory: config.dataDirectory)
            files.forEach { store.discard($0.file) }
        }
    }

    /// Checks and cleans uploaded files: at most `maxAttachments`, the cheap checks (size, type) for all of them
    /// first, then the metadata tools.
    public static func prepare(_ files: [UploadedFile], config: AppConfiguration, logger: Logger? = nil) async -> PreparedFiles {
        var prepared = PreparedFiles()
        let realFiles = files.filter { $0.byteCount > 0 || !$0.filename.isEmpty }
        if realFiles.count > config.maxAttachments {
            prepared.errors.append(FieldError(field: "attachments", message: "Tối đa \(config.maxAttachments) tệp đính kèm."))
            return prepared
        }
        for file in realFiles {
            if case .failure(let failure) = UploadInspector.precheck(file, maxBytes: config.maxAttachmentBytes) {
                prepared.errors.append(FieldError(field: "attachments", message: failure.message(filename: safeFilename(file.filename))))
            }
        }
        guard prepared.errors.isEmpty else { return prepared }
        let store = AttachmentStore(dataDirectory: config.dataDirectory)
        for file in realFiles {
            let name = safeFilename(file.filename)
            switch await UploadInspector.inspect(file, maxBytes: config.maxAttachmentBytes, store: store, logger: logger) {
            case .success(let clean): prepared.files.append((name, clean))
            case .failure(let failure): prepared.errors.append(FieldError(field: "attachments", message: failure.message(filename: name)))
            }
        }
        return prepared
    }

    /// Writes a row that belongs with a new case (the national portal's id of an imported request) in the case's
    /// own transaction: thrown errors undo the whole submission.
    public typealias Link = @Sendable (ServiceRequestRecord, any Database) async throws -> Void

    /// Validates and stores a submission, cleaning its files first (`prepare`).
    /// - Returns: the new case, or the field errors (Vietnamese) when the input is invalid.
    public static func submit(
        _ submission: Submission, files: [UploadedFile], channel: PAKNDomain.Channel, acting: Acting,
        config: AppConfiguration, on db: Database, now: Date = Date(), link: Link? = nil
    ) async throws -> Result<ServiceRequestRecord, ValidationFailure> {
        let prepared = await prepare(files, config: config)
        return try await submit(submission, prepared: prepared, channel: channel, acting: acting, config: config, on: db, now: now, link: link)
    }

    /// Validates and stores a submission whose files were prepared already. The prepared files are stored with the
    /// case, or discarded when it is refused. `link`, when given, runs in the case's transaction after it is written.
    /// `language`: the language the citizen wrote in (the web form's), which the notices about the case speak.
    public static func submit(
        _ submission: Submission, prepared: PreparedFiles, channel: PAKNDomain.Channel, acting: Acting,
        config: AppConfiguration, on db: Database, now: Date = Date(), language: DisplayLanguage? = nil, link: Link? = nil
    ) async throws -> Result<ServiceRequestRecord, ValidationFailure> {
        let communeCode = VietnameseText.sanitizedLine(submission.communeCode)
        // A commune of the province still in force (`valid_to` null): a retired one takes no new request.
        let communeOK = try await Commune.find(communeCode, on: db).map { $0.provinceCode == config.provinceCode && $0.validTo == nil } ?? false
        var serviceOK = true
        if let code = submission.serviceCode.map(VietnameseText.sanitizedLine), !code.isEmpty {
            serviceOK = try await Service.find(code, on: db)?.active ?? false
        }
        let validation = Intake.validate(submission, knownCommune: { _ in communeOK }, knownService: { _ in serviceOK })
        var errors: [FieldError] = []
        var valid: ValidSubmission?
        switch validation {
        case .success(let v): valid = v
        case .failure(let e): errors = e.errors
        }
        errors += prepared.errors
        let store = AttachmentStore(config: config, on: db)
        let inspected = prepared.files
        guard errors.isEmpty, let valid else {
            prepared.discard(config: config)
            return .failure(ValidationFailure(errors))
        }

        let fileIDs = inspected.map { _ in UUID() }
        do {
            // Every file durably stored before the transaction that acknowledges the case.
            for (id, file) in zip(fileIDs, inspected) { try await store.adopt(file.file, id: id) }
            let files = Array(zip(fileIDs, inspected))
            let record = try await db.writeTransaction { tx in
                let record = try await persist(valid, channel: channel, acting: acting, files: files,
                                               config: config, on: tx, now: now, language: language)
                try await link?(record, tx)
                return record
            }
            return .success(record)
        } catch {
            for id in fileIDs { try? await store.remove(id) }
            inspected.forEach { store.discard($0.file) }
            throw error
        }
    }

    private static func persist(
        _ valid: ValidSubmission, channel: PAKNDomain.Channel, acting: Acting,
        files: [(UUID, (name: String, file: AttachmentStore.CleanFile))],
        config: AppConfiguration, on db: Database, now: Date, language: DisplayLanguage?
    ) async throws -> ServiceRequestRecord {
        let contact = Contact()
        contact.fullName = valid.fullName
        contact.phone = valid.phone
        contact.phoneDigits = valid.phone
        contact.email = valid.email
        try await contact.save(on: db)

        let record = ServiceRequestRecord()
        record.id = UUID()
        record.trackingCode = try await uniqueTrackingCode(on: db).digits
        record.kind = valid.kind
        record.title = valid.title
        record.language = language?.tag
        record.description = valid.content
        record.serviceCode = valid.serviceCode
        if let code = valid.serviceCode, let service = try await Service.find(code, on: db) { record.urgency = service.defaultUrgency }
        record.communeCode = valid.communeCode
        record.address = valid.address
        record.latitude = valid.latitude
        record.longitude = valid.longitude
        record.channel = channel
        record.status = .received
        record.restricted = false
        record.hideIdentityPublic = valid.hideIdentityPublic
        record.hideIdentityFromAgency = valid.hideIdentityFromAgency
        record.consentVersion = config.privacyNoticeVersion
        record.primaryContactID = try contact.requireID()
        record.receivedAt = now
        // Outside intake hours a request counts as received at the next opening (issue 3 §3).
        record.countedFrom = try await DeadlineStore.load(on: db).intakeCalendar.nextOpening(atOrAfter: now)
        record.publicSearch = ""
        record.staffSearch = staffSearchText(title: valid.title, description: valid.content, code: record.trackingCode)
        try await record.create(on: db)
        let requestID = try record.requireID()
        try await RequestContact(requestID: requestID, contactID: contact.requireID(), isPrimary: true, sourceRequestID: requestID).save(on: db)

        for (id, file) in files {
            let attachment = Attachment()
            attachment.id = id
            attachment.requestID = requestID
            attachment.purpose = .submission
            attachment.filename = file.name
            attachment.contentType = file.file.kind.rawValue
            attachment.byteCount = file.file.byteCount
            attachment.sha256 = file.file.sha256
            attachment.isPublic = false
            try await attachment.create(on: db)
        }
        let event = try await EventLog.write(
            request: record, action: .created, from: nil, to: .received,
            note: "Tiếp nhận qua kênh \(channel.label).", isPublic: true, acting: acting, on: db, now: now)
        try await Outbox.enqueueNotification(for: record, event: event, on: db, now: now)
        try await Outbox.enqueueNationalSync(for: record, event: event, config: config, on: db, now: now)
        return record
    }

    /// The folded text staff search runs on: title, description and the tracking code.
    static func staffSearchText(title: String, description: String, code: String) -> String {
        SearchText.indexed("\(title) \(description) \(code)")
    }

    /// A fresh random tracking code not used yet (10^9 codes: a clash is rare, and the unique index catches a race).
    static func uniqueTrackingCode(on db: Database) async throws -> TrackingCode {
        for _ in 0..<10 {
            let code = TrackingCode.generate()
            if try await ServiceRequestRecord.query(on: db).filter(\.$trackingCode == code.digits).count() == 0 { return code }
        }
        throw AppError(.internalServerError, "internal_error", "Không tạo được mã phản ánh.")
    }

    /// A display-only filename: path parts dropped, control characters removed, at most 120 characters.
    static func safeFilename(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = VietnameseText.sanitizedLine(last).filter { $0 != "\"" && $0 != "<" && $0 != ">" }
        return cleaned.isEmpty ? "tep-dinh-kem" : String(cleaned.prefix(120))
    }
}
