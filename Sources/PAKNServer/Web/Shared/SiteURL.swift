import Foundation
import PAKNDomain

/// Every page address of the site in one place: routes and links are built from here, so a link cannot
/// point at a route that does not exist (the SwiftPackageIndex-Server pattern).
enum SiteURL {
    case home, submit, lookup, published, publicStatistics, publicMap, login, logout, healthz
    case lookupCode(String), submitted(String)
    case verify(String), rate(String), reopen(String), supply(String)
    case publicAttachment(UUID)
    case queue, phoneIntake, dashboard, queueExport(String), dashboardExport(String), report, forecast
    case answerTemplates, answerTemplateToggle(UUID)
    case channelInbox, channelInboxAttach(UUID), phoneIntakeFromMessage(UUID)
    case staffRequest(UUID), staffReply(UUID), staffTriage(UUID), staffCoHandlerInput(UUID), staffExtension(UUID), staffExtensionDecision(UUID), notifications, staffAction(UUID, WorkflowAction), staffContact(UUID), staffAttachment(UUID, UUID)
    case adminAgencies, adminAgency(UUID), adminUsers, adminUser(UUID), adminServices, adminService(String), adminRules, adminRuleDelete(UUID)
    case adminAPIKeys, adminAPIKeyRevoke(UUID), adminServiceAttributes(String), adminServiceAttributeToggle(String, UUID)
    case adminChannels, adminChannelSetting(String), adminChannelSettingClear(String)
    case account, accountPassword, accountSecondFactorBegin, accountSecondFactorConfirm, accountSecondFactorDisable
    case loginSecondFactor, adminSecondFactorRoles, adminAudit
    case staffNoteDecision(UUID, UUID, approve: Bool)
    case dataSubjectRequests, dataSubjectRequest(UUID), dataSubjectExport(UUID), dataSubjectAction(UUID, String)
    case calls, callbacks, adminCalendar, adminBlocklist, adminDeadlines
    case callbackDone(UUID), adminBlocklistRemove(UUID), intakeFromCall(UUID)
    case adminCalendarYear(Int), adminCalendarFromRules(Int), adminCalendarAdd(Int), adminCalendarEdit(Int), adminCalendarConfirm(Int)
    case adminCalendarJSON, adminCalendarICS, adminCalendarImport, adminWorkingHours

    /// One of each case with sample values, for the test that every link names a registered route. `listed(_:)`
    /// is an exhaustive switch: a new case does not compile until it is listed here too.
    static var examples: [SiteURL] {
        let id = UUID(), other = UUID(), code = "1234567890"
        return [.home, .submit, .lookup, .published, .publicStatistics, .publicMap, .login, .logout, .healthz, .lookupCode(code), .submitted(code),
                .verify(code), .rate(code), .reopen(code), .supply(code), .publicAttachment(id), .queue, .phoneIntake, .dashboard, .queueExport("csv"), .dashboardExport("xlsx"), .report, .forecast,
                .answerTemplates, .answerTemplateToggle(id),
                .channelInbox, .channelInboxAttach(id), .phoneIntakeFromMessage(id), .staffRequest(id), .staffReply(id),
                .staffTriage(id), .staffCoHandlerInput(id), .staffExtension(id), .staffExtensionDecision(id), .notifications,
                .staffContact(id), .staffAttachment(id, other), .adminAgencies, .adminAgency(id), .adminUsers, .adminUser(id),
                .adminServices, .adminService("su_co_duong"), .adminRules, .adminRuleDelete(id), .adminAPIKeys,
                .adminAPIKeyRevoke(id), .adminServiceAttributes("su_co_duong"), .adminServiceAttributeToggle("su_co_duong", id),
                .adminChannels, .adminChannelSetting("PAKN_ZALO_OA_SECRET"), .adminChannelSettingClear("PAKN_ZALO_OA_SECRET"),
                .account, .accountPassword, .accountSecondFactorBegin, .accountSecondFactorConfirm, .accountSecondFactorDisable,
                .loginSecondFactor, .adminSecondFactorRoles, .adminAudit, .staffNoteDecision(id, other, approve: true),
                .staffNoteDecision(id, other, approve: false), .dataSubjectRequests, .dataSubjectRequest(id),
                .dataSubjectExport(id), .dataSubjectAction(id, "xoa"), .calls, .callbacks, .adminCalendar, .adminBlocklist,
                .adminDeadlines, .callbackDone(id), .adminBlocklistRemove(id), .intakeFromCall(id), .adminCalendarYear(2026),
                .adminCalendarFromRules(2027), .adminCalendarAdd(2026), .adminCalendarEdit(2026), .adminCalendarConfirm(2026),
                .adminCalendarJSON, .adminCalendarICS, .adminCalendarImport, .adminWorkingHours]
            + WorkflowAction.allCases.map { .staffAction(id, $0) }
    }

    /// Compiles only while every case is handled: the reminder to add a new case to ``examples``.
    static func listed(_ url: SiteURL) -> Bool {
        switch url {
        case .home, .submit, .lookup, .published, .publicStatistics, .publicMap, .login, .logout, .healthz, .lookupCode, .submitted, .verify, .rate, .reopen,
             .supply, .publicAttachment, .queue, .phoneIntake, .dashboard, .queueExport, .dashboardExport, .report, .forecast, .answerTemplates, .answerTemplateToggle, .channelInbox, .channelInboxAttach,
             .phoneIntakeFromMessage, .staffRequest, .staffReply, .staffTriage, .staffCoHandlerInput, .staffExtension,
             .staffExtensionDecision, .notifications, .staffAction, .staffContact, .staffAttachment, .adminAgencies,
             .adminAgency, .adminUsers, .adminUser, .adminServices, .adminService, .adminRules, .adminRuleDelete,
             .adminAPIKeys, .adminAPIKeyRevoke, .adminServiceAttributes, .adminServiceAttributeToggle, .adminChannels,
             .adminChannelSetting, .adminChannelSettingClear, .account, .accountPassword, .accountSecondFactorBegin,
             .accountSecondFactorConfirm, .accountSecondFactorDisable, .loginSecondFactor, .adminSecondFactorRoles,
             .adminAudit, .staffNoteDecision, .dataSubjectRequests, .dataSubjectRequest, .dataSubjectExport,
             .dataSubjectAction, .calls, .callbacks, .adminCalendar, .adminBlocklist, .adminDeadlines, .callbackDone,
             .adminBlocklistRemove, .intakeFromCall, .adminCalendarYear, .adminCalendarFromRules, .adminCalendarAdd,
             .adminCalendarEdit, .adminCalendarConfirm, .adminCalendarJSON, .adminCalendarICS, .adminCalendarImport,
             .adminWorkingHours: true
        }
    }

    var path: String {
        switch self {
        case .home: "/"
        case .submit: "/gui-phan-anh"
        case .lookup: "/tra-cuu"
        case .lookupCode(let code): "/tra-cuu?ma=\(code)"
        case .submitted(let code): "/gui-phan-anh/da-gui?ma=\(code)"
        case .verify(let code): "/tra-cuu/\(code)/xac-minh"
        case .rate(let code): "/tra-cuu/\(code)/danh-gia"
        case .reopen(let code): "/tra-cuu/\(code)/phan-anh-lai"
        case .supply(let code): "/tra-cuu/\(code)/bo-sung"
        case .published: "/cong-khai"
        case .publicStatistics: "/thong-ke"
        case .publicMap: "/ban-do"
        case .publicAttachment(let id): "/tep/\(id.uuidString.lowercased())"
        case .login: "/dang-nhap"
        case .logout: "/dang-xuat"
        case .healthz: "/healthz"
        case .queue: "/quan-tri"
        case .phoneIntake: "/quan-tri/tiep-nhan"
        case .channelInbox: "/quan-tri/kenh"
        case .channelInboxAttach(let id): "/quan-tri/kenh/\(id.uuidString.lowercased())/gan"
        case .phoneIntakeFromMessage(let id): "/quan-tri/tiep-nhan?tin-nhan=\(id.uuidString.lowercased())"
        case .dashboard: "/quan-tri/thong-ke"
        case .queueExport(let format): "/quan-tri/xuat?dinh-dang=\(format)"
        case .dashboardExport(let format): "/quan-tri/thong-ke/xuat?dinh-dang=\(format)"
        case .report: "/quan-tri/bao-cao"
        case .forecast: "/quan-tri/du-bao"
        case .answerTemplates: "/quan-tri/mau-tra-loi"
        case .answerTemplateToggle(let id): "/quan-tri/mau-tra-loi/\(id.uuidString.lowercased())/bat-tat"
        case .staffRequest(let id): "/quan-tri/phan-anh/\(id.uuidString.lowercased())"
        case .staffTriage(let id): "/quan-tri/phan-anh/\(id.uuidString.lowercased())/phan-loai"
        case .staffCoHandlerInput(let id): "/quan-tri/phan-anh/\(id.uuidString.lowercased())/phoi-hop"
        case .staffReply(let id): "/quan-tri/phan-anh/\(id.uuidString.lowercased())/tra-loi"
        case .staffExtension(let id): "/quan-tri/phan-anh/\(id.uuidString.lowercased())/gia-han"
        case .staffExtensionDecision(let id): "/quan-tri/phan-anh/\(id.uuidString.lowercased())/gia-han/quyet-dinh"
        case .notifications: "/quan-tri/thong-bao"
        case .staffAction(let id, let action): "/quan-tri/phan-anh/\(id.uuidString.lowercased())/thao-tac/\(action.rawValue)"
        case .staffContact(let id): "/quan-tri/phan-anh/\(id.uuidString.lowercased())/lien-he"
        case .staffAttachment(let id, let file): "/quan-tri/phan-anh/\(id.uuidString.lowercased())/tep/\(file.uuidString.lowercased())"
        case .adminAgencies: "/quan-tri/co-quan"
        case .adminAgency(let id): "/quan-tri/co-quan/\(id.uuidString.lowercased())"
        case .adminUsers: "/quan-tri/nguoi-dung"
        case .adminUser(let id): "/quan-tri/nguoi-dung/\(id.uuidString.lowercased())"
        case .adminServices: "/quan-tri/linh-vuc"
        case .adminService(let code): "/quan-tri/linh-vuc/\(code)"
        case .adminRules: "/quan-tri/quy-tac"
        case .adminRuleDelete(let id): "/quan-tri/quy-tac/\(id.uuidString.lowercased())/xoa"
        case .adminAPIKeys: "/quan-tri/khoa-api"
        case .adminAPIKeyRevoke(let id): "/quan-tri/khoa-api/\(id.uuidString.lowercased())/thu-hoi"
        case .adminServiceAttributes(let code): "/quan-tri/linh-vuc/\(code)/cau-hoi"
        case .adminServiceAttributeToggle(let code, let id): "/quan-tri/linh-vuc/\(code)/cau-hoi/\(id.uuidString.lowercased())/bat-tat"
        case .adminChannels: "/quan-tri/kenh-ket-noi"
        case .adminChannelSetting(let name): "/quan-tri/kenh-ket-noi/\(name)"
        case .adminChannelSettingClear(let name): "/quan-tri/kenh-ket-noi/\(name)/xoa"
        case .account: "/quan-tri/tai-khoan"
        case .accountPassword: "/quan-tri/tai-khoan/mat-khau"
        case .accountSecondFactorBegin: "/quan-tri/tai-khoan/hai-buoc/bat-dau"
        case .accountSecondFactorConfirm: "/quan-tri/tai-khoan/hai-buoc/xac-nhan"
        case .accountSecondFactorDisable: "/quan-tri/tai-khoan/hai-buoc/tat"
        case .loginSecondFactor: "/dang-nhap/ma-xac-thuc"
        case .adminSecondFactorRoles: "/quan-tri/nguoi-dung/hai-buoc"
        case .adminAudit: "/quan-tri/nhat-ky"
        case .calls: "/quan-tri/cuoc-goi"
        case .callbacks: "/quan-tri/goi-lai"
        case .adminCalendar: "/quan-tri/lich"
        case .adminBlocklist: "/quan-tri/chan-so"
        case .adminDeadlines: "/quan-tri/thoi-han"
        case .callbackDone(let id): "/quan-tri/goi-lai/\(id.uuidString.lowercased())/xong"
        case .adminBlocklistRemove(let id): "/quan-tri/chan-so/\(id.uuidString.lowercased())/xoa"
        case .intakeFromCall(let id): "/quan-tri/tiep-nhan?call=\(id.uuidString.lowercased())"
        case .adminCalendarYear(let year): "/quan-tri/lich/\(year)"
        case .adminCalendarFromRules(let year): "/quan-tri/lich/\(year)/tao-tu-quy-tac"
        case .adminCalendarAdd(let year): "/quan-tri/lich/\(year)/them"
        case .adminCalendarEdit(let year): "/quan-tri/lich/\(year)/sua"
        case .adminCalendarConfirm(let year): "/quan-tri/lich/\(year)/xac-nhan"
        case .adminCalendarJSON: "/quan-tri/lich/xuat.json"
        case .adminCalendarICS: "/quan-tri/lich/xuat.ics"
        case .adminCalendarImport: "/quan-tri/lich/nhap"
        case .adminWorkingHours: "/quan-tri/gio-lam-viec"
        case .dataSubjectRequests: "/quan-tri/du-lieu-ca-nhan"
        case .dataSubjectRequest(let id): "/quan-tri/du-lieu-ca-nhan/\(id.uuidString.lowercased())"
        case .dataSubjectExport(let id): "/quan-tri/du-lieu-ca-nhan/\(id.uuidString.lowercased())/ban-sao.json"
        case .dataSubjectAction(let id, let action): "/quan-tri/du-lieu-ca-nhan/\(id.uuidString.lowercased())/\(action)"
        case .staffNoteDecision(let id, let event, let approve):
            "/quan-tri/phan-anh/\(id.uuidString.lowercased())/ghi-chu/\(event.uuidString.lowercased())/\(approve ? "duyet" : "giu-noi-bo")"
        }
    }
}
