import Fluent
import Foundation
import PAKNDomain

/// Answer templates (issue 14): who manages which, adding and switching them, and filling one in for a case.
/// Admins and coordinators manage every template; an agency leader manages their own agency's (a template they
/// add is always their agency's). Knows nothing of HTTP.
enum AnswerTemplates {
    /// The agency whose templates `acting` manages: `.some(nil)` for all (admin, coordinator), theirs for an agency
    /// leader. Throws `AppError` 403 for every other role.
    static func managedAgency(_ acting: Acting) throws -> UUID?? {
        switch acting.role {
        case .admin?, .coordinator?: return .some(nil)
        case .agencyLeader?:
            guard let agency = acting.agencyID else { throw AppError.forbidden() }
            return .some(agency)
        default: throw AppError.forbidden()
        }
    }

    /// The templates `acting` manages, by title. Throws 403 as ``managedAgency(_:)``.
    static func managed(by acting: Acting, on db: Database) async throws -> [AnswerTemplate] {
        var query = AnswerTemplate.query(on: db).sort(\.$title)
        if let agency = try managedAgency(acting) ?? nil { query = query.filter(\.$agencyID == agency) }
        return try await query.all()
    }

    /// A template as the form describes it; empty `serviceCode`/`agencyID` mean "any".
    struct Draft: Sendable {
        var title: String
        var body: String
        var serviceCode: String?
        var agencyID: String?
    }

    /// Adds a template. Throws 403 as ``managedAgency(_:)``; 422 for an empty or too long title (200) or text
    /// (5,000 characters), an unknown placeholder, field or agency. An agency leader's template is their agency's,
    /// whatever the form says.
    static func create(_ draft: Draft, by acting: Acting, on db: Database) async throws {
        let managed = try managedAgency(acting)
        let title = VietnameseText.sanitizedLine(draft.title)
        let body = VietnameseText.nfc(draft.body).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.count <= 200, !body.isEmpty, body.count <= 5000 else {
            throw AppError.invalid("Cần tên mẫu (tối đa 200 ký tự) và nội dung (tối đa 5.000 ký tự).")
        }
        let unknown = AnswerTemplateText.unknownPlaceholders(in: body)
        guard unknown.isEmpty else {
            throw AppError.invalid("Không có chỗ điền " + unknown.map { "{\($0)}" }.joined(separator: ", ") + ". Các chỗ điền: "
                                   + AnswerTemplateText.placeholders.map { "{\($0.name)}" }.joined(separator: ", ") + ".")
        }
        let template = AnswerTemplate()
        template.title = title
        template.body = body
        template.active = true
        if let code = draft.serviceCode, !code.isEmpty {
            guard try await Service.find(code, on: db) != nil else { throw AppError.invalid("Lĩnh vực không tồn tại.") }
            template.serviceCode = code
        }
        if let agency = managed ?? nil {
            template.agencyID = agency
        } else if let raw = draft.agencyID, !raw.isEmpty {
            guard let id = UUID(uuidString: raw), try await Agency.find(id, on: db) != nil else { throw AppError.invalid("Cơ quan không tồn tại.") }
            template.agencyID = id
        }
        try await template.create(on: db)
    }

    /// Switches a template on or off. Throws 403 as ``managedAgency(_:)``, 404 for an unknown id or, for an agency
    /// leader, another agency's template.
    static func toggle(_ id: UUID?, by acting: Acting, on db: Database) async throws {
        let managed = try managedAgency(acting)
        guard let id, let template = try await AnswerTemplate.find(id, on: db),
              (managed ?? nil) == nil || template.agencyID == (managed ?? nil) else { throw AppError.notFound() }
        template.active.toggle()
        try await template.save(on: db)
    }

    /// The active templates offered for `record` (its field and lead agency, or any), by title.
    static func offered(for record: ServiceRequestRecord, on db: Database) async throws -> [AnswerTemplate] {
        try await AnswerTemplate.query(on: db).filter(\.$active == true).sort(\.$title).all()
            .filter { $0.applies(serviceCode: record.serviceCode, agencyID: record.leadAgencyID) }
    }

    /// `template`'s text filled in for `record`: its code, lead agency, reception day, due instant and today
    /// (`VietnamTime.dayText`, the due instant with its time).
    static func draft(_ template: AnswerTemplate, for record: ServiceRequestRecord, on db: Database, now: Date = Date()) async throws -> String {
        var agencyName: String?
        if let lead = record.leadAgencyID { agencyName = try await Agency.find(lead, on: db)?.name }
        return AnswerTemplateText.render(template.body, values: [
            "ma": TrackingCode(digits: record.trackingCode)?.formatted ?? record.trackingCode,
            "co_quan": agencyName ?? "",
            "ngay_nhan": VietnamTime.dayText(record.receivedAt),
            "han": record.dueAt.map(VietnamTime.dateTimeText) ?? "",
            "ngay": VietnamTime.dayText(now),
        ].filter { !$0.value.isEmpty })
    }
}
