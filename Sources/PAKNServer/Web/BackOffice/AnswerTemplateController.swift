import Fluent
import Foundation
import PAKNDomain
import Plot
import Vapor

/// Answer templates (issue 14): `/quan-tri/mau-tra-loi` lists them and adds one; `…/{id}/bat-tat` switches one on or
/// off. Admins and coordinators manage every template; an agency leader manages the templates of their own agency
/// (a template they add is always their agency's). Officers pick them in the answer form (`DetailPage`).
enum AnswerTemplateController {
    static func register(_ office: any RoutesBuilder) {
        office.get(SiteURL.answerTemplates, use: list)
        office.post(SiteURL.answerTemplates, use: create)
        office.post(SiteURL.answerTemplateToggle(.key), use: toggle)
    }

    /// The agency whose templates `acting` manages: nil for all (admin, coordinator), theirs for an agency leader.
    /// - Throws: 403 for every other role.
    static func managedAgency(_ acting: Acting) throws -> UUID?? {
        switch acting.role {
        case .admin?, .coordinator?: return .some(nil)
        case .agencyLeader?:
            guard let agency = acting.agencyID else { throw AppError.forbidden() }
            return .some(agency)
        default: throw AppError.forbidden()
        }
    }

    static func list(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let managed = try managedAgency(acting)
        var query = AnswerTemplate.query(on: req.db).sort(\.$title)
        if let agency = managed ?? nil { query = query.filter(\.$agencyID == agency) }
        let templates = try await query.all()
        let services = try await ReferenceQueries.services(on: req.db)
        let agencies = try await ReferenceQueries.agencies(on: req.db)
        let serviceNames = Dictionary(services.map { ($0.id ?? "", $0.name) }, uniquingKeysWith: { a, _ in a })
        let agencyNames = Dictionary(agencies.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        return Layout.response(Layout.render(title: "Mẫu trả lời", for: req, body: .div(
            .h1(.text("Mẫu trả lời")),
            .div(.class("table-wrap"), .table(.id("templates"),
                .thead(.tr(.th(.text("Tên mẫu")), .th(.text("Lĩnh vực")), .th(.text("Cơ quan")), .th(.text("Nội dung")), .th(.text("")))),
                .tbody(.forEach(templates) { t in
                    .tr(.td(.text(t.title)), .td(.text(t.serviceCode.flatMap { serviceNames[$0] } ?? "Mọi lĩnh vực")),
                        .td(.text(t.agencyID.flatMap { agencyNames[$0] } ?? "Mọi cơ quan")),
                        .td(.style("white-space:pre-line"), .text(t.body)),
                        .td(.form(.method(.post), .action(SiteURL.answerTemplateToggle(t.id!).path), Layout.csrfField(req),
                                  .button(.type(.submit), .class("secondary"), .text(t.active ? "Tắt" : "Bật")))))
                }))),
            .form(.method(.post), .action(SiteURL.answerTemplates.path), .class("card"),
                Layout.csrfField(req),
                .h2(.text("Thêm mẫu")),
                FormFields.text("title", label: "Tên mẫu", value: nil, required: true),
                FormFields.textarea("body", label: "Nội dung", value: nil, required: true, maxLength: 5000),
                .p(.class("muted"), .text("Có thể dùng: " + AnswerTemplateText.placeholders.map { "{\($0.name)} – \($0.meaning)" }.joined(separator: "; ") + ".")),
                FormFields.select("serviceCode", label: "Lĩnh vực", options: ReferenceQueries.serviceOptions(services), selected: nil, emptyLabel: "Mọi lĩnh vực"),
                .if(managed == .some(nil), FormFields.select("agencyID", label: "Cơ quan", options: agencies.map { ($0.id!.uuidString, $0.name) },
                                                             selected: nil, emptyLabel: "Mọi cơ quan")),
                .button(.type(.submit), .text("Thêm mẫu")))
        )))
    }

    struct Form: Content { var title: String?; var body: String?; var serviceCode: String?; var agencyID: String? }

    /// `POST /quan-tri/mau-tra-loi`: 422 for an empty title or text, an unknown placeholder, field or agency.
    static func create(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let managed = try managedAgency(acting)
        let form = try req.content.decode(Form.self)
        let title = VietnameseText.sanitizedLine(form.title ?? "")
        let body = VietnameseText.nfc(form.body ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
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
        if let code = form.serviceCode, !code.isEmpty {
            guard try await Service.find(code, on: req.db) != nil else { throw AppError.invalid("Lĩnh vực không tồn tại.") }
            template.serviceCode = code
        }
        if let agency = managed ?? nil {
            template.agencyID = agency
        } else if let raw = form.agencyID, !raw.isEmpty {
            guard let id = UUID(uuidString: raw), try await Agency.find(id, on: req.db) != nil else { throw AppError.invalid("Cơ quan không tồn tại.") }
            template.agencyID = id
        }
        try await template.create(on: req.db)
        return req.redirect(to: SiteURL.answerTemplates.path, redirectType: .normal)
    }

    /// `POST /quan-tri/mau-tra-loi/{id}/bat-tat`: an agency leader only for their agency's templates (404 otherwise).
    static func toggle(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let managed = try managedAgency(acting)
        guard let id = req.parameters.get("id", as: UUID.self), let template = try await AnswerTemplate.find(id, on: req.db),
              (managed ?? nil) == nil || template.agencyID == (managed ?? nil) else { throw AppError.notFound() }
        template.active.toggle()
        try await template.save(on: req.db)
        return req.redirect(to: SiteURL.answerTemplates.path, redirectType: .normal)
    }

    /// The active templates offered for `record` (its field and lead agency, or any).
    static func offered(for record: ServiceRequestRecord, on db: Database) async throws -> [AnswerTemplate] {
        try await AnswerTemplate.query(on: db).filter(\.$active == true).sort(\.$title).all()
            .filter { $0.applies(serviceCode: record.serviceCode, agencyID: record.leadAgencyID) }
    }

    /// `template`'s text with the case's values: its code, lead agency, reception day, due instant and today.
    static func draft(_ template: AnswerTemplate, for record: ServiceRequestRecord, agencyName: String?, now: Date = Date()) -> String {
        AnswerTemplateText.render(template.body, values: [
            "ma": TrackingCode(digits: record.trackingCode)?.formatted ?? record.trackingCode,
            "co_quan": agencyName ?? "",
            "ngay_nhan": DashboardController.displayDay(record.receivedAt),
            "han": record.dueAt.map { Layout.date($0) } ?? "",
            "ngay": DashboardController.displayDay(now),
        ].filter { !$0.value.isEmpty })
    }
}
