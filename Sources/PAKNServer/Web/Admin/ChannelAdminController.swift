import Fluent
import Foundation
import PAKNChannels
import PAKNDomain
import Plot
import Vapor

/// `/quan-tri/kenh-ket-noi` (admin only; issue 4 "Operator experience"): each channel's settings and health.
///
/// - Settings: for each one its label, where the value in force comes from (quản trị / môi trường / mặc định /
///   chưa đặt), the value when it is not secret, and a form to set a new value or drop the admin's override.
///   Secrets are write-only: the page says only "đã đặt" and when; their value is never rendered, logged or
///   echoed back, even when the form is refused.
/// - Health: the last inbound event and its status, failed and unreadable events (the latest failures with their
///   error, masked), outbound notices recorded instead of sent in the last 7 days, the last notice sent, and the
///   outbox's retrying and given-up `notify` jobs (``ChannelHealth``). Times are Asia/Ho_Chi_Minh.
///
/// Every change is audited as one `notice` log line naming the setting, the action and the admin's user id, never
/// the value (there is no audit table for admin changes; `events` belong to requests).
enum ChannelAdminController {
    /// The sections of the page, in order.
    static let groups: [ChannelSetting.Group] = [.zalo, .messenger, .email, .phone, .sms, .general]

    /// Registers `GET /quan-tri/kenh-ket-noi`, `POST …/{NAME}` (set) and `POST …/{NAME}/xoa` (drop the override).
    static func register(_ office: any RoutesBuilder) {
        let admin = AdminArea.routes(office)
        admin.get(SiteURL.adminChannels, use: page)
        admin.post(SiteURL.adminChannelSetting(.key), use: save)
        admin.post(SiteURL.adminChannelSettingClear(.key), use: clear)
        admin.get(SiteURL.adminUnreadableMail(.key), use: unreadableMail)
    }

    /// Where the value in force comes from.
    enum Source: Equatable {
        /// An override stored on this page, set at the instant (UTC).
        case administrator(Date?)
        /// A stored secret that does not decrypt with the current key: ignored until set again.
        case unreadable(Date?)
        case environment
        case defaultValue
        case unset
        /// The setting is listed but read by a feature not in this build.
        case notWired

        var label: String {
            switch self {
            case .administrator: "quản trị"
            case .unreadable: "quản trị – không giải mã được, đang dùng giá trị môi trường; hãy đặt lại"
            case .environment: "môi trường"
            case .defaultValue: "mặc định"
            case .unset: "chưa đặt"
            case .notWired: "chưa dùng trong phiên bản này"
            }
        }
    }

    /// One row of the page: a setting, its source and what may be shown of its value.
    struct Row {
        let setting: ChannelSetting
        let source: Source
        /// The value in force, for a non-secret setting (`nil` when unset or secret).
        let value: String?
        var hasOverride: Bool {
            switch source { case .administrator, .unreadable: true; default: false }
        }
    }

    /// The rows of every setting: the environment's configuration, the defaults and the stored overrides compared.
    static func rows(base: ChannelConfiguration, on db: Database) async throws -> [Row] {
        let overrides = try await ChannelSettings.overrides(cipher: base.settingsCipher, on: db)
        let defaults = ChannelConfiguration()
        return ChannelSettings.all.map { setting in
            let secret = setting.isSecret
            if let override = overrides[setting.name] {
                guard let value = override.value else { return Row(setting: setting, source: .unreadable(override.updatedAt), value: nil) }
                return Row(setting: setting, source: .administrator(override.updatedAt), value: secret ? nil : value)
            }
            guard let read = setting.read else { return Row(setting: setting, source: .notWired, value: nil) }
            guard let value = read(base) else { return Row(setting: setting, source: .unset, value: nil) }
            return Row(setting: setting, source: value == read(defaults) ? .defaultValue : .environment, value: secret ? nil : value)
        }
    }

    /// The mails that could not be read (no sender), newest first, each downloadable as it came (issue 14: they
    /// were stored but no page showed them).
    static func unreadableMails(_ mails: [ChannelHealth.UnreadableMail]) -> Node<HTML.BodyContext> {
        .div(.class("card"), .id("thu-khong-doc-duoc"),
             .h2(.text("Thư không đọc được")),
             .if(mails.isEmpty, .p(.class("muted"), .text("Không có thư nào."))),
             .if(!mails.isEmpty, .group(
                .p(.class("muted"), .text("Thư được lưu nguyên văn nhưng không tạo được tin nhắn (không đọc được người gửi). Tải về để xem bằng trình đọc thư; mỗi lần tải được ghi nhật ký.")),
                .ul(.forEach(mails) { mail in
                    .li(.text("\(Layout.date(mail.receivedAt)) · \(VietnameseText.grouped(mail.size)) byte · \(mail.problem) · "),
                        .a(.href(SiteURL.adminUnreadableMail(mail.id).path), .text("Tải thư (.eml)")))
                }))))
    }

    /// `GET /quan-tri/kenh-ket-noi/thu-khong-doc-duoc/{id}`: the unreadable mail's raw bytes (`message/rfc822`), for
    /// the admin; recorded in the audit (a mail holds personal data).
    static func unreadableMail(_ req: Request) async throws -> Response {
        let id = req.parameters.get("id", as: UUID.self)
        guard let raw = try await ChannelHealth.unreadableMail(id, on: req.db) else { throw AppError.notFound() }
        try await AuditLog.write(.export, request: req, route: SiteURL.adminUnreadableMail(id!).path, subject: id!.uuidString, fields: [], status: .ok)
        let response = Response(status: .ok, body: .init(data: raw))
        response.headers.contentType = HTTPMediaType(type: "message", subType: "rfc822")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"thu-\(id!.uuidString.lowercased()).eml\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// `GET /quan-tri/kenh-ket-noi` (`?da-luu=NAME` / `?da-bo=NAME` after a change).
    static func page(_ req: Request) async throws -> Response {
        var notice: String?
        if let name = req.query[String.self, at: "da-luu"], let setting = ChannelSettings.named(name) { notice = "Đã lưu: \(setting.label)." }
        if let name = req.query[String.self, at: "da-bo"], let setting = ChannelSettings.named(name) {
            notice = "Đã bỏ giá trị quản trị: \(setting.label). Giá trị của môi trường (hoặc mặc định) được dùng lại."
        }
        return try await render(req, notice: notice)
    }

    /// The page; `errors` and `submitted` (a refused non-secret value, shown again) after a refused form.
    static func render(_ req: Request, notice: String? = nil, errors: [FieldError] = [], submitted: (name: String, value: String)? = nil,
                       status: HTTPResponseStatus = .ok) async throws -> Response {
        let rows = try await rows(base: req.paknConfiguration.channels, on: req.db)
        let health = try await ChannelHealth.load(channels: groups.compactMap(\.channel), on: req.db)
        let unreadable = try await ChannelHealth.unreadableMails(on: req.db)
        let body: Node<HTML.BodyContext> = .div(
            .h1(.text("Kênh kết nối")),
            .p(.class("muted"), .text("Giá trị đặt ở đây thay cho biến môi trường cùng tên và có hiệu lực ngay cho mọi tiến trình, không cần khởi động lại. "
                                      + "Khóa bí mật chỉ ghi, không bao giờ hiển thị; chúng được mã hóa (AES-GCM) trong cơ sở dữ liệu. Giờ hiển thị theo giờ Việt Nam.")),
            .unwrap(notice) { .p(.class("card"), .id("thong-bao"), .attribute(named: "role", value: "status"), .text($0)) },
            .if(!errors.isEmpty, .div(.class("errors"), .attribute(named: "role", value: "alert"),
                                      .forEach(errors) { .p(.text("\(ChannelSettings.named($0.field)?.label ?? $0.field): \($0.message)")) })),
            .nav(.class("card"), .ul(.forEach(groups) { .li(.a(.href("#kenh-\($0.rawValue)"), .text($0.label))) },
                                     .li(.a(.href("#hang-doi"), .text("Hàng đợi thông báo"))),
                                     .li(.a(.href("#cong-quoc-gia"), .text("Cổng Dịch vụ công quốc gia"))))),
            .forEach(groups) { group in
                section(group, rows: rows.filter { $0.setting.group == group }, health: health, req: req, errors: errors, submitted: submitted)
            },
            unreadableMails(unreadable),
            outbox(health),
            nationalSync(health.nationalSync, enabled: req.paknConfiguration.nationalSyncURL != nil)
        )
        return Layout.response(Layout.render(title: "Kênh kết nối", for: req, body: body), status: status)
    }

    struct ValueForm: Content { var value: String? }

    /// `POST /quan-tri/kenh-ket-noi/{NAME}` with `value`: validates and stores the override, then 303 to the page;
    /// a refused value answers 422 with the page and the error next to the field.
    static func save(_ req: Request) async throws -> Response {
        guard let setting = req.parameters.get("name").flatMap(ChannelSettings.named) else { throw AppError.notFound() }
        guard setting.environmentOnly == nil else { throw AppError.invalid("Giá trị này chỉ đặt được bằng biến môi trường.") }
        let raw = try req.content.decode(ValueForm.self).value ?? ""
        switch setting.validate(raw) {
        case .error(let error):
            return try await render(req, errors: [error], submitted: setting.isSecret ? nil : (setting.name, raw), status: .unprocessableEntity)
        case .value(let value):
            try await ChannelSettings.set(setting, to: value, cipher: req.paknConfiguration.channels.settingsCipher, on: req.db)
            req.logger.notice("audit: channel setting \(setting.name) set on the admin page by user \(req.staff?.id?.uuidString ?? "?")")
            return req.redirect(to: SiteURL.adminChannels.path + "?da-luu=\(setting.name)#\(setting.name)")
        }
    }

    /// `POST /quan-tri/kenh-ket-noi/{NAME}/xoa`: drops the override, then 303 to the page.
    static func clear(_ req: Request) async throws -> Response {
        guard let setting = req.parameters.get("name").flatMap(ChannelSettings.named) else { throw AppError.notFound() }
        if try await ChannelSettings.clear(setting, on: req.db) {
            req.logger.notice("audit: channel setting \(setting.name) override removed on the admin page by user \(req.staff?.id?.uuidString ?? "?")")
        }
        return req.redirect(to: SiteURL.adminChannels.path + "?da-bo=\(setting.name)#\(setting.name)")
    }

    // MARK: - Views

    static func section(_ group: ChannelSetting.Group, rows: [Row], health: ChannelHealth, req: Request,
                        errors: [FieldError], submitted: (name: String, value: String)?) -> Node<HTML.BodyContext> {
        .section(.id("kenh-\(group.rawValue)"),
            .h2(.text(group.label)),
            .unwrap(group.channel.flatMap { channel in health.channels.first { $0.channel == channel } }) { channelHealth($0, health: health, group: group) },
            .forEach(rows) { settingCard($0, req: req, errors: errors, submitted: submitted) })
    }

    static func channelHealth(_ h: ChannelHealth.Channel, health: ChannelHealth, group: ChannelSetting.Group) -> Node<HTML.BodyContext> {
        let retrying = health.retrying.filter { $0.origin == h.channel }.count
        let dead = health.dead.filter { $0.origin == h.channel }.count
        let outboundChannel = h.channel != .phone
        return .div(.class("card health"), .id("suc-khoe-\(group.rawValue)"),
            .h3(.text("Tình trạng")),
            .ul(
                .li(.text("Sự kiện đến gần nhất: "), .strong(.text(h.lastInbound.map { "\(Layout.date($0.receivedAt)) – \($0.status.label)" } ?? "chưa có"))),
                .li(.class(h.failedCount > 0 ? "error" : ""), .text("Sự kiện xử lý lỗi: \(h.failedCount)")),
                .li(.text("Sự kiện không đọc được: \(h.unparseableCount)")),
                .if(outboundChannel, .li(.text("Gửi thành công gần nhất: \(Layout.date(h.lastSentAt))"))),
                .if(outboundChannel, .li(.class(h.recordedLastWeek > 0 ? "error" : ""), .text("Thông báo chỉ ghi lại, chưa gửi (7 ngày qua): \(h.recordedLastWeek)"))),
                .if(h.channel == .sms, .li(.text("Tin báo không phát được (7 ngày qua): \(h.deliveryFailedLastWeek)"))),
                .if(retrying + dead > 0, .li(.class("error"), .text("Thông báo của phản ánh đến từ kênh này: \(retrying) đang chờ gửi lại, \(dead) đã bỏ (xem Hàng đợi thông báo)"))),
                .if(group == .zalo, .unwrap(health.zaloTokenError) { .li(.class("error"), .text("Làm mới token Zalo bị từ chối (\($0)): OA cần cấp quyền lại, rồi đặt refresh token mới.")) }),
                .if(group == .zalo, .unwrap(health.zaloTokenRotatedAt) { .li(.text("Token Zalo đã được tự làm mới lúc \(Layout.date($0)).")) })
            ),
            .if(!h.latestFailures.isEmpty, .group(
                .p(.text("Lỗi gần nhất:")),
                .ul(.class("failures"), .forEach(h.latestFailures) { .li(.text("\(Layout.date($0.receivedAt)): \($0.error)")) }))))
    }

    static func sourceText(_ row: Row) -> String {
        switch row.source {
        case .administrator(let at): "Nguồn: quản trị (cập nhật \(Layout.date(at)))"
        case .unreadable(let at): "Nguồn: \(row.source.label) (cập nhật \(Layout.date(at)))"
        default: "Nguồn: \(row.source.label)"
        }
    }

    /// What is shown of the value: the value itself when not secret; for a secret only whether it is set.
    static func valueText(_ row: Row) -> String {
        if row.setting.isSecret {
            switch row.source {
            case .administrator, .environment: return "Đã đặt"
            case .unreadable: return "Đã đặt nhưng không giải mã được"
            default: return "Chưa đặt"
            }
        }
        if row.setting.format == .flag, let value = row.value { return value == "1" ? "Bật" : "Tắt" }
        return row.value ?? "—"
    }

    static func settingCard(_ row: Row, req: Request, errors: [FieldError], submitted: (name: String, value: String)?) -> Node<HTML.BodyContext> {
        let setting = row.setting
        let inputID = "gia-tri-\(setting.name)"
        let shownAgain = submitted?.name == setting.name ? submitted?.value : nil
        let input: Node<HTML.FormContext>
        switch setting.format {
        case .flag:
            input = .group(
                .label(.for(inputID), .text("Giá trị mới")),
                .select(.id(inputID), .attribute(named: "name", value: "value"),
                        FormFields.option("1", "Bật", selected: row.value == "1"), FormFields.option("0", "Tắt", selected: row.value == "0")))
        default:
            let type: HTMLInputType = setting.isSecret ? .password : setting.format == .url ? .url : { if case .integer = setting.format { return .number } else { return .text } }()
            input = FormFields.text("value", label: setting.isSecret ? "Giá trị mới (không hiển thị lại)" : "Giá trị mới",
                                    value: setting.isSecret ? nil : shownAgain ?? row.value, errors: [], type: type, required: true,
                                    maxLength: 2000, autocomplete: setting.isSecret ? "new-password" : "off", id: inputID)
        }
        let error = errors.first { $0.field == setting.name }
        return .div(.class("card setting"), .id(setting.name),
            .h3(.text(setting.label)),
            .p(.class("muted"), .code(.text(setting.name)), .text(" · \(sourceText(row))")),
            .unwrap(setting.hint) { .p(.class("muted"), .text($0)) },
            .p(.text("Giá trị: "), .strong(.class("value"), .text(valueText(row)))),
            .unwrap(error) { .p(.class("error"), .id("loi-\(setting.name)"), .text($0.message)) },
            .unwrap(setting.environmentOnly) { .p(.class("muted"), .text($0)) },
            .if(setting.environmentOnly == nil, .form(.method(.post), .action(SiteURL.adminChannelSetting(setting.name).path),
                  Layout.csrfField(req), input, .button(.type(.submit), .text("Lưu")))),
            .if(row.hasOverride, .form(.method(.post), .action(SiteURL.adminChannelSettingClear(setting.name).path),
                  Layout.csrfField(req), .button(.type(.submit), .class("secondary"), .text("Bỏ giá trị quản trị (dùng giá trị môi trường)")))))
    }

    static func outbox(_ health: ChannelHealth) -> Node<HTML.BodyContext> {
        .section(.id("hang-doi"),
            .h2(.text("Hàng đợi thông báo (outbox)")),
            .p(.class("muted"), .text("Thông báo cho người dân được gửi qua kênh của phản ánh, rồi SMS, rồi ghi lại cho thư điện tử. Việc lỗi tạm thời được thử lại sau 2, 4, 8… phút; sau 10 lần thì bỏ.")),
            .ul(.li(.id("dang-thu-lai"), .text("Đang chờ gửi lại: \(health.retryingCount)")),
                .li(.id("da-bo"), .class(health.deadCount > 0 ? "error" : ""), .text("Đã bỏ: \(health.deadCount)"))),
            .if(!health.retrying.isEmpty, .group(.h3(.text("Đang chờ gửi lại")), .ul(.class("jobs"), .forEach(health.retrying.prefix(20)) { stuckItem($0) }))),
            .if(!health.dead.isEmpty, .group(.h3(.text("Đã bỏ")), .ul(.class("jobs"), .forEach(health.dead.prefix(20)) { stuckItem($0) }))))
    }

    /// The national portal's sync (docs/national-portal-sync.md): whether it is on, the records waiting for a retry
    /// and those given up or refused, with the portal's answer (masked, shortened).
    static func nationalSync(_ stuck: ChannelHealth.Stuck, enabled: Bool) -> Node<HTML.BodyContext> {
        .section(.id("cong-quoc-gia"),
            .h2(.text("Đồng bộ Cổng Dịch vụ công quốc gia")),
            .p(.class("muted"), .text(enabled
                ? "Mỗi thay đổi công khai của phản ánh (không gồm khiếu nại, tố cáo) được gửi tới địa chỉ PAKN_NATIONAL_SYNC_URL. Lỗi tạm thời (408, 429, 5xx, mạng) được thử lại sau 2, 4, 8… phút; lỗi khác (4xx) là từ chối, không thử lại."
                : "Đang tắt: biến môi trường PAKN_NATIONAL_SYNC_URL chưa đặt.")),
            .ul(.li(.id("cong-dang-thu-lai"), .text("Đang chờ gửi lại: \(stuck.retryingCount)")),
                .li(.id("cong-da-bo"), .class(stuck.deadCount > 0 ? "error" : ""), .text("Bị từ chối hoặc đã bỏ: \(stuck.deadCount)"))),
            .if(!stuck.retrying.isEmpty, .group(.h3(.text("Đang chờ gửi lại")), .ul(.class("jobs"), .forEach(stuck.retrying.prefix(20)) { stuckItem($0) }))),
            .if(!stuck.dead.isEmpty, .group(.h3(.text("Bị từ chối hoặc đã bỏ")), .ul(.class("jobs"), .forEach(stuck.dead.prefix(20)) { stuckItem($0, finalRefusals: true) }))))
    }

    /// One retrying or given-up job; `finalRefusals`: a job of a kind whose refusals are final (the national portal's),
    /// where "given up" means refused or 10 failures.
    static func stuckItem(_ job: ChannelHealth.StuckNotification, finalRefusals: Bool = false) -> Node<HTML.ListContext> {
        let code = job.trackingCode.flatMap { TrackingCode(digits: $0)?.formatted } ?? job.trackingCode ?? "—"
        let state = !job.dead ? "Đã thử \(job.attempts) lần; lần tới: \(Layout.date(job.nextAttemptAt))."
            : finalRefusals ? "Đã dừng: cổng từ chối, hoặc đã thử 10 lần." : "Đã bỏ sau \(job.attempts) lần thử."
        return .li(.class("card"),
            .p(.strong(.text("Phản ánh \(code)")), .text(" · kênh đến: \(job.origin?.label ?? "—") · tạo lúc \(Layout.date(job.createdAt))")),
            .p(.text(state)),
            .p(.class("muted"), .text("Lỗi: \(job.error)")))
    }
}
