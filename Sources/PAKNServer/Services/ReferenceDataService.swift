import Fluent
import Foundation
import PAKNDomain

/// The reference data an admin keeps (agencies, fields, routing rules), with the rules every entry point shares.
/// Knows nothing of HTTP: the admin pages decode their forms into these drafts and render what comes back.
///
/// Errors are `AppError`: 422 `validation_failed` with a Vietnamese message for a bad field, 404 for an unknown
/// id or code, 409 for a field code already taken.
enum ReferenceDataService {
    /// An agency as the admin form describes it. `workingHours` is the typed text ("07:30-11:30, 13:30-17:00"),
    /// empty for the deployment's hours.
    struct AgencyDraft: Sendable {
        var name: String
        var kind: AgencyKind?
        var email: String?
        var active: Bool
        var workingHours: String
    }

    /// Creates an agency (`id` nil) or changes one. When its working hours change, every running deadline is
    /// computed again (`DueDates.recomputeAll`), since due instants are counted in the agency's own hours.
    static func saveAgency(_ id: UUID?, _ draft: AgencyDraft, on db: Database) async throws {
        let name = VietnameseText.sanitizedLine(draft.name)
        guard (2...200).contains(name.count), !Intake.containsMarkup(name) else { throw AppError.invalid("Tên cơ quan cần từ 2 đến 200 ký tự.") }
        let agency: Agency
        if let id {
            guard let found = try await Agency.find(id, on: db) else { throw AppError.notFound() }
            agency = found
        } else { agency = Agency() }
        agency.name = name
        guard let kind = draft.kind else { throw AppError.invalid("Vui lòng chọn loại cơ quan.") }
        agency.kind = kind
        agency.email = draft.email.map(VietnameseText.sanitizedLine).flatMap { $0.isEmpty ? nil : $0 }
        if let email = agency.email, !Intake.isPlausibleEmail(email) { throw AppError.invalid("Email không hợp lệ.") }
        agency.active = draft.active
        let hoursInput = draft.workingHours.trimmingCharacters(in: .whitespaces)
        let previousHours = agency.workingHours
        if hoursInput.isEmpty {
            agency.workingHours = nil
        } else {
            guard let periods = WorkingPeriod.list(parsing: hoursInput),
                  let hours = try? WorkingHours(periods, on: [.monday, .tuesday, .wednesday, .thursday, .friday]) else {
                throw AppError.invalid("Giờ làm việc không hợp lệ (ví dụ 07:30-11:30, 13:30-17:00).")
            }
            agency.workingHours = String(decoding: try JSONEncoder().encode(hours), as: UTF8.self)
        }
        try await agency.save(on: db)
        if agency.workingHours != previousHours { try await DueDates.recomputeAll(on: db) }
    }

    /// A field as the admin form describes it; `code` is read only when creating.
    struct ServiceDraft: Sendable {
        var code: String
        var name: String
        var group: ServiceGroup?
        var defaultUrgency: Urgency?
        var active: Bool
    }

    /// Creates a field (`existingCode` nil: its code is checked and must be free) or changes one.
    static func saveService(_ existingCode: String?, _ draft: ServiceDraft, on db: Database) async throws {
        let name = VietnameseText.sanitizedLine(draft.name)
        guard (2...200).contains(name.count), !Intake.containsMarkup(name) else { throw AppError.invalid("Tên lĩnh vực cần từ 2 đến 200 ký tự.") }
        guard let group = draft.group else { throw AppError.invalid("Nhóm không hợp lệ.") }
        guard let urgency = draft.defaultUrgency else { throw AppError.invalid("Mức độ không hợp lệ.") }
        let service: Service
        if let existingCode {
            guard let found = try await Service.find(existingCode, on: db) else { throw AppError.notFound() }
            service = found
        } else {
            let code = draft.code.trimmingCharacters(in: .whitespaces)
            guard (2...50).contains(code.count), code.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }) else {
                throw AppError.invalid("Mã lĩnh vực chỉ gồm chữ thường không dấu, số và gạch dưới.")
            }
            guard try await Service.find(code, on: db) == nil else { throw AppError.conflict("Mã lĩnh vực đã tồn tại.") }
            service = Service(code: code, name: name, group: group, defaultUrgency: urgency,
                              position: try await Service.query(on: db).count())
        }
        service.name = name; service.group = group; service.defaultUrgency = urgency
        service.active = draft.active
        try await service.save(on: db)
    }

    /// Every routing rule (field × commune → lead agency), unordered.
    static func routingRules(on db: Database) async throws -> [RoutingRuleRecord] {
        try await RoutingRuleRecord.query(on: db).all()
    }

    /// Adds a routing rule; a `nil` field or commune means "any". The agency, field and commune must exist.
    static func addRule(serviceCode: String?, communeCode: String?, agencyID: UUID?, on db: Database) async throws {
        guard let agencyID, try await Agency.find(agencyID, on: db) != nil else {
            throw AppError.invalid("Vui lòng chọn cơ quan chủ trì.")
        }
        if let code = serviceCode, try await Service.find(code, on: db) == nil { throw AppError.invalid("Lĩnh vực không hợp lệ.") }
        if let code = communeCode, try await Commune.find(code, on: db) == nil { throw AppError.invalid("Địa bàn không hợp lệ.") }
        try await RoutingRuleRecord(serviceCode: serviceCode, communeCode: communeCode, agencyID: agencyID).create(on: db)
    }

    /// Deletes a routing rule. Throws 404 for an unknown id.
    static func deleteRule(_ id: UUID?, on db: Database) async throws {
        guard let id, let rule = try await RoutingRuleRecord.find(id, on: db) else { throw AppError.notFound() }
        try await rule.delete(on: db)
    }
}
