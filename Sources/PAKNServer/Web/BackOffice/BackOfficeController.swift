import Fluent
import PAKNChannels
import Foundation
import PAKNDomain
import Plot
import Vapor

/// The back office: queue, case detail, triage, workflow moves, audited contact view, staff downloads.
enum BackOfficeController {
    static func queue(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let filter = try req.query.decode(QueueQuery.Filter.self)
        let paging = try Paging.read(req, page: "page", defaultSize: QueueQuery.perPage, maximumSize: QueueQuery.perPage)
        let result = try await QueueQuery.run(filter, paging: paging, acting: acting, on: req.db)
        return Layout.response(try await QueuePage.render(req, filter: filter, items: result.items, total: result.total))
    }

    static func record(_ req: Request, acting: Acting) async throws -> ServiceRequestRecord {
        guard let id = req.parameters.get("id", as: UUID.self),
              let record = try await ServiceRequestRecord.findReadable(id, on: req.db, logger: req.logger) else {
            throw AppError.notFound()
        }
        try await CaseAccess.requireVisible(record, to: acting, on: req.db)
        return record
    }

    static func detail(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let record = try await record(req, acting: acting)
        var details = try await DetailPage.Details.load(record, acting: acting, province: req.paknConfiguration.provinceCode, on: req.db)
        if StaffReply.mayReply(acting, to: record), !details.identityHidden {
            let channels = try await ChannelConfiguration.effective(base: req.paknConfiguration.channels, on: req.db)
            details.replyPlan = try await DeliveryPlan.make(for: record, author: .person, config: channels, on: req.db, now: Date())
        }
        if details.actions.contains(where: { $0 == .answer || $0 == .answerDirectly }) {
            details.templates = try await AnswerTemplateController.offered(for: record, on: req.db)
            // `?mau=`: a template offered for this case (any other id is ignored) put in the answer box.
            if let picked = (try? req.query.get(String.self, at: "mau")).flatMap(UUID.init(uuidString:)),
               let template = details.templates.first(where: { $0.id == picked }) {
                var agencyName: String?
                if let lead = record.leadAgencyID { agencyName = try await Agency.find(lead, on: req.db)?.name }
                details.answerDraft = AnswerTemplateController.draft(template, for: record, agencyName: agencyName)
            }
        }
        return Layout.response(DetailPage.render(req, details: details))
    }

    struct TriageForm: Content { var serviceCode: String?; var urgency: String?; var communeCode: String?; var title: String? }

    static func triage(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let record = try await record(req, acting: acting)
        let form = try req.content.decode(TriageForm.self)
        try await TriageService.triage(record, serviceCode: form.serviceCode, urgency: form.urgency, communeCode: form.communeCode,
                                       title: form.title, acting: acting, config: req.paknConfiguration, on: req.db)
        return req.redirect(to: SiteURL.staffRequest(try record.requireID()).path)
    }

    struct ActionForm: Content {
        var note: String?; var notePublic: String?; var rejectionReason: String?; var emergencyService: String?
        var duplicateOf: String?; var leadAgencyID: String?; var coHandlerIDs: [String]?
        var input: ActionInput {
            ActionInput(note: note, notePublic: notePublic.map { $0 == "on" },
                        rejectionReason: rejectionReason.flatMap(RejectionReason.init(rawValue:)),
                        emergencyService: emergencyService.flatMap(EmergencyService.init(rawValue:)),
                        duplicateOf: duplicateOf, leadAgencyID: leadAgencyID.flatMap(UUID.init(uuidString:)),
                        coHandlerIDs: (coHandlerIDs ?? []).compactMap(UUID.init(uuidString:)))
        }
    }

    static func action(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let record = try await record(req, acting: acting)
        guard let action = req.parameters.get("action").flatMap(WorkflowAction.init(rawValue:)) else { throw AppError.notFound() }
        let form = try req.formFields(ActionForm.self)
        var input = form.input
        if action == .answer {
            input.attachments = try await AnswerFiles.store(req.uploadedFiles, config: req.paknConfiguration, logger: req.logger)
        }
        do {
            try await CaseWorkflow.perform(action, requestID: record.requireID(), by: acting, input: input, config: req.paknConfiguration, on: req.db)
        } catch {
            input.attachments.forEach { AttachmentStore(dataDirectory: req.paknConfiguration.dataDirectory).remove($0.id) }
            throw error
        }
        return req.redirect(to: SiteURL.staffRequest(try record.requireID()).path)
    }

    /// `POST /quan-tri/phan-anh/:id/ghi-chu/:event/(duyet|giu-noi-bo)`: the coordinator approves a note for the public
    /// timeline or keeps it internal (`PublicNotes`).
    static func decideNote(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let record = try await record(req, acting: acting)
        guard let eventID = req.parameters.get("event", as: UUID.self),
              let decision = req.parameters.get("decision"), ["duyet", "giu-noi-bo"].contains(decision) else { throw AppError.notFound() }
        try await PublicNotes(db: req.db).decide(eventID: eventID, of: record.requireID(), approve: decision == "duyet", acting: acting)
        return req.redirect(to: SiteURL.staffRequest(try record.requireID()).path)
    }

    struct CoHandlerForm: Content { var note: String? }

    static func coHandlerInput(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let record = try await record(req, acting: acting)
        try await CoHandling.submitInput(try req.content.decode(CoHandlerForm.self).note, requestID: record.requireID(), by: acting, on: req.db)
        return req.redirect(to: SiteURL.staffRequest(try record.requireID()).path)
    }

    struct ExtensionForm: Content { var proposedDue: String?; var reason: String?; var decision: String? }

    /// "2026-12-15 16:00" or "2026-12-15T16:00" (a datetime-local value), read in Asia/Ho_Chi_Minh.
    static func parseLocalDateTime(_ text: String?) -> Date? {
        guard let text = text?.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "T", with: " "), !text.isEmpty else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
        for format in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "dd/MM/yyyy HH:mm"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    static func requestExtension(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let record = try await record(req, acting: acting)
        let form = try req.content.decode(ExtensionForm.self)
        guard let proposed = parseLocalDateTime(form.proposedDue) else { throw AppError.invalid("Hạn đề xuất không hợp lệ (ví dụ 2026-12-15 16:00).") }
        try await Extensions.request(requestID: record.requireID(), reason: form.reason, proposedDue: proposed, by: acting, on: req.db)
        return req.redirect(to: SiteURL.staffRequest(try record.requireID()).path)
    }

    static func decideExtension(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let record = try await record(req, acting: acting)
        let form = try req.content.decode(ExtensionForm.self)
        try await Extensions.decide(requestID: record.requireID(), approve: form.decision == "approve", reason: form.reason, by: acting, on: req.db)
        return req.redirect(to: SiteURL.staffRequest(try record.requireID()).path)
    }

    static func notifications(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let notices = try await StaffNotices.visible(to: acting, on: req.db)
        let codes = Dictionary(try await ServiceRequestRecord.query(on: req.db).filter(\.$id ~~ notices.map(\.requestID)).all().map { ($0.id!, $0.restricted) },
                               uniquingKeysWith: { a, _ in a })
        let shown = notices.filter { codes[$0.requestID] == (acting.role == .complaintOfficer) }
        return Layout.response(Layout.render(title: "Thông báo", for: req, body: .div(
            .h1(.text("Nhắc hạn và cảnh báo quá hạn")),
            .if(shown.isEmpty, .p(.class("muted"), .text("Không có thông báo."))),
            .ul(.id("notices"), .forEach(shown) { notice in
                .li(.strong(.text(Layout.date(notice.createdAt))), .text(" – "),
                    .a(.href(SiteURL.staffRequest(notice.requestID).path), .text(notice.text)))
            })
        )))
    }

    /// Shows the requester's contact details and records who looked, and when.
    static func contact(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let record = try await record(req, acting: acting)
        if ContactAccess.identityHidden(from: acting.role, requesterAskedToHideFromAgency: record.hideIdentityFromAgency) {
            throw AppError.forbidden(ContactAccess.reason(for: acting.role))
        }
        let contacts = try await Publication.contacts(of: record, on: req.db)
        try await EventLog.write(request: record, action: .contactViewed, from: nil, to: nil,
                                 note: "Xem thông tin liên hệ người gửi.", isPublic: false, acting: acting, on: req.db)
        try await AuditLog.write(.contactViewed, request: req, route: AuditLog.template(of: req),
                                 subject: try record.requireID().uuidString.lowercased(), fields: [], status: .ok)
        return Layout.response(Layout.render(title: "Thông tin liên hệ", for: req, body: .div(
            .h1(.text("Thông tin liên hệ")),
            .p(.class("muted"), .text("Lượt xem này đã được ghi vào nhật ký.")),
            .forEach(contacts) { c in .div(.class("card contact"),
                .p(.strong(.text(c.fullName))),
                .unwrap(c.phone) { .p(.text("Điện thoại: \(PhoneNumber.display($0))")) },
                .unwrap(c.email) { .p(.text("Email: \($0)")) },
                .unwrap(c.address) { .p(.text("Địa chỉ: \($0)")) }) },
            .p(.a(.href(SiteURL.staffRequest(try record.requireID()).path), .text("← Quay lại phản ánh")))
        )))
    }

    static func attachment(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let record = try await record(req, acting: acting)
        guard let fileID = req.parameters.get("file", as: UUID.self),
              let file = try await Attachment.find(fileID, on: req.db), file.requestID == record.id else { throw AppError.notFound() }
        return try PublicController.serve(file, config: req.paknConfiguration)
    }
}

/// Triage: field, urgency, commune, title. Allowed to operators and coordinators while the case waits for them.
enum TriageService {
    static func triage(_ record: ServiceRequestRecord, serviceCode: String?, urgency: String?, communeCode: String?, title: String?,
                       acting: Acting, config: AppConfiguration, on db: Database) async throws {
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
            guard try await Commune.find(code, on: db)?.provinceCode == config.provinceCode else { throw AppError.invalid("Xã, phường không thuộc danh mục của tỉnh.") }
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
    }
}

/// Answer attachments: checked by content like citizens' files, written before the transaction that links them.
enum AnswerFiles {
    static func store(_ files: [IntakeService.UploadedFile], config: AppConfiguration, logger: Logger) async throws -> [ActionInput.StoredFile] {
        let real = files.filter { $0.byteCount > 0 || !$0.filename.isEmpty }
        guard real.count <= config.maxAttachments else { throw AppError.invalid("Tối đa \(config.maxAttachments) tệp đính kèm.") }
        var stored: [ActionInput.StoredFile] = []
        let store = AttachmentStore(dataDirectory: config.dataDirectory)
        for file in real {
            let name = IntakeService.safeFilename(file.filename)
            switch await UploadInspector.inspect(file, maxBytes: config.maxAttachmentBytes, store: store, logger: logger) {
            case .failure(let failure):
                stored.forEach { store.remove($0.id) }
                throw AppError.invalid(failure.message(filename: name))
            case .success(let clean):
                let id = UUID()
                do { try store.adopt(clean, id: id) } catch {
                    store.discard(clean)
                    stored.forEach { store.remove($0.id) }
                    throw error
                }
                stored.append(.init(id: id, filename: name, contentType: clean.kind.rawValue, byteCount: clean.byteCount,
                                    sha256: clean.sha256))
            }
        }
        return stored
    }
}
