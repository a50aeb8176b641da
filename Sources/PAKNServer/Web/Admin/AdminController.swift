import Fluent
import Foundation
import PAKNDomain
import Plot
import Vapor

/// Reference data an admin keeps: agencies, users, fields (services) and routing rules. Admin only.
enum AdminController {
    static func register(_ office: any RoutesBuilder) {
        let admin = AdminArea.routes(office)
        admin.get(SiteURL.adminAgencies, use: agencies)
        admin.post(SiteURL.adminAgencies, use: saveAgency)
        admin.post(SiteURL.adminAgency(.key), use: saveAgency)
        admin.get(SiteURL.adminUsers, use: users)
        admin.post(SiteURL.adminUsers, use: saveUser)
        admin.post(SiteURL.adminUser(.key), use: saveUser)
        admin.post(SiteURL.adminSecondFactorRoles, use: saveSecondFactorRoles)
        admin.get(SiteURL.adminServices, use: services)
        admin.post(SiteURL.adminServices, use: saveService)
        admin.post(SiteURL.adminService(.key), use: saveService)
        admin.get(SiteURL.adminRules, use: rules)
        admin.post(SiteURL.adminRules, use: saveRule)
        admin.post(SiteURL.adminRuleDelete(.key), use: deleteRule)
        CalendarAdminController.register(admin)
        AuditAdminController.register(admin)
    }

    // MARK: Agencies

    struct AgencyForm: Content { var name: String?; var kind: String?; var communeCode: String?; var email: String?; var active: String?; var workingHours: String? }

    /// The agency's own hours as typed in the form ("07:30-11:30, 13:30-17:00"), or nothing for the deployment's.
    static func hoursText(_ json: String?) -> String {
        guard let json, let hours = try? JSONDecoder().decode(WorkingHours.self, from: Data(json.utf8)) else { return "" }
        return hours.periods(on: .monday).map(\.description).joined(separator: ", ").replacingOccurrences(of: "–", with: "-")
    }

    static func agencies(_ req: Request) async throws -> Response {
        let all = try await ReferenceQueries.agencies(activeOnly: false, on: req.db)
        let (paging, query) = try ListPaging.read(req)
        let (list, total, hasNext) = ListPaging.page(all, query: query, paging: paging) { $0.name + " " + ($0.email ?? "") }
        let kinds = AgencyKind.allCases.map { ($0.rawValue, $0.label) }
        func form(_ a: Agency?) -> Node<HTML.BodyContext> {
            .form(.class("card"), .method(.post), .action(a.map { SiteURL.adminAgency($0.id!).path } ?? SiteURL.adminAgencies.path),
                Layout.csrfField(req),
                FormFields.text("name", label: "Tên cơ quan", value: a?.name, required: true, maxLength: 200),
                FormFields.select("kind", label: "Loại", options: kinds, selected: (a?.kind ?? .department).rawValue),
                FormFields.text("email", label: "Email đầu mối", value: a?.email, type: .email),
                FormFields.text("workingHours", label: "Giờ làm việc riêng (để trống: theo giờ chung của tỉnh)", value: hoursText(a?.workingHours),
                                hint: "Ví dụ 07:30-11:30, 13:30-17:00 (thứ Hai – thứ Sáu và ngày làm bù)", id: a.map { "workingHours-\($0.id!.uuidString)" }),
                FormFields.checkbox("active", label: "Đang hoạt động", checked: a?.active ?? true),
                .button(.type(.submit), .text(a == nil ? "Thêm cơ quan" : "Lưu")))
        }
        return Layout.response(Layout.render(title: "Cơ quan", for: req, body: .div(
            .h1(.text("Cơ quan, đơn vị xử lý (\(all.count))")),
            .h2(.text("Thêm cơ quan")), form(nil),
            .h2(.text("Danh sách")),
            ListPaging.searchForm(SiteURL.adminAgencies.path, query: query, label: "Tìm cơ quan (tên, email)"),
            .p(.class("muted"), .id("list-count"), .text("\(total) cơ quan")),
            .forEach(list) { a in Disclosure.node(summary: "\(a.name)\(a.active ? "" : " (ngừng)")", content: form(a)) },
            ListPaging.pager(req, page: paging.page, hasNext: hasNext)
        )))
    }

    static func saveAgency(_ req: Request) async throws -> Response {
        let form = try req.content.decode(AgencyForm.self)
        try await ReferenceDataService.saveAgency(
            req.parameters.get("id", as: UUID.self),
            .init(name: form.name ?? "", kind: form.kind.flatMap(AgencyKind.init(rawValue:)), email: form.email,
                  active: form.active == "on", workingHours: form.workingHours ?? ""),
            on: req.db)
        return req.redirect(to: SiteURL.adminAgencies.path)
    }

    // MARK: Users

    struct UserForm: Content { var email: String?; var fullName: String?; var role: String?; var agencyID: String?; var password: String?; var active: String?
                           var clearSecondFactor: String? }

    static func users(_ req: Request) async throws -> Response {
        let all = try await AccountService(db: req.db, hasher: req.password.async).list(logger: req.logger)
        let agencies = try await ReferenceQueries.agencies(on: req.db)
        let agencyNames = Dictionary(agencies.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let (paging, query) = try ListPaging.read(req)
        let (list, total, hasNext) = ListPaging.page(all, query: query, paging: paging) {
            [$0.email, $0.fullName, $0.role.label, $0.agencyID.flatMap { agencyNames[$0] } ?? ""].joined(separator: " ")
        }
        func form(_ u: User?) -> Node<HTML.BodyContext> {
            .form(.class("card"), .method(.post), .action(u.map { SiteURL.adminUser($0.id!).path } ?? SiteURL.adminUsers.path),
                Layout.csrfField(req),
                FormFields.text("email", label: "Email đăng nhập", value: u?.email, type: .email, required: true),
                FormFields.text("fullName", label: "Họ tên", value: u?.fullName, required: true),
                FormFields.select("role", label: "Vai trò", options: Role.allCases.map { ($0.rawValue, $0.label) }, selected: (u?.role ?? .operator).rawValue),
                FormFields.select("agencyID", label: "Cơ quan (với cán bộ, lãnh đạo đơn vị)", options: agencies.map { ($0.id!.uuidString, $0.name) }, selected: u?.agencyID?.uuidString, emptyLabel: "—"),
                FormFields.text("password", label: u == nil ? "Mật khẩu (ít nhất 10 ký tự)" : "Đặt lại mật khẩu (để trống nếu giữ nguyên)", value: nil, type: .password, required: u == nil, autocomplete: "new-password"),
                FormFields.checkbox("active", label: "Đang hoạt động", checked: u?.active ?? true),
                .if(u?.secondFactorSince != nil,
                    FormFields.checkbox("clearSecondFactor", label: "Tắt xác thực hai bước (người dùng mất điện thoại)", checked: false)),
                .button(.type(.submit), .text(u == nil ? "Thêm người dùng" : "Lưu")))
        }
        let required = try await SecondFactorService(db: req.db, cipher: nil).requiredRoles(logger: req.logger)
        let rolesForm: Node<HTML.BodyContext> = .form(.class("card"), .method(.post), .action(SiteURL.adminSecondFactorRoles.path),
            Layout.csrfField(req),
            .p(.text("Vai trò bắt buộc xác thực hai bước (người chưa bật sẽ phải bật ở lần đăng nhập tới):")),
            .forEach(Role.allCases) { role in FormFields.checkbox("role_\(role.rawValue)", label: role.label, checked: required.contains(role)) },
            .button(.type(.submit), .text("Lưu")))
        return Layout.response(Layout.render(title: "Người dùng", for: req, body: .div(
            .h1(.text("Người dùng")), .h2(.text("Xác thực hai bước")), rolesForm,
            .h2(.text("Thêm người dùng")), form(nil), .h2(.text("Danh sách")),
            ListPaging.searchForm(SiteURL.adminUsers.path, query: query, label: "Tìm người dùng (email, họ tên, vai trò, cơ quan)"),
            .p(.class("muted"), .id("list-count"), .text("\(total) người dùng")),
            .forEach(list) { u in Disclosure.node(summary: "\(u.email) – \(u.role.label)\(u.active ? "" : " (khóa)")", content: form(u)) },
            ListPaging.pager(req, page: paging.page, hasNext: hasNext)
        )))
    }

    static func saveUser(_ req: Request) async throws -> Response {
        let form = try req.content.decode(UserForm.self)
        guard let role = form.role.flatMap(Role.init(rawValue:)) else { throw AppError.invalid("Vai trò không hợp lệ.") }
        let profile = AccountService.Profile(email: form.email ?? "", fullName: form.fullName ?? "", role: role,
                                             agencyID: form.agencyID.flatMap(UUID.init(uuidString:)),
                                             active: form.active == "on")
        let accounts = AccountService(db: req.db, hasher: req.password.async)
        if let id = req.parameters.get("id", as: UUID.self) {
            _ = try await accounts.update(id, to: profile, newPassword: form.password, clearSecondFactor: form.clearSecondFactor == "on")
        } else {
            _ = try await accounts.create(profile, password: form.password ?? "")
        }
        return req.redirect(to: SiteURL.adminUsers.path)
    }

    /// Saves the roles that must use a second factor (checkboxes `role_<name>`).
    static func saveSecondFactorRoles(_ req: Request) async throws -> Response {
        let fields = try req.content.decode([String: String].self)
        let roles = Set(Role.allCases.filter { fields["role_\($0.rawValue)"] == "on" })
        try await SecondFactorService(db: req.db, cipher: nil).setRequiredRoles(roles)
        req.logger.info("second factor required of roles", metadata: ["roles": .string(roles.map(\.rawValue).sorted().joined(separator: ","))])
        return req.redirect(to: SiteURL.adminUsers.path)
    }

    // MARK: Services (fields)

    struct ServiceForm: Content { var code: String?; var name: String?; var groupCode: String?; var defaultUrgency: String?; var active: String? }

    static func services(_ req: Request) async throws -> Response {
        let all = try await ReferenceQueries.services(activeOnly: false, on: req.db)
        let (paging, query) = try ListPaging.read(req)
        let (list, total, hasNext) = ListPaging.page(all, query: query, paging: paging) { ($0.id ?? "").replacingOccurrences(of: "_", with: " ") + " " + $0.name }
        func form(_ s: Service?) -> Node<HTML.BodyContext> {
            .form(.class("card"), .method(.post), .action(s.map { SiteURL.adminService($0.id!).path } ?? SiteURL.adminServices.path),
                Layout.csrfField(req),
                .if(s == nil, FormFields.text("code", label: "Mã lĩnh vực (chữ thường, số, gạch dưới)", value: nil, required: true, maxLength: 50)),
                FormFields.text("name", label: "Tên lĩnh vực", value: s?.name, required: true, maxLength: 200),
                FormFields.select("groupCode", label: "Nhóm", options: ServiceGroup.allCases.map { ($0.rawValue, $0.label) }, selected: s?.group.rawValue),
                FormFields.select("defaultUrgency", label: "Mức độ mặc định", options: Urgency.allCases.map { ($0.rawValue, UrgencyLabel.of($0)) }, selected: (s?.defaultUrgency ?? .normal).rawValue),
                FormFields.checkbox("active", label: "Đang dùng", checked: s?.active ?? true),
                .button(.type(.submit), .text(s == nil ? "Thêm lĩnh vực" : "Lưu")),
                .unwrap(s?.id) { .a(.href(SiteURL.adminServiceAttributes($0).path), .text("Câu hỏi thêm (Open311)")) })
        }
        return Layout.response(Layout.render(title: "Lĩnh vực", for: req, body: .div(
            .h1(.text("Lĩnh vực")), .h2(.text("Thêm lĩnh vực")), form(nil), .h2(.text("Danh sách")),
            ListPaging.searchForm(SiteURL.adminServices.path, query: query, label: "Tìm lĩnh vực (mã, tên)"),
            .p(.class("muted"), .id("list-count"), .text("\(total) lĩnh vực")),
            .forEach(list) { s in Disclosure.node(summary: "\(s.id ?? "") – \(s.name)\(s.active ? "" : " (ngừng)")", content: form(s)) },
            ListPaging.pager(req, page: paging.page, hasNext: hasNext)
        )))
    }

    static func saveService(_ req: Request) async throws -> Response {
        let form = try req.content.decode(ServiceForm.self)
        try await ReferenceDataService.saveService(
            req.parameters.get("code"),
            .init(code: form.code ?? "", name: form.name ?? "", group: form.groupCode.flatMap(ServiceGroup.init(rawValue:)),
                  defaultUrgency: form.defaultUrgency.flatMap(Urgency.init(rawValue:)), active: form.active == "on"),
            on: req.db)
        return req.redirect(to: SiteURL.adminServices.path)
    }

    // MARK: Routing rules

    struct RuleForm: Content { var serviceCode: String?; var communeCode: String?; var agencyID: String? }

    static func rules(_ req: Request) async throws -> Response {
        let services = try await ReferenceQueries.services(activeOnly: false, on: req.db)
        let communes = try await ReferenceQueries.communes(province: req.paknConfiguration.provinceCode, on: req.db)
        let agencies = try await ReferenceQueries.agencies(activeOnly: false, on: req.db)
        let list = try await ReferenceDataService.routingRules(on: req.db)
        let serviceNames = Dictionary(services.map { ($0.id ?? "", $0.name) }, uniquingKeysWith: { a, _ in a })
        let communeNames = Dictionary(communes.map { ($0.id ?? "", $0.fullName) }, uniquingKeysWith: { a, _ in a })
        let agencyNames = Dictionary(agencies.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let ordered = list.sorted { (serviceNames[$0.serviceCode ?? ""] ?? "", communeNames[$0.communeCode ?? ""] ?? "") < (serviceNames[$1.serviceCode ?? ""] ?? "", communeNames[$1.communeCode ?? ""] ?? "") }
        let (paging, query) = try ListPaging.read(req)
        let (sorted, total, hasNext) = ListPaging.page(ordered, query: query, paging: paging) { rule in
            [rule.serviceCode.flatMap { serviceNames[$0] } ?? "Mọi lĩnh vực", rule.communeCode.flatMap { communeNames[$0] } ?? "Mọi địa bàn",
             agencyNames[rule.agencyID] ?? ""].joined(separator: " ")
        }
        return Layout.response(Layout.render(title: "Quy tắc chuyển", for: req, body: .div(
            .h1(.text("Quy tắc chuyển xử lý (\(list.count))")),
            .p(.class("muted"), .text("Lĩnh vực × địa bàn → cơ quan chủ trì đề xuất. Quy tắc cụ thể hơn (có cả lĩnh vực và địa bàn) được ưu tiên.")),
            .form(.class("card"), .method(.post), .action(SiteURL.adminRules.path),
                Layout.csrfField(req),
                FormFields.groupedSelect("serviceCode", label: "Lĩnh vực", groups: ReferenceQueries.serviceGroups(services), selected: nil, emptyLabel: "Mọi lĩnh vực"),
                FormFields.select("communeCode", label: "Địa bàn", options: communes.map { ($0.id ?? "", $0.fullName) }, selected: nil, emptyLabel: "Mọi địa bàn"),
                FormFields.select("agencyID", label: "Cơ quan chủ trì", options: agencies.map { ($0.id!.uuidString, $0.name) }, selected: nil, required: true, emptyLabel: "— Chọn —"),
                .button(.type(.submit), .text("Thêm quy tắc"))),
            ListPaging.searchForm(SiteURL.adminRules.path, query: query, label: "Tìm quy tắc (lĩnh vực, xã phường, cơ quan)"),
            .p(.class("muted"), .id("list-count"), .text("\(total) quy tắc")),
            ListPaging.pager(req, page: paging.page, hasNext: hasNext),
            .div(.class("table-wrap"), .table(.id("rules"),
                .thead(.tr(.th(.text("Lĩnh vực")), .th(.text("Địa bàn")), .th(.text("Cơ quan")), .th())),
                .tbody(.forEach(sorted) { rule in .tr(
                    .td(.text(rule.serviceCode.flatMap { serviceNames[$0] } ?? "Mọi lĩnh vực")),
                    .td(.text(rule.communeCode.flatMap { communeNames[$0] } ?? "Mọi địa bàn")),
                    .td(.text(agencyNames[rule.agencyID] ?? "—")),
                    .td(.form(.method(.post), .action(SiteURL.adminRuleDelete(rule.id!).path), Layout.csrfField(req),
                              .button(.type(.submit), .class("secondary"), .text("Xóa")))))
                })))
        )))
    }

    static func saveRule(_ req: Request) async throws -> Response {
        let form = try req.content.decode(RuleForm.self)
        try await ReferenceDataService.addRule(serviceCode: form.serviceCode.flatMap { $0.isEmpty ? nil : $0 },
                                               communeCode: form.communeCode.flatMap { $0.isEmpty ? nil : $0 },
                                               agencyID: form.agencyID.flatMap(UUID.init(uuidString:)), on: req.db)
        return req.redirect(to: SiteURL.adminRules.path)
    }

    static func deleteRule(_ req: Request) async throws -> Response {
        try await ReferenceDataService.deleteRule(req.parameters.get("id", as: UUID.self), on: req.db)
        return req.redirect(to: SiteURL.adminRules.path)
    }
}

/// A `<details>` disclosure holding body content (Plot's typed `details` accepts only its own context).
enum Disclosure {
    static func node(summary: String, content: Node<HTML.BodyContext>) -> Node<HTML.BodyContext> {
        .element(named: "details", nodes: [.element(named: "summary", text: summary), content])
    }
}
