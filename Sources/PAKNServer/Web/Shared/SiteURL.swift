import Foundation
import PAKNDomain
import Vapor

/// Every page address of the site in one place: routes and links are built from here, so a link cannot
/// point at a route that does not exist (the SwiftPackageIndex-Server pattern).
enum SiteURL {
    case home, submit, lookup, published, publicStatistics, publicMap, login, logout, healthz, readyz, metrics
    case lookupCode(String), submitted(String)
    case verify(String), rate(String), reopen(String), supply(String)
    case publicAttachment(UUID)
    case queue, staffMap, phoneIntake, phoneIntakeLookup, dashboard, queueExport(String), dashboardExport(String), report, forecast
    case answerTemplates, answerTemplateToggle(UUID)
    case channelInbox, channelInboxAttach(UUID), phoneIntakeFromMessage(UUID)
    case staffRequest(UUID), staffReply(UUID), staffTriage(UUID), staffCoHandlerInput(UUID), staffExtension(UUID), staffExtensionDecision(UUID), notifications, staffAction(UUID, WorkflowAction), staffContact(UUID), staffAttachment(UUID, UUID)
    case adminAgencies, adminAgency(UUID), adminUsers, adminUser(UUID), adminServices, adminService(String), adminRules, adminRuleDelete(UUID)
    case adminAPIKeys, adminAPIKeyRevoke(UUID), adminServiceAttributes(String), adminServiceAttributeToggle(String, UUID)
    case adminChannels, adminChannelSetting(String), adminChannelSettingClear(String), adminUnreadableMail(UUID)
    case account, accountPassword, accountSecondFactorBegin, accountSecondFactorConfirm, accountSecondFactorDisable
    case loginSecondFactor, adminSecondFactorRoles, adminAudit, adminAuditExport(String)
    case staffNoteDecision(UUID, UUID, approve: Bool)
    case dataSubjectRequests, dataSubjectRequest(UUID), dataSubjectExport(UUID), dataSubjectAction(UUID, String)
    case calls, callEvents, callbacks, adminCalendar, adminBlocklist, adminDeadlines
    case callbackDone(UUID), adminBlocklistRemove(UUID), intakeFromCall(UUID)
    case adminCalendarYear(Int), adminCalendarFromRules(Int), adminCalendarAdd(Int), adminCalendarEdit(Int), adminCalendarConfirm(Int)
    case adminCalendarJSON, adminCalendarICS, adminCalendarImport, adminWorkingHours
    case knowledge, knowledgeArticle(UUID), knowledgeArticleStatus(UUID), publicFAQ, publicFAQArticle(UUID), help, helpTopic(String)
    case myCases, handOver, staffOfficer(UUID), accountNotices, accountExtension, accountLanguage, callCard(UUID), callAttach(UUID), logo, favicon, staffCaseEvents(UUID)

    /// One of each case with sample values, for the test that every link names a registered route. `listed(_:)`
    /// is an exhaustive switch: a new case does not compile until it is listed here too.
    static var examples: [SiteURL] {
        let id = UUID(), other = UUID(), code = "1234567890"
        return [.home, .submit, .lookup, .published, .publicStatistics, .publicMap, .login, .logout, .healthz, .readyz, .metrics, .lookupCode(code), .submitted(code),
                .verify(code), .rate(code), .reopen(code), .supply(code), .publicAttachment(id), .queue, .staffMap, .phoneIntake, .phoneIntakeLookup, .dashboard, .queueExport("csv"), .dashboardExport("xlsx"), .report, .forecast,
                .answerTemplates, .answerTemplateToggle(id),
                .channelInbox, .channelInboxAttach(id), .phoneIntakeFromMessage(id), .staffRequest(id), .staffReply(id),
                .staffTriage(id), .staffCoHandlerInput(id), .staffExtension(id), .staffExtensionDecision(id), .notifications,
                .staffContact(id), .staffAttachment(id, other), .adminAgencies, .adminAgency(id), .adminUsers, .adminUser(id),
                .adminServices, .adminService("su_co_duong"), .adminRules, .adminRuleDelete(id), .adminAPIKeys,
                .adminAPIKeyRevoke(id), .adminServiceAttributes("su_co_duong"), .adminServiceAttributeToggle("su_co_duong", id),
                .adminChannels, .adminChannelSetting("PAKN_ZALO_OA_SECRET"), .adminChannelSettingClear("PAKN_ZALO_OA_SECRET"), .adminUnreadableMail(id),
                .account, .accountPassword, .accountSecondFactorBegin, .accountSecondFactorConfirm, .accountSecondFactorDisable,
                .loginSecondFactor, .adminSecondFactorRoles, .adminAudit, .adminAuditExport("csv"), .staffNoteDecision(id, other, approve: true),
                .staffNoteDecision(id, other, approve: false), .dataSubjectRequests, .dataSubjectRequest(id),
                .dataSubjectExport(id), .dataSubjectAction(id, "xoa"), .calls, .callEvents, .callbacks, .adminCalendar, .adminBlocklist,
                .adminDeadlines, .callbackDone(id), .adminBlocklistRemove(id), .intakeFromCall(id), .adminCalendarYear(2026),
                .adminCalendarFromRules(2027), .adminCalendarAdd(2026), .adminCalendarEdit(2026), .adminCalendarConfirm(2026),
                .adminCalendarJSON, .adminCalendarICS, .adminCalendarImport, .adminWorkingHours,
                .knowledge, .knowledgeArticle(id), .knowledgeArticleStatus(id), .publicFAQ, .publicFAQArticle(id), .help, .helpTopic("tong-dai-vien"),
                .myCases, .handOver, .staffOfficer(id), .accountNotices, .accountExtension, .accountLanguage, .callCard(id), .callAttach(id), .logo, .favicon, .staffCaseEvents(id)]
            + WorkflowAction.allCases.map { .staffAction(id, $0) }
    }

    /// Compiles only while every case is handled: the reminder to add a new case to ``examples``.
    static func listed(_ url: SiteURL) -> Bool {
        switch url {
        case .home, .submit, .lookup, .published, .publicStatistics, .publicMap, .login, .logout, .healthz, .readyz, .metrics, .lookupCode, .submitted, .verify, .rate, .reopen,
             .supply, .publicAttachment, .queue, .staffMap, .phoneIntake, .phoneIntakeLookup, .dashboard, .queueExport, .dashboardExport, .report, .forecast, .answerTemplates, .answerTemplateToggle, .channelInbox, .channelInboxAttach,
             .phoneIntakeFromMessage, .staffRequest, .staffReply, .staffTriage, .staffCoHandlerInput, .staffExtension,
             .staffExtensionDecision, .notifications, .staffAction, .staffContact, .staffAttachment, .adminAgencies,
             .adminAgency, .adminUsers, .adminUser, .adminServices, .adminService, .adminRules, .adminRuleDelete,
             .adminAPIKeys, .adminAPIKeyRevoke, .adminServiceAttributes, .adminServiceAttributeToggle, .adminChannels,
             .adminChannelSetting, .adminChannelSettingClear, .adminUnreadableMail, .account, .accountPassword, .accountSecondFactorBegin,
             .accountSecondFactorConfirm, .accountSecondFactorDisable, .loginSecondFactor, .adminSecondFactorRoles,
             .adminAudit, .adminAuditExport, .staffNoteDecision, .dataSubjectRequests, .dataSubjectRequest, .dataSubjectExport,
             .dataSubjectAction, .calls, .callEvents, .callbacks, .adminCalendar, .adminBlocklist, .adminDeadlines, .callbackDone,
             .adminBlocklistRemove, .intakeFromCall, .adminCalendarYear, .adminCalendarFromRules, .adminCalendarAdd,
             .adminCalendarEdit, .adminCalendarConfirm, .adminCalendarJSON, .adminCalendarICS, .adminCalendarImport,
             .adminWorkingHours, .knowledge, .knowledgeArticle, .knowledgeArticleStatus, .publicFAQ, .publicFAQArticle, .help, .helpTopic,
             .myCases, .handOver, .staffOfficer, .accountNotices, .accountExtension, .accountLanguage, .callCard, .callAttach, .logo, .favicon, .staffCaseEvents: true
        }
    }

    /// The address's route template, one `PathComponent` per segment (`:id` for a parameter). The route is
    /// registered from it (``RoutesBuilder/get(_:use:)``) and the link is built from it (``path``), so the two
    /// cannot disagree. The case's associated values do not change it: `SiteURL.staffRequest(.key)` names the route.
    var pathComponents: [PathComponent] { template.pattern.pathComponents }

    /// The link: the template with its parameters filled in from the case's values, then the query, if any.
    var path: String {
        let template = template
        var values = template.values.makeIterator()
        let segments = template.pattern.split(separator: "/").map { segment in
            segment.hasPrefix(":") ? (values.next() ?? "") : String(segment)
        }
        return "/" + segments.joined(separator: "/") + (template.query.map { "?" + $0 } ?? "")
    }

    /// A route pattern, the values of its parameters in order, and the query string of a link.
    struct Template {
        let pattern: String
        let values: [String]
        let query: String?

        init(_ pattern: String, _ values: any PathValue..., query: String? = nil) {
            self.pattern = pattern
            self.values = values.map(\.pathText)
            self.query = query
        }
    }

    private var template: Template {
        switch self {
        case .home: Template("/")
        case .submit: Template("/gui-phan-anh")
        case .lookup: Template("/tra-cuu")
        case .lookupCode(let code): Template("/tra-cuu", query: "ma=\(code)")
        case .submitted(let code): Template("/gui-phan-anh/da-gui", query: "ma=\(code)")
        case .verify(let code): Template("/tra-cuu/:code/xac-minh", code)
        case .rate(let code): Template("/tra-cuu/:code/danh-gia", code)
        case .reopen(let code): Template("/tra-cuu/:code/phan-anh-lai", code)
        case .supply(let code): Template("/tra-cuu/:code/bo-sung", code)
        case .published: Template("/cong-khai")
        case .publicStatistics: Template("/thong-ke")
        case .publicMap: Template("/ban-do")
        case .publicAttachment(let id): Template("/tep/:id", id)
        case .login: Template("/dang-nhap")
        case .logout: Template("/dang-xuat")
        case .healthz: Template("/healthz")
        case .readyz: Template("/readyz")
        case .metrics: Template("/metrics")
        case .queue: Template("/quan-tri")
        case .staffMap: Template("/quan-tri/ban-do")
        case .phoneIntake: Template("/quan-tri/tiep-nhan")
        case .phoneIntakeLookup: Template("/quan-tri/tiep-nhan/tra-so")
        case .channelInbox: Template("/quan-tri/kenh")
        case .channelInboxAttach(let id): Template("/quan-tri/kenh/:id/gan", id)
        case .phoneIntakeFromMessage(let id): Template("/quan-tri/tiep-nhan", query: "tin-nhan=\(id.pathText)")
        case .dashboard: Template("/quan-tri/thong-ke")
        case .queueExport(let format): Template("/quan-tri/xuat", query: "dinh-dang=\(format)")
        case .dashboardExport(let format): Template("/quan-tri/thong-ke/xuat", query: "dinh-dang=\(format)")
        case .report: Template("/quan-tri/bao-cao")
        case .forecast: Template("/quan-tri/du-bao")
        case .answerTemplates: Template("/quan-tri/mau-tra-loi")
        case .answerTemplateToggle(let id): Template("/quan-tri/mau-tra-loi/:id/bat-tat", id)
        case .staffRequest(let id): Template("/quan-tri/phan-anh/:id", id)
        case .staffTriage(let id): Template("/quan-tri/phan-anh/:id/phan-loai", id)
        case .staffCoHandlerInput(let id): Template("/quan-tri/phan-anh/:id/phoi-hop", id)
        case .staffReply(let id): Template("/quan-tri/phan-anh/:id/tra-loi", id)
        case .staffExtension(let id): Template("/quan-tri/phan-anh/:id/gia-han", id)
        case .staffExtensionDecision(let id): Template("/quan-tri/phan-anh/:id/gia-han/quyet-dinh", id)
        case .notifications: Template("/quan-tri/thong-bao")
        case .staffAction(let id, let action): Template("/quan-tri/phan-anh/:id/thao-tac/:action", id, action)
        case .staffContact(let id): Template("/quan-tri/phan-anh/:id/lien-he", id)
        case .staffAttachment(let id, let file): Template("/quan-tri/phan-anh/:id/tep/:file", id, file)
        case .adminAgencies: Template("/quan-tri/co-quan")
        case .adminAgency(let id): Template("/quan-tri/co-quan/:id", id)
        case .adminUsers: Template("/quan-tri/nguoi-dung")
        case .adminUser(let id): Template("/quan-tri/nguoi-dung/:id", id)
        case .adminServices: Template("/quan-tri/linh-vuc")
        case .adminService(let code): Template("/quan-tri/linh-vuc/:code", code)
        case .adminRules: Template("/quan-tri/quy-tac")
        case .adminRuleDelete(let id): Template("/quan-tri/quy-tac/:id/xoa", id)
        case .adminAPIKeys: Template("/quan-tri/khoa-api")
        case .adminAPIKeyRevoke(let id): Template("/quan-tri/khoa-api/:id/thu-hoi", id)
        case .adminServiceAttributes(let code): Template("/quan-tri/linh-vuc/:code/cau-hoi", code)
        case .adminServiceAttributeToggle(let code, let id): Template("/quan-tri/linh-vuc/:code/cau-hoi/:id/bat-tat", code, id)
        case .adminChannels: Template("/quan-tri/kenh-ket-noi")
        case .adminChannelSetting(let name): Template("/quan-tri/kenh-ket-noi/:name", name)
        case .adminChannelSettingClear(let name): Template("/quan-tri/kenh-ket-noi/:name/xoa", name)
        case .adminUnreadableMail(let id): Template("/quan-tri/kenh-ket-noi/thu-khong-doc-duoc/:id", id)
        case .account: Template("/quan-tri/tai-khoan")
        case .accountPassword: Template("/quan-tri/tai-khoan/mat-khau")
        case .accountSecondFactorBegin: Template("/quan-tri/tai-khoan/hai-buoc/bat-dau")
        case .accountSecondFactorConfirm: Template("/quan-tri/tai-khoan/hai-buoc/xac-nhan")
        case .accountSecondFactorDisable: Template("/quan-tri/tai-khoan/hai-buoc/tat")
        case .loginSecondFactor: Template("/dang-nhap/ma-xac-thuc")
        case .adminSecondFactorRoles: Template("/quan-tri/nguoi-dung/hai-buoc")
        case .adminAudit: Template("/quan-tri/nhat-ky")
        case .adminAuditExport(let format): Template("/quan-tri/nhat-ky/xuat", query: "dinh-dang=\(format)")
        case .calls: Template("/quan-tri/cuoc-goi")
        case .callEvents: Template("/quan-tri/cuoc-goi/su-kien")
        case .callbacks: Template("/quan-tri/goi-lai")
        case .adminCalendar: Template("/quan-tri/lich")
        case .adminBlocklist: Template("/quan-tri/chan-so")
        case .adminDeadlines: Template("/quan-tri/thoi-han")
        case .callbackDone(let id): Template("/quan-tri/goi-lai/:id/xong", id)
        case .adminBlocklistRemove(let id): Template("/quan-tri/chan-so/:id/xoa", id)
        case .intakeFromCall(let id): Template("/quan-tri/tiep-nhan", query: "call=\(id.pathText)")
        case .adminCalendarYear(let year): Template("/quan-tri/lich/:year", year)
        case .adminCalendarFromRules(let year): Template("/quan-tri/lich/:year/tao-tu-quy-tac", year)
        case .adminCalendarAdd(let year): Template("/quan-tri/lich/:year/them", year)
        case .adminCalendarEdit(let year): Template("/quan-tri/lich/:year/sua", year)
        case .adminCalendarConfirm(let year): Template("/quan-tri/lich/:year/xac-nhan", year)
        case .adminCalendarJSON: Template("/quan-tri/lich/xuat.json")
        case .adminCalendarICS: Template("/quan-tri/lich/xuat.ics")
        case .adminCalendarImport: Template("/quan-tri/lich/nhap")
        case .adminWorkingHours: Template("/quan-tri/gio-lam-viec")
        case .knowledge: Template("/quan-tri/kien-thuc")
        case .knowledgeArticle(let id): Template("/quan-tri/kien-thuc/:id", id)
        case .knowledgeArticleStatus(let id): Template("/quan-tri/kien-thuc/:id/trang-thai", id)
        case .publicFAQ: Template("/hoi-dap")
        case .publicFAQArticle(let id): Template("/hoi-dap/:id", id)
        case .help: Template("/huong-dan")
        case .myCases: Template("/quan-tri", query: "mine=1")
        case .handOver: Template("/quan-tri/ban-giao")
        case .accountNotices: Template("/quan-tri/tai-khoan/thong-bao")
        case .accountExtension: Template("/quan-tri/tai-khoan/may-le")
        case .accountLanguage: Template("/quan-tri/tai-khoan/ngon-ngu")
        case .logo: Template("/logo")
        case .staffCaseEvents(let id): Template("/quan-tri/phan-anh/:id/su-kien", id)
        case .favicon: Template("/favicon.ico")
        case .callCard(let id): Template("/quan-tri/cuoc-goi/:id", id)
        case .callAttach(let id): Template("/quan-tri/cuoc-goi/:id/gan", id)
        case .staffOfficer(let id): Template("/quan-tri/phan-anh/:id/can-bo", id)
        case .helpTopic(let topic): Template("/huong-dan/:topic", topic)
        case .dataSubjectRequests: Template("/quan-tri/du-lieu-ca-nhan")
        case .dataSubjectRequest(let id): Template("/quan-tri/du-lieu-ca-nhan/:id", id)
        case .dataSubjectExport(let id): Template("/quan-tri/du-lieu-ca-nhan/:id/ban-sao.json", id)
        case .dataSubjectAction(let id, let action): Template("/quan-tri/du-lieu-ca-nhan/:id/:step", id, action)
        case .staffNoteDecision(let id, let event, let approve):
            Template("/quan-tri/phan-anh/:id/ghi-chu/:event/:decision", id, event, approve ? "duyet" : "giu-noi-bo")
        }
    }
}

/// A value that fills a route parameter in a link.
protocol PathValue {
    /// The segment's text.
    var pathText: String { get }
    /// A placeholder for naming a route rather than building a link (`SiteURL.staffRequest(.key)`).
    static var key: Self { get }
}

extension UUID: PathValue {
    /// Lower-case, as every link and stored reference writes ids.
    var pathText: String { uuidString.lowercased() }
    static var key: UUID { UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)) }
}

extension String: PathValue {
    var pathText: String { self }
    static var key: String { "" }
}

extension Int: PathValue {
    var pathText: String { String(self) }
    static var key: Int { 0 }
}

extension WorkflowAction: PathValue {
    var pathText: String { rawValue }
    static var key: WorkflowAction { allCases[0] }
}

extension RoutesBuilder {
    /// Registers `closure` for `GET` at `url`'s template (``SiteURL/pathComponents``).
    @discardableResult
    func get<Response: VaporSendableMetatype & AsyncResponseEncodable>(
        _ url: SiteURL, use closure: @Sendable @escaping (Request) async throws -> Response) -> Route {
        on(.GET, url.pathComponents, use: closure)
    }

    /// Registers `closure` for `POST` at `url`'s template; the body is collected (Vapor's default limit).
    @discardableResult
    func post<Response: VaporSendableMetatype & AsyncResponseEncodable>(
        _ url: SiteURL, use closure: @Sendable @escaping (Request) async throws -> Response) -> Route {
        on(.POST, url.pathComponents, use: closure)
    }

    /// Registers `closure` for `method` at `url`'s template with the given body strategy (a larger collected
    /// body, or `.stream` for the routes that read uploads through `UploadGate`).
    @discardableResult
    func on<Response: VaporSendableMetatype & AsyncResponseEncodable>(
        _ method: HTTPMethod, _ url: SiteURL, body: HTTPBodyStreamStrategy,
        use closure: @Sendable @escaping (Request) async throws -> Response) -> Route {
        on(method, url.pathComponents, body: body, use: closure)
    }
}
