import Foundation

/// Secrets and provider addresses of the chat, phone and SMS channels, read from the environment (README
/// "Channels"). A channel whose secret is absent is off: its webhook answers 401 (Zalo, Messenger, SMS) or 422 (CTI)
/// and nothing is sent on it. Base URLs are configurable so tests point them at local peers on 127.0.0.1.
public struct ChannelConfiguration: Sendable {
    /// `PAKN_WEBHOOK_MAX_BYTES`: largest webhook body collected, in bytes (default 5 MiB; Vapor's default is 16 KB,
    /// a Messenger batch holds up to 1,000 updates).
    public var webhookMaxBytes = 5 * 1024 * 1024
    /// `PAKN_CONVERSATION_DAYS`: a message from a sender whose last message on the same channel was attached to a
    /// still-open request within this many days is appended to that request (default 30).
    public var conversationWindowDays = 30
    /// `PAKN_MAIL_MAX_BYTES`: largest message `pakn mail receive` accepts (default 25 MiB); larger input exits 65.
    public var mailMaxBytes = 25 * 1024 * 1024
    /// `PAKN_CHAT_ATTACHMENT_MAX_BYTES`: largest file downloaded from a Zalo or Messenger attachment URL, in bytes
    /// (default 10 MiB, Chatwoot's limit, channels.md §1.10 item 7). A larger declared `size` is refused without a
    /// request; a body that grows past it is cut off while downloading.
    public var attachmentMaxBytes = 10 * 1024 * 1024

    /// `ZALO_APP_ID`: our Zalo app id; events for another `app_id` are refused.
    public var zaloAppID: String?
    /// `ZALO_OA_SECRET_KEY`: the OA Secret Key of the webhook settings (channels.md §1.2), not the App Secret.
    public var zaloOASecretKey: String?
    /// `ZALO_ACCESS_TOKEN`: the OA access token for `message/cs`.
    public var zaloAccessToken: String?
    /// `ZALO_APP_SECRET`: the App Secret, sent as the `secret_key` header of token refreshes (channels.md §1.5).
    public var zaloAppSecret: String?
    /// `ZALO_REFRESH_TOKEN`: the first refresh token; later ones are kept in the database (single-use).
    public var zaloRefreshToken: String?
    /// `ZALO_OAUTH_BASE_URL` (default `https://oauth.zaloapp.com`).
    public var zaloOAuthBaseURL = "https://oauth.zaloapp.com"
    /// `ZALO_VERIFIER_FILE` and `ZALO_VERIFIER_CONTENT`: the domain-verification file Zalo asks for
    /// (`zalo_verifier<token>.html`), served at the site root (channels.md §1.2 "Verification").
    public var zaloVerifierFile: String?
    public var zaloVerifierContent: String?
    /// `ZALO_API_BASE_URL` (default `https://openapi.zalo.me`).
    public var zaloAPIBaseURL = "https://openapi.zalo.me"

    /// `MESSENGER_APP_SECRET`: the key of `X-Hub-Signature-256` (channels.md §2.3).
    public var messengerAppSecret: String?
    /// `MESSENGER_VERIFY_TOKEN`: the token of the GET subscription handshake (§2.2).
    public var messengerVerifyToken: String?
    /// `MESSENGER_APP_ID`: our app id; echoes of messages our app sent are not re-ingested (§2.5 item 6).
    public var messengerAppID: String?
    /// `MESSENGER_PAGE_ACCESS_TOKEN`: the Page token for the Send API.
    public var messengerPageAccessToken: String?
    /// `MESSENGER_API_BASE_URL` (default `https://graph.facebook.com/v25.0`).
    public var messengerAPIBaseURL = "https://graph.facebook.com/v25.0"

    /// `PAKN_CTI_TOKEN`: the secret in `POST /api/v1/cti/{token}`; absent: CTI is off (422).
    public var ctiToken: String?
    /// `PAKN_CALLBACK_WORKING_HOURS`: a missed call is to be called back within this many hours of the switchboard's
    /// intake hours (default 4; a deployment's service promise, not a legal limit).
    public var callbackWorkingHours = 4.0

    /// `ESMS_API_KEY` / `ESMS_SECRET_KEY`: eSMS credentials; absent: SMS is off.
    public var esmsAPIKey: String?
    public var esmsSecretKey: String?
    /// `ESMS_BRANDNAME`: the registered brandname.
    public var esmsBrandname = "1022"
    /// `ESMS_BASE_URL` (default `https://rest.esms.vn`).
    public var esmsBaseURL = "https://rest.esms.vn"
    /// `ESMS_PRIVATE_KEY`: the key of the MO `sign` (channels.md §5.1); absent: inbound SMS refused.
    public var esmsPrivateKey: String?
    /// `ESMS_SANDBOX`: send with `Sandbox: "1"` (validated, not delivered).
    public var esmsSandbox = false
    /// `PAKN_SMS_UNACCENTED`: send SMS without diacritics (default on; channels.md §5.2).
    public var smsUnaccented = true
    /// `PAKN_SMS_PRICE_VND`: price of one SMS segment in đồng, shown to the operator before a reply goes by SMS
    /// (default 800, a typical CSKH brandname price; set your contract's).
    public var smsSegmentPriceVND = 800

    /// `PAKN_SENDMAIL`: the sendmail-compatible command outbound mail is piped to, split on spaces (e.g.
    /// `/usr/sbin/sendmail` for Postfix, or `msmtp --account=pakn`); absent: e-mail is not sent, only recorded.
    public var sendmailCommand: [String]?
    /// `PAKN_MAIL_FROM`: our address in From and the envelope sender, e.g. `1022 Gia Lai <phananh@gialai.gov.vn>`;
    /// its domain ends our Message-IDs (channels.md §3.2). Needed with `PAKN_SENDMAIL`.
    public var mailFrom: String?
    /// `PAKN_AUTO_MAILS_PER_HOUR`: automatic mails to one address per hour, at most (default 5; channels.md §3.4).
    public var automaticMailsPerHour = 5

    /// Decrypts the secrets an admin stored in `settings` (``effective(base:on:)``); set by `configure` from
    /// `PAKN_SETTINGS_KEY` or the key file. `nil`: stored secrets are ignored.
    public var settingsCipher: SettingsCipher?

    public init() {}

    /// Reads the variables named on each property.
    public static func fromEnvironment(_ env: [String: String]) -> ChannelConfiguration {
        func value(_ name: String) -> String? { env[name].flatMap { $0.isEmpty ? nil : $0 } }
        var c = ChannelConfiguration()
        if let n = value("PAKN_WEBHOOK_MAX_BYTES").flatMap(Int.init) { c.webhookMaxBytes = n }
        if let n = value("PAKN_CONVERSATION_DAYS").flatMap(Int.init) { c.conversationWindowDays = n }
        if let n = value("PAKN_MAIL_MAX_BYTES").flatMap(Int.init) { c.mailMaxBytes = n }
        if let n = value("PAKN_CHAT_ATTACHMENT_MAX_BYTES").flatMap(Int.init), n > 0 { c.attachmentMaxBytes = n }
        c.zaloAppID = value("ZALO_APP_ID")
        c.zaloOASecretKey = value("ZALO_OA_SECRET_KEY")
        c.zaloAccessToken = value("ZALO_ACCESS_TOKEN")
        if let url = value("ZALO_API_BASE_URL") { c.zaloAPIBaseURL = url }
        c.zaloAppSecret = value("ZALO_APP_SECRET")
        c.zaloVerifierFile = value("ZALO_VERIFIER_FILE")
        c.zaloVerifierContent = value("ZALO_VERIFIER_CONTENT")
        c.zaloRefreshToken = value("ZALO_REFRESH_TOKEN")
        if let url = value("ZALO_OAUTH_BASE_URL") { c.zaloOAuthBaseURL = url }
        c.messengerAppSecret = value("MESSENGER_APP_SECRET")
        c.messengerVerifyToken = value("MESSENGER_VERIFY_TOKEN")
        c.messengerAppID = value("MESSENGER_APP_ID")
        c.messengerPageAccessToken = value("MESSENGER_PAGE_ACCESS_TOKEN")
        if let url = value("MESSENGER_API_BASE_URL") { c.messengerAPIBaseURL = url }
        c.ctiToken = value("PAKN_CTI_TOKEN")
        if let hours = value("PAKN_CALLBACK_WORKING_HOURS").flatMap(Double.init), hours > 0 { c.callbackWorkingHours = hours }
        c.esmsAPIKey = value("ESMS_API_KEY")
        c.esmsSecretKey = value("ESMS_SECRET_KEY")
        if let brand = value("ESMS_BRANDNAME") { c.esmsBrandname = brand }
        if let url = value("ESMS_BASE_URL") { c.esmsBaseURL = url }
        c.esmsPrivateKey = value("ESMS_PRIVATE_KEY")
        c.esmsSandbox = value("ESMS_SANDBOX").map { ["1", "true", "yes", "on"].contains($0.lowercased()) } ?? false
        c.smsUnaccented = value("PAKN_SMS_UNACCENTED").map { !["0", "false", "no", "off"].contains($0.lowercased()) } ?? true
        if let n = value("PAKN_SMS_PRICE_VND").flatMap(Int.init), n >= 0 { c.smsSegmentPriceVND = n }
        c.sendmailCommand = value("PAKN_SENDMAIL").map { $0.split(separator: " ").map(String.init) }
        c.mailFrom = value("PAKN_MAIL_FROM")
        if let n = value("PAKN_AUTO_MAILS_PER_HOUR").flatMap(Int.init), n >= 0 { c.automaticMailsPerHour = n }
        return c
    }
}
