import Fluent
import Foundation
import PAKNDomain
import Vapor

/// Triage: field, urgency, commune, title. Allowed to operators and coordinators while the case waits for them
/// (`Workflow.mayTriage`). The back office's form and `POST /api/v1/staff/requests/{id}/triage` call it.
enum TriageService {
    /// Changes what differs (a `nil` argument leaves its field alone; an empty field code clears it) and writes one
    /// internal `triaged` event naming what changed, in one transaction; nothing when nothing changed.
    /// Throws `AppError` 403 in a status or for a role that may not triage, 422 for an inactive or unknown field,
    /// an urgency not in the list, a commune outside the province, or a title outside 5–200 characters or with markup.
    /// A change, once committed, is told to the case pages open on every node through `liveEvents` (``LiveCase``).
    static func triage(_ record: ServiceRequestRecord, serviceCode: String?, urgency: String?, communeCode: String?, title: String?,
                       acting: Acting, config: AppConfiguration, on db: Database, liveEvents: Application? = nil) async throws {
        guard let role = acting.role, Workflow.mayTriage(role, status: record.status) else {
            throw AppError.forbidden("Không thể phân loại phản ánh ở trạng thái này.")
        }
        var changes: [String] = []
        if let code = serviceCode.map(VietnameseText.sanitizedLine), code != (record.serviceCode ?? "") {
            if code.isEmpty { record.serviceCode = nil } else {
                guard try await Service.find(code, on: db)?.active == true else { throw AppError.invalid("Lĩnh vực không hợp lệ.") }
                record.serviceCode = code
            }
            changes.append("lĩnh vực")
        }
        if let value = urgency, value != (record.urgency?.rawValue ?? "") {
            guard value.isEmpty || Urgency(rawValue: value) != nil else { throw AppError.invalid("Mức độ không hợp lệ.") }
            record.urgency = Urgency(rawValue: value)
            changes.append("mức độ")
        }
        if let code = communeCode.map(VietnameseText.sanitizedLine), !code.isEmpty, code != (record.communeCode ?? "") {
            // Only a commune in force (a retired one keeps its cases, takes no new ones).
            guard let commune = try await Commune.find(code, on: db), commune.provinceCode == config.provinceCode, commune.validTo == nil else {
                throw AppError.invalid("Xã, phường không thuộc danh mục hiện hành của tỉnh.")
            }
            record.communeCode = code
            changes.append("địa bàn")
        }
        if let raw = title {
            let clean = VietnameseText.sanitizedLine(raw)
            if clean != record.title {
                guard Intake.titleLength.contains(clean.count), !Intake.containsMarkup(clean) else { throw AppError.invalid("Tiêu đề cần từ 5 đến 200 ký tự, không chứa mã HTML.") }
                record.title = clean
                record.staffSearch = IntakeService.staffSearchText(title: clean, description: record.description, code: record.trackingCode)
                changes.append("tiêu đề")
            }
        }
        guard !changes.isEmpty else { return }
        let note = "Cập nhật \(changes.joined(separator: ", "))."
        try await db.writeTransaction { tx in
            try await record.save(on: tx)
            try await EventLog.write(request: record, action: .triaged, from: nil, to: nil,
                                     note: note, isPublic: false, acting: acting, on: tx)
        }
        if let liveEvents { await LiveCase.publish(record, change: CaseEvent.triaged.label, app: liveEvents, on: db) }
    }
}
