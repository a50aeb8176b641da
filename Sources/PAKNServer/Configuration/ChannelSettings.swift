import Fluent
import Foundation
import PAKNDomain
import Vapor

/// One channel setting as the admin page shows it: the environment variable it mirrors, its Vietnamese label, the
/// format its value must have, and how it is read from and written into a ``ChannelConfiguration``.
///
/// A setting is secret when its name contains `SECRET`, `TOKEN`, `KEY` or `PASSWORD` (``isSecretName(_:)``): its
/// value is stored encrypted (``SettingsCipher``) and never shown, not even in part.
public struct ChannelSetting: Sendable {
    /// The page section a setting belongs to.
    public enum Group: String, CaseIterable, Sendable {
        case zalo, messenger, email, phone, sms, general

        /// Vietnamese section title.
        public var label: String {
            switch self {
            case .zalo: "Zalo OA"
            case .messenger: "Facebook Messenger"
            case .email: "Thư điện tử (E-mail)"
            case .phone: "Tổng đài / CTI"
            case .sms: "Tin nhắn SMS (eSMS)"
            case .general: "Chung cho mọi kênh"
            }
        }

        /// The `inbound_events.channel` / `messages.channel` value of the section (`nil` for ``general``).
        public var channel: PAKNDomain.Channel? {
            switch self {
            case .zalo: .zalo
            case .messenger: .messenger
            case .email: .email
            case .phone: .phone
            case .sms: .sms
            case .general: nil
            }
        }
    }

    /// The shape a value must have; ``ChannelSetting/validate(_:)`` checks it.
    public enum Format: Sendable, Equatable {
        /// Any single line of 1–2,000 characters without control characters.
        case text
        /// Digits only, 1–30 of them (provider app ids).
        case digits
        /// An `http://` or `https://` URL with a host; a trailing `/` is removed.
        case url
        /// A whole number in the range.
        case integer(ClosedRange<Int>)
        /// On or off, stored as `1` / `0`.
        case flag
        /// A mailbox: `phananh@gialai.gov.vn` or `1022 Gia Lai <phananh@gialai.gov.vn>`.
        case mailbox
    }

    /// The environment variable, e.g. `ZALO_OA_SECRET_KEY`; also the setting's name on the page and in the log.
    public let name: String
    /// Vietnamese label.
    public let label: String
    /// A short Vietnamese explanation under the label, or `nil`.
    public let hint: String?
    /// Page section.
    public let group: Group
    /// Value format.
    public let format: Format
    /// Why this one cannot be set on the page (`nil`: it can). Such settings are read when the server starts, or
    /// must not be changeable from a web page.
    public let environmentOnly: String?
    /// The value in a configuration, as text (`nil`: unset). `nil` closure: not wired to a property in this build.
    let read: (@Sendable (ChannelConfiguration) -> String?)?
    /// Writes a validated value into a configuration. `nil` closure: not wired to a property in this build.
    let apply: (@Sendable (inout ChannelConfiguration, String) -> Void)?

    /// Whether the value is a secret: stored encrypted, never displayed.
    public var isSecret: Bool { Self.isSecretName(name) }

    /// The rule of the issue: a name containing `SECRET`, `TOKEN`, `KEY` or `PASSWORD` (any case) is a secret.
    public static func isSecretName(_ name: String) -> Bool {
        let upper = name.uppercased()
        return ["SECRET", "TOKEN", "KEY", "PASSWORD"].contains { upper.contains($0) }
    }

    /// The row's key in `settings`: `channel:<NAME>`.
    public var storageKey: String { "channel:" + name }

    /// `5242880` → `5.242.880` (Vietnamese thousands separator).
    static func grouped(_ number: Int) -> String {
        var digits = String(number.magnitude)
        var groups: [Substring] = []
        while digits.count > 3 { groups.insert(Substring(digits.suffix(3)), at: 0); digits.removeLast(3) }
        groups.insert(Substring(digits), at: 0)
        return (number < 0 ? "-" : "") + groups.joined(separator: ".")
    }

    /// The outcome of ``validate(_:)``.
    public enum Validated: Sendable, Equatable {
        /// The value to store.
        case value(String)
        /// A Vietnamese error for the field named ``ChannelSetting/name``.
        case error(FieldError)
    }

    /// The value to store for `raw` (trimmed; URLs without a trailing `/`; flags as `1`/`0`), or a Vietnamese error
    /// for the field named ``name``.
    public func validate(_ raw: String) -> Validated {
        func fail(_ message: String) -> Validated { .error(FieldError(field: name, message: message)) }
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { return fail("Nhập giá trị mới, hoặc bấm “Bỏ giá trị quản trị” để dùng lại giá trị của môi trường.") }
        guard value.count <= 2000 else { return fail("Giá trị quá dài (tối đa 2.000 ký tự).") }
        guard !value.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            return fail("Giá trị không được chứa ký tự điều khiển hoặc xuống dòng.")
        }
        switch format {
        case .text:
            return .value(value)
        case .digits:
            guard value.count <= 30, value.allSatisfy({ $0.isASCII && $0.isNumber }) else { return fail("Chỉ gồm chữ số (tối đa 30 chữ số).") }
            return .value(value)
        case .url:
            var url = value
            while url.hasSuffix("/") { url.removeLast() }
            guard let parsed = URLComponents(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
                  let host = parsed.host, !host.isEmpty, !url.contains(" ") else {
                return fail("Địa chỉ phải bắt đầu bằng http:// hoặc https:// và có tên máy chủ, ví dụ https://openapi.zalo.me.")
            }
            return .value(url)
        case .integer(let range):
            guard let number = Int(value), range.contains(number) else {
                return fail("Phải là số nguyên từ \(Self.grouped(range.lowerBound)) đến \(Self.grouped(range.upperBound)).")
            }
            return .value(String(number))
        case .flag:
            guard ["1", "0"].contains(value) else { return fail("Chọn Bật hoặc Tắt.") }
            return .value(value)
        case .mailbox:
            // Exactly one address: a bare addr-spec, or "Name <addr-spec>" with one pair of angle brackets at the end
            // (mail goes out from the first address a parser finds, so nothing may come before or after it).
            let address: String
            if let open = value.firstIndex(of: "<") {
                address = value.hasSuffix(">") ? String(value[value.index(after: open)..<value.index(before: value.endIndex)]) : ""
            } else {
                address = value
            }
            let name = value.firstIndex(of: "<").map { String(value[..<$0]) } ?? ""
            guard Intake.isPlausibleEmail(address), value.filter({ $0 == "<" || $0 == ">" }).count == (name.isEmpty && !value.hasPrefix("<") ? 0 : 2),
                  value.filter({ $0 == "@" }).count == 1, !name.contains(where: { "\",;:\\()[]".contains($0) }), !Intake.containsMarkup(name) else {
                return fail("Phải là một địa chỉ thư, ví dụ phananh@gialai.gov.vn hoặc 1022 Gia Lai <phananh@gialai.gov.vn>.")
            }
            return .value(value)
        }
    }
}

/// The channel settings an admin sees on `/quan-tri/kenh-ket-noi`, and the database overrides of them.
///
/// A row `channel:<NAME>` in `settings` overrides the environment variable `<NAME>` (per variable); secrets are
/// stored with ``SettingsCipher`` (`enc:v1:…`), other values as typed. ``ChannelConfiguration/effective(base:on:)``
/// applies the rows at the time of use, so a change takes effect in every process without a restart.
public enum ChannelSettings {
    private static func flagText(_ on: Bool) -> String { on ? "1" : "0" }

    /// Every setting, in page order.
    public static let all: [ChannelSetting] = [
        // Zalo OA (channels.md §1).
        .init(name: "ZALO_APP_ID", label: "ID ứng dụng Zalo (app_id)", hint: "Sự kiện gửi cho ứng dụng khác bị từ chối.", group: .zalo, format: .digits,
              environmentOnly: nil, read: { $0.zaloAppID }, apply: { $0.zaloAppID = $1 }),
        .init(name: "ZALO_OA_SECRET_KEY", label: "Khóa bí mật OA (OA Secret Key)", hint: "Kiểm tra chữ ký X-ZEvent-Signature của webhook. Không phải App Secret.",
              group: .zalo, format: .text, environmentOnly: nil, read: { $0.zaloOASecretKey }, apply: { $0.zaloOASecretKey = $1 }),
        .init(name: "ZALO_ACCESS_TOKEN", label: "Access token của OA", hint: "Đặt giá trị mới sẽ bỏ token đã tự làm mới trước đó.",
              group: .zalo, format: .text, environmentOnly: nil, read: { $0.zaloAccessToken }, apply: { $0.zaloAccessToken = $1 }),
        .init(name: "ZALO_APP_SECRET", label: "App Secret (làm mới token)", hint: nil,
              group: .zalo, format: .text, environmentOnly: nil, read: { $0.zaloAppSecret }, apply: { $0.zaloAppSecret = $1 }),
        .init(name: "ZALO_REFRESH_TOKEN", label: "Refresh token ban đầu", hint: "Sau khi OA cấp quyền lại. Đặt giá trị mới sẽ bỏ refresh token đã lưu và lỗi làm mới token.",
              group: .zalo, format: .text, environmentOnly: nil, read: { $0.zaloRefreshToken }, apply: { $0.zaloRefreshToken = $1 }),
        .init(name: "ZALO_API_BASE_URL", label: "Địa chỉ Zalo OpenAPI", hint: nil, group: .zalo, format: .url,
              environmentOnly: "Nơi gửi khóa bí mật của nhà cung cấp: chỉ đặt bằng biến môi trường, để tài khoản quản trị web không chuyển được khóa tới máy khác.",
              read: { $0.zaloAPIBaseURL }, apply: nil),
        .init(name: "ZALO_OAUTH_BASE_URL", label: "Địa chỉ Zalo OAuth", hint: nil, group: .zalo, format: .url,
              environmentOnly: "Nơi gửi khóa bí mật của nhà cung cấp: chỉ đặt bằng biến môi trường, để tài khoản quản trị web không chuyển được khóa tới máy khác.",
              read: { $0.zaloOAuthBaseURL }, apply: nil),
        .init(name: "ZALO_VERIFIER_FILE", label: "Tệp xác minh tên miền Zalo", hint: nil, group: .zalo, format: .text,
              environmentOnly: "Đường dẫn được đăng ký khi máy chủ khởi động: đặt bằng biến môi trường rồi khởi động lại.",
              read: { $0.zaloVerifierFile }, apply: nil),
        .init(name: "ZALO_VERIFIER_CONTENT", label: "Nội dung tệp xác minh Zalo", hint: nil, group: .zalo, format: .text,
              environmentOnly: "Được đọc khi máy chủ khởi động: đặt bằng biến môi trường rồi khởi động lại.",
              read: { $0.zaloVerifierContent }, apply: nil),
        // Messenger (channels.md §2).
        .init(name: "MESSENGER_APP_SECRET", label: "App Secret", hint: "Kiểm tra chữ ký X-Hub-Signature-256 của webhook.", group: .messenger, format: .text,
              environmentOnly: nil, read: { $0.messengerAppSecret }, apply: { $0.messengerAppSecret = $1 }),
        .init(name: "MESSENGER_VERIFY_TOKEN", label: "Verify token (đăng ký webhook)", hint: nil, group: .messenger, format: .text,
              environmentOnly: nil, read: { $0.messengerVerifyToken }, apply: { $0.messengerVerifyToken = $1 }),
        .init(name: "MESSENGER_APP_ID", label: "ID ứng dụng Meta", hint: "Tin nhắn do chính ứng dụng gửi (echo) không được nhận lại.", group: .messenger, format: .digits,
              environmentOnly: nil, read: { $0.messengerAppID }, apply: { $0.messengerAppID = $1 }),
        .init(name: "MESSENGER_PAGE_ACCESS_TOKEN", label: "Page access token (gửi tin)", hint: nil, group: .messenger, format: .text,
              environmentOnly: nil, read: { $0.messengerPageAccessToken }, apply: { $0.messengerPageAccessToken = $1 }),
        .init(name: "MESSENGER_API_BASE_URL", label: "Địa chỉ Graph API (kèm phiên bản)", hint: nil, group: .messenger, format: .url,
              environmentOnly: "Nơi gửi khóa bí mật của nhà cung cấp: chỉ đặt bằng biến môi trường, để tài khoản quản trị web không chuyển được khóa tới máy khác.",
              read: { $0.messengerAPIBaseURL }, apply: nil),
        // E-mail (channels.md §3).
        .init(name: "PAKN_MAIL_MAX_BYTES", label: "Dung lượng thư nhận tối đa (byte)", hint: "Thư lớn hơn bị từ chối (mã thoát 65).", group: .email,
              format: .integer(1024...200 * 1024 * 1024), environmentOnly: nil, read: { String($0.mailMaxBytes) }, apply: { c, v in Int(v).map { c.mailMaxBytes = $0 } }),
        .init(name: "PAKN_MAIL_FROM", label: "Địa chỉ gửi thư (From)", hint: "Ví dụ 1022 Gia Lai <phananh@gialai.gov.vn>. Tên miền của địa chỉ kết thúc Message-ID của thư gửi đi.",
              group: .email, format: .mailbox, environmentOnly: nil, read: { $0.mailFrom }, apply: { $0.mailFrom = $1 }),
        .init(name: "PAKN_SENDMAIL", label: "Lệnh gửi thư (sendmail)", hint: nil, group: .email, format: .text,
              environmentOnly: "Là một lệnh chạy trên máy chủ: chỉ đặt bằng biến môi trường, để tài khoản quản trị web không chạy được lệnh trên máy chủ.",
              read: { $0.sendmailCommand?.joined(separator: " ") }, apply: nil),
        .init(name: "PAKN_AUTO_MAILS_PER_HOUR", label: "Số thư tự động tối đa tới một địa chỉ mỗi giờ", hint: "Chống vòng lặp thư (RFC 3834).", group: .email,
              format: .integer(0...1000), environmentOnly: nil, read: { String($0.automaticMailsPerHour) }, apply: { c, v in Int(v).map { c.automaticMailsPerHour = $0 } }),
        // Phone switchboard (channels.md §4).
        .init(name: "PAKN_CTI_TOKEN", label: "Mã bí mật CTI (trong địa chỉ /api/v1/cti/{mã})", hint: "Chưa đặt: tổng đài bị tắt (422).", group: .phone, format: .text,
              environmentOnly: nil, read: { $0.ctiToken }, apply: { $0.ctiToken = $1 }),
        .init(name: "PAKN_CALLBACK_WORKING_HOURS", label: "Hạn gọi lại cuộc gọi nhỡ (giờ tiếp nhận)", hint: nil, group: .phone,
              format: .integer(1...200), environmentOnly: nil, read: { String(Int($0.callbackWorkingHours)) },
              apply: { c, v in Double(v).map { c.callbackWorkingHours = $0 } }),
        // SMS (channels.md §5).
        .init(name: "ESMS_API_KEY", label: "API key eSMS", hint: "Chưa đặt: không gửi SMS.", group: .sms, format: .text,
              environmentOnly: nil, read: { $0.esmsAPIKey }, apply: { $0.esmsAPIKey = $1 }),
        .init(name: "ESMS_SECRET_KEY", label: "Secret key eSMS", hint: nil, group: .sms, format: .text,
              environmentOnly: nil, read: { $0.esmsSecretKey }, apply: { $0.esmsSecretKey = $1 }),
        .init(name: "ESMS_PRIVATE_KEY", label: "Khóa kiểm tra tin nhắn đến (sign)", hint: "Chưa đặt: tin nhắn đến bị từ chối.", group: .sms, format: .text,
              environmentOnly: nil, read: { $0.esmsPrivateKey }, apply: { $0.esmsPrivateKey = $1 }),
        .init(name: "ESMS_BRANDNAME", label: "Brandname", hint: nil, group: .sms, format: .text,
              environmentOnly: nil, read: { $0.esmsBrandname }, apply: { $0.esmsBrandname = $1 }),
        .init(name: "ESMS_BASE_URL", label: "Địa chỉ REST eSMS", hint: nil, group: .sms, format: .url,
              environmentOnly: "Nơi gửi khóa bí mật của nhà cung cấp: chỉ đặt bằng biến môi trường, để tài khoản quản trị web không chuyển được khóa tới máy khác.",
              read: { $0.esmsBaseURL }, apply: nil),
        .init(name: "ESMS_SANDBOX", label: "Chế độ thử (Sandbox: chỉ kiểm tra, không gửi)", hint: nil, group: .sms, format: .flag,
              environmentOnly: nil, read: { flagText($0.esmsSandbox) }, apply: { $0.esmsSandbox = $1 == "1" }),
        .init(name: "PAKN_SMS_UNACCENTED", label: "Gửi SMS không dấu (160 ký tự/tin thay vì 70)", hint: nil, group: .sms, format: .flag,
              environmentOnly: nil, read: { flagText($0.smsUnaccented) }, apply: { $0.smsUnaccented = $1 == "1" }),
        .init(name: "PAKN_SMS_PRICE_VND", label: "Giá một tin SMS (đồng)", hint: "Hiện cho tổng đài viên trước khi gửi trả lời bằng SMS.", group: .sms,
              format: .integer(0...100_000), environmentOnly: nil, read: { String($0.smsSegmentPriceVND) }, apply: { c, v in Int(v).map { c.smsSegmentPriceVND = $0 } }),
        // Every channel.
        .init(name: "PAKN_CONVERSATION_DAYS", label: "Số ngày nối tin nhắn mới vào phản ánh đang xử lý", hint: nil, group: .general,
              format: .integer(1...365), environmentOnly: nil, read: { String($0.conversationWindowDays) },
              apply: { c, v in Int(v).map { c.conversationWindowDays = $0 } }),
        .init(name: "PAKN_WEBHOOK_MAX_BYTES", label: "Dung lượng webhook tối đa (byte)", hint: nil, group: .general, format: .integer(16_384...50 * 1024 * 1024),
              environmentOnly: "Giới hạn được đặt cho các đường webhook khi máy chủ khởi động: đặt bằng biến môi trường rồi khởi động lại.",
              read: { String($0.webhookMaxBytes) }, apply: nil),
        .init(name: "PAKN_CHAT_ATTACHMENT_MAX_BYTES", label: "Dung lượng tệp tải về từ Zalo, Messenger tối đa (byte)", hint: "Tệp lớn hơn không được tải về.",
              group: .general, format: .integer(1024...200 * 1024 * 1024), environmentOnly: nil, read: { String($0.attachmentMaxBytes) },
              apply: { c, v in Int(v).map { c.attachmentMaxBytes = $0 } }),
    ]

    /// The setting named `name` (an environment variable name), if it is on the page.
    public static func named(_ name: String) -> ChannelSetting? { all.first { $0.name == name } }

    /// A database override as read: the value (decrypted for secrets) and when it was last set. `value` is `nil`
    /// when a secret cannot be decrypted (the key changed): the environment's value applies then.
    public struct Override: Sendable {
        /// The setting overridden.
        public let setting: ChannelSetting
        /// The stored value (decrypted for secrets), or `nil` when a secret does not decrypt.
        public let value: String?
        /// `settings.updated_at` (UTC instant).
        public let updatedAt: Date?
    }

    /// The overrides stored in `settings`, one query; keyed by setting name.
    public static func overrides(cipher: SettingsCipher?, on db: Database) async throws -> [String: Override] {
        let keys = all.filter { $0.environmentOnly == nil }.map(\.storageKey)
        let rows = try await Setting.query(on: db).filter(\.$id ~~ keys).all()
        var result: [String: Override] = [:]
        for row in rows {
            guard let key = row.id, let setting = all.first(where: { $0.storageKey == key }) else { continue }
            var value: String? = row.value
            if setting.isSecret {
                value = cipher?.unseal(row.value, name: setting.name)
                if value == nil {
                    db.logger.error("settings: stored \(setting.name) cannot be decrypted (PAKN_SETTINGS_KEY or the key file changed?); the environment value applies")
                }
            }
            result[setting.name] = Override(setting: setting, value: value, updatedAt: row.updatedAt)
        }
        return result
    }

    /// Stores `value` (already validated) as the override of `setting`: encrypted when secret. Setting a new Zalo
    /// access or refresh token also drops the tokens the worker rotated (`zalo.*` rows), which would otherwise win.
    /// Throws when a secret must be stored and there is no cipher, or for an environment-only setting.
    public static func set(_ setting: ChannelSetting, to value: String, cipher: SettingsCipher?, on db: Database) async throws {
        guard setting.environmentOnly == nil else { throw AppError.invalid("Giá trị này chỉ đặt được bằng biến môi trường.") }
        let stored: String
        if setting.isSecret {
            guard let cipher else { throw AppError(.internalServerError, "no_settings_key", "Chưa có khóa mã hóa cấu hình.") }
            stored = try cipher.seal(value, name: setting.name)
        } else {
            stored = value
        }
        try await db.writeTransaction { tx in
            if let row = try await Setting.find(setting.storageKey, on: tx) {
                row.value = stored
                row.updatedAt = Date()
                try await row.save(on: tx)
            } else {
                try await Setting(key: setting.storageKey, value: stored).create(on: tx)
            }
            let rotated: [String] = switch setting.name {
            case "ZALO_ACCESS_TOKEN": [ZaloTokens.accessKey]
            case "ZALO_REFRESH_TOKEN": [ZaloTokens.refreshKey, ZaloTokens.errorKey]
            default: []
            }
            if !rotated.isEmpty { try await Setting.query(on: tx).filter(\.$id ~~ rotated).delete() }
        }
    }

    /// Removes the override of `setting`; the environment's value (or the default) applies again. Returns whether
    /// there was one.
    @discardableResult
    public static func clear(_ setting: ChannelSetting, on db: Database) async throws -> Bool {
        try await db.writeTransaction { tx in
            guard let row = try await Setting.find(setting.storageKey, on: tx) else { return false }
            try await row.delete(on: tx)
            return true
        }
    }
}

extension ChannelConfiguration {
    /// The configuration in force now: `base` (the environment, or what a test set) with every readable override of
    /// `settings` (`channel:<NAME>` rows, see ``ChannelSettings``) applied over it, variable by variable. One query.
    /// Secrets are decrypted with `base.settingsCipher`; one that does not decrypt is skipped (logged, without value).
    /// Throws the database's error.
    public static func effective(base: ChannelConfiguration, on db: Database) async throws -> ChannelConfiguration {
        var configuration = base
        for override in try await ChannelSettings.overrides(cipher: base.settingsCipher, on: db).values {
            if let value = override.value { override.setting.apply?(&configuration, value) }
        }
        return configuration
    }
}

extension Request {
    /// ``ChannelConfiguration/effective(base:on:)`` for this request's application and database.
    func effectiveChannels() async throws -> ChannelConfiguration {
        try await ChannelConfiguration.effective(base: paknConfiguration.channels, on: db)
    }
}
