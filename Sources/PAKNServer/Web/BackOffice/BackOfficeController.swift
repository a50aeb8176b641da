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
        let page = try await QueueQuery.page(filter, position: try Keyset.Position.read(req), acting: acting,
                                             province: req.paknConfiguration.provinceCode, on: req.db)
        return Layout.response(QueuePage.render(req, filter: filter, page: page))
    }

    /// The case the path's `:id` names, if `acting` may see it (``CaseAccess/visibleCase(_:to:logger:on:)``).
    static func record(_ req: Request, acting: Acting) async throws -> ServiceRequestRecord {
        try await CaseAccess.visibleCase(req.parameters.get("id", as: UUID.self), to: acting, logger: req.logger, on: req.db)
    }

    static func detail(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let record = try await record(req, acting: acting)
        // `?mau=`: a template offered for this case (any other id is ignored) put in the answer box; `?bai=`: a usable
        // knowledge-base article put there instead; `?kb=`: what the knowledge box beside the answer searches for.
        let details = try await CaseDetail.page(record, acting: acting, config: req.paknConfiguration,
                                                template: (try? req.query.get(String.self, at: "mau")).flatMap(UUID.init(uuidString:)),
                                                article: (try? req.query.get(String.self, at: "bai")).flatMap(UUID.init(uuidString:)),
                                                knowledgeQuery: try? req.query.get(String.self, at: "kb"), on: req.db)
        return Layout.response(DetailPage.render(req, details: details))
    }

    struct TriageForm: Content { var serviceCode: String?; var urgency: String?; var communeCode: String?; var title: String? }

    static func triage(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let record = try await record(req, acting: acting)
        let form = try req.content.decode(TriageForm.self)
        try await TriageService.triage(record, serviceCode: form.serviceCode, urgency: form.urgency, communeCode: form.communeCode,
                                       title: form.title, acting: acting, config: req.paknConfiguration, on: req.db,
                                       liveEvents: req.application)
        return req.redirect(to: SiteURL.staffRequest(try record.requireID()).path)
    }

    struct ActionForm: Content {
        var note: String?; var notePublic: String?; var rejectionReason: String?; var emergencyService: String?
        var duplicateOf: String?; var leadAgencyID: String?; var coHandlerIDs: [String]?; var articleID: String?
        var input: ActionInput {
            var input = ActionInput(note: note, notePublic: notePublic.map { $0 == "on" },
                                    rejectionReason: rejectionReason.flatMap(RejectionReason.init(rawValue:)),
                                    emergencyService: emergencyService.flatMap(EmergencyService.init(rawValue:)),
                                    duplicateOf: duplicateOf, leadAgencyID: leadAgencyID.flatMap(UUID.init(uuidString:)),
                                    coHandlerIDs: (coHandlerIDs ?? []).compactMap(UUID.init(uuidString:)))
            input.articleID = articleID.flatMap(UUID.init(uuidString:))
            return input
        }
    }

    static func action(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let record = try await record(req, acting: acting)
        guard let action = req.parameters.get("action").flatMap(WorkflowAction.init(rawValue:)) else { throw AppError.notFound() }
        let form = try req.formFields(ActionForm.self)
        var input = form.input
        if action == .answer {
            input.attachments = try await AnswerFiles.store(req.uploadedFiles, config: req.paknConfiguration, on: req.db, logger: req.logger)
        }
        do {
            try await CaseWorkflow.perform(action, requestID: record.requireID(), by: acting, input: input, config: req.paknConfiguration,
                                           on: req.db, liveEvents: req.application)
        } catch {
            let store = AttachmentStore(config: req.paknConfiguration, on: req.db)
            for file in input.attachments { try? await store.remove(file.id) }
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
        try await Extensions.decide(requestID: record.requireID(), approve: form.decision == "approve", reason: form.reason, by: acting,
                                    config: req.paknConfiguration, on: req.db)
        return req.redirect(to: SiteURL.staffRequest(try record.requireID()).path)
    }

    static func notifications(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let shown = try await StaffNotices.visible(to: acting, on: req.db)
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
        let contacts = try await CaseContacts.reveal(of: record, to: acting, on: req.db)
        try await AuditLog.write(.contactViewed, request: req, route: AuditLog.template(of: req),
                                 subject: try record.requireID().uuidString.lowercased(), fields: [], status: .ok)
        return Layout.response(Layout.render(title: "Thông tin liên hệ", for: req, body: .div(
            .h1(.text("Thông tin liên hệ")),
            .p(.class("muted"), .text("Lượt xem này đã được ghi vào nhật ký.")),
            .forEach(contacts) { c in .div(.class("card contact"),
                .p(.strong(.text(c.fullName))),
                .unwrap(c.phone) { .p(.text("Điện thoại: \(PhoneNumber.display($0))")) },
                .unwrap(c.email) { .p(.text("Email: \($0)")) },
                .unwrap(c.address) { .p(.text("Địa chỉ: "), .span(.peoplesWords, .text($0))) }) },
            .p(.a(.href(SiteURL.staffRequest(try record.requireID()).path), .text("← Quay lại phản ánh")))
        )))
    }

    static func attachment(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let record = try await record(req, acting: acting)
        let file = try await CaseAccess.file(req.parameters.get("file", as: UUID.self), of: record, on: req.db)
        return try await PublicController.serve(file, config: req.paknConfiguration, on: req.db)
    }
}
