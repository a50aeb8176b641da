import Fluent
import Foundation
import PAKNDomain
import Plot
import Vapor

/// `/quan-tri/du-lieu-ca-nhan`: operators and coordinators take a person's request about their data after checking
/// who they are, and carry it out (`DataSubjectService`): a copy as JSON, a correction, an erasure, or a refusal
/// with its reason. Every step is in the audit.
enum DataSubjectController {
    static func register(_ office: any RoutesBuilder) {
        let area = office.grouped(RequireRoleMiddleware(roles: [.operator, .coordinator]), AuditMiddleware(action: .dataSubject))
        area.get(SiteURL.dataSubjectRequests, use: list)
        area.post(SiteURL.dataSubjectRequests, use: open)
        area.get(SiteURL.dataSubjectRequest(.key), use: detail)
        area.get(SiteURL.dataSubjectExport(.key), use: export)
        area.post(SiteURL.dataSubjectAction(.key, .key), use: step)
    }

    struct OpenForm: Content { var kind: String?; var phone: String?; var email: String?; var identityCheck: String? }
    struct StepForm: Content { var decision: String?; var fullName: String?; var phone: String?; var email: String?; var address: String? }

    static func list(_ req: Request) async throws -> Response {
        let (open, done) = try await DataSubjectService(db: req.db).list()
        let now = Date()
        func row(_ r: DataSubjectRequest) -> Node<HTML.TableContext> {
            .tr(.td(.a(.href(SiteURL.dataSubjectRequest(r.id!).path), .text(r.kind.label))),
                .td(.text(Layout.date(r.receivedAt))),
                .td(.text(Layout.date(r.dueAt) + (r.status == .open && r.dueAt < now ? " (quá hạn)" : ""))),
                .td(.text(r.status.label)))
        }
        return Layout.response(Layout.render(title: "Yêu cầu về dữ liệu cá nhân", for: req, body: .div(
            .h1(.text("Yêu cầu về dữ liệu cá nhân")),
            .p(.class("muted"), .text("Người dân yêu cầu xem, sửa hoặc xoá dữ liệu của mình (Luật Bảo vệ dữ liệu cá nhân 2025). Chỉ tiếp nhận sau khi đã xác minh danh tính; hạn trả lời \(DataSubjectService.hours()) giờ.")),
            .form(.class("card"), .method(.post), .action(SiteURL.dataSubjectRequests.path),
                Layout.csrfField(req),
                FormFields.select("kind", label: "Yêu cầu", options: DataSubjectRequest.Kind.allCases.map { ($0.rawValue, $0.label) }, selected: nil, required: true),
                FormFields.text("phone", label: "Số điện thoại của người yêu cầu", value: nil, type: .tel),
                FormFields.text("email", label: "Hoặc email", value: nil, type: .email),
                FormFields.text("identityCheck", label: "Cách đã xác minh danh tính", value: nil, required: true, maxLength: 500,
                                hint: "Ví dụ: xem CCCD trực tiếp; gọi lại đúng số đã đăng ký và hỏi mã tra cứu."),
                .button(.type(.submit), .text("Tiếp nhận yêu cầu"))),
            .h2(.text("Đang xử lý")),
            .table(.id("open-requests"), .tr(.th("Yêu cầu"), .th("Tiếp nhận"), .th("Hạn"), .th("Trạng thái")), .forEach(open) { row($0) }),
            .h2(.text("Đã giải quyết gần đây")),
            .table(.tr(.th("Yêu cầu"), .th("Tiếp nhận"), .th("Hạn"), .th("Trạng thái")), .forEach(done) { row($0) })
        )))
    }

    static func open(_ req: Request) async throws -> Response {
        let user = try req.requireStaff()
        let form = try req.content.decode(OpenForm.self)
        guard let kind = form.kind.flatMap(DataSubjectRequest.Kind.init(rawValue:)) else { throw AppError.invalid("Chọn loại yêu cầu.") }
        let request = try await DataSubjectService(db: req.db).open(kind, phone: form.phone, email: form.email,
                                                                     identityCheck: form.identityCheck ?? "", by: user)
        return req.redirect(to: SiteURL.dataSubjectRequest(try request.requireID()).path)
    }

    static func find(_ req: Request) async throws -> DataSubjectRequest {
        try await DataSubjectService(db: req.db).request(req.parameters.get("id", as: UUID.self))
    }

    static func detail(_ req: Request) async throws -> Response {
        let request = try await find(req)
        let service = DataSubjectService(db: req.db)
        let contacts = try await service.contacts(of: request)
        let cases = try await service.cases(of: contacts)
        let id = try request.requireID()
        func stepForm(_ step: String, _ label: String, _ fields: Node<HTML.FormContext>) -> Node<HTML.BodyContext> {
            .form(.class("card"), .method(.post), .action(SiteURL.dataSubjectAction(id, step).path),
                  Layout.csrfField(req), fields, .button(.type(.submit), .text(label)))
        }
        let actions: Node<HTML.BodyContext>
        if request.status != .open {
            actions = .p(.strong(.text("Quyết định: ")), .text(request.decision ?? ""))
        } else {
            let main: Node<HTML.BodyContext>
            switch request.kind {
            case .access:
                main = .group(
                    .p(.a(.id("export"), .href(SiteURL.dataSubjectExport(id).path), .text("Tải bản sao dữ liệu (JSON)"))),
                    stepForm("hoan-thanh", "Đã giao bản sao", FormFields.text("decision", label: "Giao bằng cách nào", value: nil, required: true)))
            case .correction:
                main = stepForm("sua", "Sửa dữ liệu", .group(
                    FormFields.text("fullName", label: "Họ tên đúng", value: nil),
                    FormFields.text("phone", label: "Số điện thoại đúng", value: nil, type: .tel),
                    FormFields.text("email", label: "Email đúng", value: nil, type: .email),
                    FormFields.text("address", label: "Địa chỉ đúng", value: nil)))
            case .erasure:
                main = stepForm("xoa", "Ẩn danh hóa dữ liệu", .group(
                    .p(.text("Liên hệ của phản ánh đang xử lý được giữ lại (phải trả lời người dân); các liên hệ khác và nội dung phản ánh đã xong sẽ được ẩn danh hóa."))))
            }
            actions = .group(main, stepForm("tu-choi", "Từ chối", FormFields.text("decision", label: "Lý do từ chối", value: nil, required: true)))
        }
        return Layout.response(Layout.render(title: request.kind.label, for: req, body: .div(
            .h1(.text(request.kind.label)),
            .p(.text("Trạng thái: \(request.status.label) · tiếp nhận \(Layout.date(request.receivedAt)) · hạn \(Layout.date(request.dueAt))")),
            .p(.text("Xác minh danh tính: \(request.identityCheck)")),
            .h2(.text("Dữ liệu tìm thấy")),
            .ul(.id("matched-contacts"), .forEach(contacts) { c in
                .li(.text([c.fullName, c.phone, c.email].compactMap { $0 }.joined(separator: " · ")))
            }),
            .ul(.id("matched-cases"), .forEach(cases) { r in
                .li(.text("\(TrackingCode(digits: r.trackingCode)?.formatted ?? r.trackingCode) – \(r.status.label)"))
            }),
            actions
        )))
    }

    static func export(_ req: Request) async throws -> Response {
        let request = try await find(req)
        let data = try await DataSubjectService(db: req.db).export(request, config: req.paknConfiguration)
        try await AuditLog.write(.dataSubject, request: req, route: AuditLog.template(of: req),
                                 subject: request.id?.uuidString.lowercased(), fields: [], status: .ok)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"du-lieu-ca-nhan.json\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func step(_ req: Request) async throws -> Response {
        let user = try req.requireStaff()
        let request = try await find(req)
        let form = try req.content.decode(StepForm.self)
        let service = DataSubjectService(db: req.db)
        switch req.parameters.get("step") {
        case "hoan-thanh" where request.kind == .access:
            try await service.close(request, as: .completed, decision: form.decision ?? "", by: user)
        case "sua" where request.kind == .correction:
            try await service.correct(request, fullName: form.fullName, phone: form.phone, email: form.email, address: form.address, by: user)
        case "xoa" where request.kind == .erasure:
            try await service.erase(request, by: user)
        case "tu-choi":
            try await service.close(request, as: .refused, decision: form.decision ?? "", by: user)
        default:
            throw AppError.notFound()
        }
        return req.redirect(to: SiteURL.dataSubjectRequest(try request.requireID()).path)
    }
}
