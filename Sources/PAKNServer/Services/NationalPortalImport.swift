import Fluent
import Foundation
import PAKNDomain

/// Requests that arrive from the national PAKN portal (issue 15 item 8; `pakn sync import`): each goes in through
/// `IntakeService.submit` with the channel `nationalPortal`, and its portal id is written in the same transaction
/// (`NationalPortalLink`, unique), so a second delivery of the same id creates nothing and answers with the first
/// one's tracking code. Nothing is half-stored: a refused request leaves no row.
enum NationalPortalImport {
    /// Who acts on an import: the system, labelled with the portal's name on the timeline.
    static let acting = Acting(userID: nil, actor: .system, agencyID: nil, label: "Cổng Dịch vụ công quốc gia")

    /// What an import did.
    enum Outcome {
        /// A new request was made.
        case created(ServiceRequestRecord)
        /// The portal id was imported before: this is the request made then (nothing was changed).
        case existing(ServiceRequestRecord)

        var record: ServiceRequestRecord {
            switch self { case .created(let r), .existing(let r): r }
        }
        var created: Bool { if case .created = self { true } else { false } }
    }

    /// Imports `incoming` at `now` (our instant of reception; the portal's own `received_at` is kept beside it).
    /// - Returns: the outcome, or the problems (Vietnamese, per field) when the request cannot be accepted: the
    ///   portal's fields (``NationalPortalIncoming/portalErrors()``), then the intake's rules (`Intake.validate`: a
    ///   title, content, a commune of the province, a name and a phone number or e-mail).
    /// - Throws: database errors.
    static func submit(_ incoming: NationalPortalIncoming, config: AppConfiguration, on db: Database,
                       now: Date = Date()) async throws -> Result<Outcome, ValidationFailure> {
        let portalErrors = incoming.portalErrors()
        let portalID = incoming.normalizedPortalID
        if portalErrors.isEmpty, let found = try await existing(portalID, on: db) { return .success(.existing(found)) }
        let codes = Set(try await Service.query(on: db).filter(\.$active == true).all().compactMap(\.id))
        let submission = incoming.submission(ourField: { codes.contains($0) })
        let portalField = submission.serviceCode == nil ? incoming.fieldDescription : nil
        let received = incoming.receivedInstant
        // Checked together: the portal's fields and the request's, every problem at once.
        if !portalErrors.isEmpty {
            let intakeErrors: [FieldError]
            let code = VietnameseText.sanitizedLine(submission.communeCode)
            let communeOK = try await Commune.find(code, on: db).map { $0.provinceCode == config.provinceCode } ?? false
            if case .failure(let failure) = Intake.validate(submission, knownCommune: { _ in communeOK }, knownService: { _ in true }) {
                intakeErrors = failure.errors
            } else { intakeErrors = [] }
            return .failure(ValidationFailure(portalErrors + intakeErrors))
        }
        do {
            let result = try await IntakeService.submit(submission, files: [], channel: .nationalPortal, acting: acting,
                                                        config: config, on: db, now: now) { record, tx in
                let link = NationalPortalLink()
                link.portalID = portalID
                link.requestID = try record.requireID()
                link.portalReceivedAt = received
                link.portalField = portalField
                link.importedAt = now
                try await link.create(on: tx)
            }
            return result.map { .created($0) }
        } catch {
            // Two deliveries of one id at once: the unique index refused the second; it answers like a repeat.
            if let found = try await existing(portalID, on: db) { return .success(.existing(found)) }
            throw error
        }
    }

    /// The request imported before under `portalID`, if any.
    static func existing(_ portalID: String, on db: Database) async throws -> ServiceRequestRecord? {
        guard let link = try await NationalPortalLink.query(on: db).filter(\.$portalID == portalID).first() else { return nil }
        return try await ServiceRequestRecord.findReadable(link.requestID, on: db, logger: db.logger)
    }
}
