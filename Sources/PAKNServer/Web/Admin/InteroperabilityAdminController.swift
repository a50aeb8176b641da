import Fluent
import Foundation
import PAKNDomain
import Plot
import Vapor

/// Admin pages for the interoperability data: partner API keys of the Open311 API (issue, revoke, recent uses)
/// and the fields' extra questions (Open311 attributes). Admin only, CSRF-protected like every back-office form.
enum InteroperabilityAdminController {
    static func register(_ office: any RoutesBuilder) {
        let admin = AdminArea.routes(office)
        admin.get(SiteURL.adminAPIKeys, use: keys)
        admin.post(SiteURL.adminAPIKeys, use: issueKey)
        admin.post(SiteURL.adminAPIKeyRevoke(.key), use: revokeKey)
        admin.get(SiteURL.adminServiceAttributes(.key), use: attributes)
        admin.post(SiteURL.adminServiceAttributes(.key), use: saveAttribute)
        admin.post(SiteURL.adminServiceAttributeToggle(.key, .key), use: toggleAttribute)
    }

    // MARK: API keys

    struct KeyForm: Content {
        var partner: String?; var agencyID: String?; var requestsPerHour: String?
        var create_requests: String?; var post_updates: String?
    }

    /// The list of keys, the form to issue one and the last 50 uses. `issued`: a key just issued, shown once.
    static func keys(_ req: Request) async throws -> Response {
        try await keysPage(req, issued: nil)
    }

    static func keysPage(_ req: Request, issued: (key: String, partner: String)?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let list = try await PartnerKeys.all(on: req.db)
        let agencies = try await ReferenceQueries.agencies(on: req.db)
        let agencyNames = Dictionary(agencies.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let uses = try await PartnerKeys.recentUses(on: req.db)
        let keyNames = Dictionary(list.map { ($0.id!, "\($0.partner) (\($0.keyPrefix)…)") }, uniquingKeysWith: { a, _ in a })
        let issuedNode: Node<HTML.BodyContext> = issued.map { issued in
            .div(.class("card"), .id("issued-key"),
                 .h2(.text("Khóa mới cho \(issued.partner)")),
                 .p(.text("Sao chép khóa này và gửi cho đối tác qua kênh an toàn. Khóa chỉ hiển thị một lần; hệ thống chỉ lưu mã băm.")),
                 .p(.class("code"), .id("api-key"), .text(issued.key)))
        } ?? .empty
        let body: Node<HTML.BodyContext> = .div(
            .h1(.text("Khóa API Open311 (\(list.count))")),
            issuedNode,
            .p(.class("muted"), .text("Mỗi đối tác một khóa. Khóa gắn với cơ quan thì cập nhật của đối tác được ghi như cán bộ xử lý của cơ quan đó (tiếp nhận, trả lời, trả lại); không gắn cơ quan thì chỉ ghi chú nội bộ.")),
            .h2(.text("Cấp khóa mới")),
            .form(.class("card"), .method(.post), .action(SiteURL.adminAPIKeys.path),
                  Layout.csrfField(req),
                  FormFields.text("partner", label: "Tên đối tác", value: nil, required: true, maxLength: 200),
                  FormFields.select("agencyID", label: "Cơ quan (cập nhật của đối tác được ghi như cán bộ cơ quan này)",
                                    options: agencies.map { ($0.id!.uuidString, $0.name) }, selected: nil, emptyLabel: "— Không gắn cơ quan —"),
                  .fieldset(.element(named: "legend", text: "Quyền"), .group(PartnerPermission.allCases.map {
                      FormFields.checkbox($0.rawValue, label: $0.label, checked: $0 == .createRequests)
                  })),
                  FormFields.text("requestsPerHour", label: "Số lần gọi tối đa mỗi giờ", value: String(PartnerKeys.defaultRequestsPerHour), type: .number, required: true),
                  .button(.type(.submit), .text("Cấp khóa"))),
            .h2(.text("Danh sách khóa")),
            .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text("Đối tác")), .th(.text("Khóa")), .th(.text("Cơ quan")), .th(.text("Quyền")),
                           .th(.text("Giới hạn/giờ")), .th(.text("Cấp lúc")), .th(.text("Dùng lần cuối")), .th(.text("Tình trạng")), .th())),
                .tbody(.forEach(list) { key in .tr(
                    .td(.text(key.partner)), .td(.text("\(key.keyPrefix)…")),
                    .td(.text(key.agencyID.flatMap { agencyNames[$0] } ?? "—")),
                    .td(.text(key.permissionSet.map(\.rawValue).sorted().joined(separator: ", "))),
                    .td(.text(String(key.requestsPerHour))), .td(.text(Layout.date(key.createdAt))), .td(.text(Layout.date(key.lastUsedAt))),
                    .td(.text(key.revokedAt.map { "Đã thu hồi \(Layout.date($0))" } ?? "Đang dùng")),
                    .td(key.revokedAt == nil
                        ? .form(.method(.post), .action(SiteURL.adminAPIKeyRevoke(key.id!).path), Layout.csrfField(req),
                                .button(.type(.submit), .class("secondary"), .text("Thu hồi")))
                        : .empty))
                }))),
            .h2(.text("Lượt dùng gần đây")),
            .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text("Lúc")), .th(.text("Khóa")), .th(.text("Lời gọi")), .th(.text("Kết quả")), .th(.text("Phản ánh")), .th(.text("Địa chỉ")))),
                .tbody(.forEach(uses) { use in .tr(
                    .td(.text(Layout.date(use.occurredAt))), .td(.text(use.keyID.flatMap { keyNames[$0] } ?? "khóa không hợp lệ")),
                    .td(.text(use.endpoint)), .td(.text(String(use.status))), .td(.text(use.serviceRequestID ?? "—")), .td(.text(use.clientAddress)))
                })))
        )
        return Layout.response(Layout.render(title: "Khóa API", for: req, body: body), status: status)
    }

    /// Issues a key and shows it once (the page is answered directly, never redirected, so the key is in no URL).
    static func issueKey(_ req: Request) async throws -> Response {
        let form = try req.content.decode(KeyForm.self)
        var permissions: Set<PartnerPermission> = []
        if form.create_requests == "on" { permissions.insert(.createRequests) }
        if form.post_updates == "on" { permissions.insert(.postUpdates) }
        guard let rate = Int(form.requestsPerHour ?? "") else { throw AppError.invalid("Số lần gọi mỗi giờ phải là số.") }
        let agencyID: UUID?
        if let raw = form.agencyID, !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else { throw AppError.invalid("Cơ quan không hợp lệ.") }
            agencyID = id
        } else { agencyID = nil }
        let (key, record) = try await PartnerKeys.issue(partner: form.partner ?? "", agencyID: agencyID, permissions: permissions,
                                                         requestsPerHour: rate, createdBy: req.staff?.id, on: req.db)
        return try await keysPage(req, issued: (key, record.partner), status: .created)
    }

    static func revokeKey(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound() }
        try await PartnerKeys.revoke(id, on: req.db)
        return req.redirect(to: SiteURL.adminAPIKeys.path)
    }

    // MARK: Extra questions (Open311 attributes)

    struct AttributeForm: Content {
        var code: String?; var variable: String?; var datatype: String?; var required: String?
        var description: String?; var datatypeDescription: String?; var order: String?; var values: String?
    }

    static func attributes(_ req: Request) async throws -> Response {
        let (service, list) = try await ServiceAttributes.of(req.parameters.get("code"), logger: req.logger, on: req.db)
        let code = service.id ?? ""
        let body: Node<HTML.BodyContext> = .div(
            .h1(.text("Câu hỏi thêm: \(service.name)")),
            .p(.class("muted"), .text("Các câu hỏi này hiện ở Open311 (GET services/\(code)) và được kiểm tra khi đối tác gửi phản ánh (attribute[mã]). Câu trả lời được ghi vào nội dung phản ánh.")),
            .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text("Thứ tự")), .th(.text("Mã")), .th(.text("Câu hỏi")), .th(.text("Kiểu")), .th(.text("Bắt buộc")), .th(.text("Giá trị")), .th(.text("Tình trạng")), .th())),
                .tbody(.forEach(list) { a in
                    let d = a.definition
                    return .tr(
                        .td(.text(String(d.order))), .td(.text(d.code)), .td(.text(d.description)),
                        .td(.text(d.variable ? d.datatype.label : "Thông tin (không hỏi)")), .td(.text(d.required ? "Có" : "Không")),
                        .td(.text(d.values.map { "\($0.key)=\($0.name)" }.joined(separator: "; "))),
                        .td(.text(a.active ? "Đang dùng" : "Ngừng")),
                        .td(.form(.method(.post), .action(SiteURL.adminServiceAttributeToggle(code, a.id!).path), Layout.csrfField(req),
                                  .button(.type(.submit), .class("secondary"), .text(a.active ? "Ngừng dùng" : "Dùng lại")))))
                }))),
            .h2(.text("Thêm câu hỏi")),
            .form(.class("card"), .method(.post), .action(SiteURL.adminServiceAttributes(code).path),
                  Layout.csrfField(req),
                  FormFields.text("code", label: "Mã (chữ thường không dấu, số, gạch dưới)", value: nil, required: true, maxLength: 50),
                  FormFields.checkbox("variable", label: "Là câu hỏi (bỏ chọn: chỉ là thông tin hiển thị)", checked: true),
                  FormFields.select("datatype", label: "Kiểu trả lời", options: ServiceAttributeDefinition.Datatype.allCases.map { ($0.rawValue, $0.label) }, selected: "string"),
                  FormFields.checkbox("required", label: "Bắt buộc trả lời", checked: false),
                  FormFields.text("description", label: "Câu hỏi", value: nil, required: true, maxLength: 500),
                  FormFields.text("datatypeDescription", label: "Gợi ý cách trả lời", value: nil, maxLength: 200),
                  FormFields.text("order", label: "Thứ tự", value: String(list.count + 1), type: .number, required: true),
                  FormFields.textarea("values", label: "Giá trị cho kiểu chọn: mỗi dòng một giá trị, dạng ma=Tên hiển thị", value: nil),
                  .button(.type(.submit), .text("Thêm câu hỏi"))),
            .p(.a(.href(SiteURL.adminServices.path), .text("← Lĩnh vực")))
        )
        return Layout.response(Layout.render(title: "Câu hỏi thêm", for: req, body: body))
    }

    static func saveAttribute(_ req: Request) async throws -> Response {
        let serviceCode = req.parameters.get("code")
        let form = try req.content.decode(AttributeForm.self)
        try await ServiceAttributes.add(to: serviceCode, .init(
            code: form.code ?? "", variable: form.variable == "on", datatype: form.datatype.flatMap(ServiceAttributeDefinition.Datatype.init(rawValue:)),
            required: form.required == "on", description: form.description ?? "", hint: form.datatypeDescription ?? "",
            order: form.order ?? "", values: form.values ?? ""), on: req.db)
        return req.redirect(to: SiteURL.adminServiceAttributes(serviceCode ?? "").path)
    }

    static func toggleAttribute(_ req: Request) async throws -> Response {
        let code = req.parameters.get("code")
        try await ServiceAttributes.toggle(req.parameters.get("id", as: UUID.self), of: code, on: req.db)
        return req.redirect(to: SiteURL.adminServiceAttributes(code ?? "").path)
    }
}
