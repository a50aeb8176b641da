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

    static func list(_ req: Request) async throws -> Response {
        try await listPage(req, typed: nil, error: nil)
    }

    /// The list and the add form; after a refused add, the form keeps what was typed and says why (422).
    static func listPage(_ req: Request, typed: Form?, error: String?) async throws -> Response {
        let acting = try req.requireActing()
        let managed = try AnswerTemplates.managedAgency(acting)
        let templates = try await AnswerTemplates.managed(by: acting, on: req.db)
        let services = try await ReferenceQueries.services(on: req.db)
        let agencies = try await ReferenceQueries.agencies(on: req.db)
        let serviceNames = Dictionary(services.map { ($0.id ?? "", $0.name) }, uniquingKeysWith: { a, _ in a })
        let agencyNames = Dictionary(agencies.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        return Layout.response(Layout.render(title: "Mẫu trả lời", for: req, body: .div(
            .h1(.text("Mẫu trả lời")),
            .div(.class("table-wrap"), .table(.id("templates"),
                .thead(.tr(.th(.text("Tên mẫu")), .th(.text("Lĩnh vực")), .th(.text("Cơ quan")), .th(.text("Nội dung")), .th(.text("")))),
                .tbody(.forEach(templates) { t in
                    .tr(.td(.peoplesWords, .text(t.title)), .td(.text(t.serviceCode.flatMap { serviceNames[$0] } ?? "Mọi lĩnh vực")),
                        .td(.text(t.agencyID.flatMap { agencyNames[$0] } ?? "Mọi cơ quan")),
                        .td(.peoplesWords, .style("white-space:pre-line"), .text(t.body)),
                        .td(.form(.method(.post), .action(SiteURL.answerTemplateToggle(t.id!).path), Layout.csrfField(req),
                                  .button(.type(.submit), .class("secondary"), .text(t.active ? "Tắt" : "Bật")))))
                }))),
            .form(.method(.post), .action(SiteURL.answerTemplates.path), .class("card"),
                Layout.csrfField(req),
                .h2(.text("Thêm mẫu")),
                .unwrap(error) { .p(.class("errors"), .attribute(named: "role", value: "alert"), .text($0)) },
                FormFields.text("title", label: "Tên mẫu", value: typed?.title, required: true),
                FormFields.textarea("body", label: "Nội dung", value: typed?.body, required: true, maxLength: 5000),
                .p(.class("muted"), .text("Có thể dùng:")),
                .ul(.class("muted"), .forEach(AnswerTemplateText.placeholders) { .li(.code(.text("{\($0.name)}")), .text(" – "), .span(.text($0.meaning))) }),
                FormFields.select("serviceCode", label: "Lĩnh vực", options: ReferenceQueries.serviceOptions(services), selected: typed?.serviceCode, emptyLabel: "Mọi lĩnh vực"),
                .if(managed == .some(nil), FormFields.select("agencyID", label: "Cơ quan", options: agencies.map { ($0.id!.uuidString, $0.name) },
                                                             selected: typed?.agencyID, emptyLabel: "Mọi cơ quan")),
                .button(.type(.submit), .text("Thêm mẫu")))
        )), status: error == nil ? .ok : .unprocessableEntity)
    }

    struct Form: Content { var title: String?; var body: String?; var serviceCode: String?; var agencyID: String? }

    /// `POST /quan-tri/mau-tra-loi`: 422 for an empty title or text, an unknown placeholder, field or agency.
    static func create(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let form = try req.content.decode(Form.self)
        do {
            try await AnswerTemplates.create(.init(title: form.title ?? "", body: form.body ?? "", serviceCode: form.serviceCode, agencyID: form.agencyID),
                                             by: acting, on: req.db)
        } catch let error as AppError where error.status == .unprocessableEntity {
            return try await listPage(req, typed: form, error: error.message)
        }
        return req.redirect(to: SiteURL.answerTemplates.path, redirectType: .normal)
    }

    /// `POST /quan-tri/mau-tra-loi/{id}/bat-tat`: an agency leader only for their agency's templates (404 otherwise).
    static func toggle(_ req: Request) async throws -> Response {
        try await AnswerTemplates.toggle(req.parameters.get("id", as: UUID.self), by: try req.requireActing(), on: req.db)
        return req.redirect(to: SiteURL.answerTemplates.path, redirectType: .normal)
    }
}
