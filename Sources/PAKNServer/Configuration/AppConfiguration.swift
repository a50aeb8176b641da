import Foundation

/// The deployment's configuration, read once from the environment (README "Configuration").
/// Tests build one directly and override single values.
public struct AppConfiguration: Sendable {
    /// `DATABASE_URL`: `postgres://user:pass@host:port/db` selects PostgreSQL; absent selects SQLite.
    public var databaseURL: String?
    /// `PAKN_DATA_DIR` made absolute (default `./data`): the SQLite file and attachments live here.
    public var dataDirectory: URL
    /// `PAKN_PUBLIC_URL`: the site's address as citizens see it, used in links sent out (default http://127.0.0.1:8080).
    public var publicURL: String
    /// `PAKN_ADMIN_EMAIL`: the first admin's login (default admin@1022.local).
    public var adminEmail: String
    /// `PAKN_ADMIN_PASSWORD`: the first admin's password; absent: generated and printed once.
    public var adminPassword: String?
    /// `PAKN_DEMO`: seed demo agencies, users and the 240 sample requests. Default: on for SQLite, off for PostgreSQL.
    public var seedDemo: Bool
    /// `PAKN_DEMO_PASSWORD`: the demo users' password; absent: generated and printed once.
    public var demoPassword: String?
    /// `PAKN_PROVINCE`: the deployment's province code (default "52", Gia Lai after the 2025 merger).
    public var provinceCode: String
    /// `PAKN_JOBS`: run the job worker inside `pakn serve` (default on; "0" turns it off).
    public var runJobsInProcess: Bool
    /// `PAKN_BENCH_PROBE`: answer `POST /bench/insert` (`BenchProbe`), the benchmark's bare one-row insert through
    /// the same stack (default off; `scripts/bench` turns it on for its own server only).
    public var benchProbe = false
    /// `PAKN_DUPLICATE_WINDOW_DAYS`: requests received this many days before or after a request are compared with it
    /// for the duplicate suggestions at triage (default 14, 1…365).
    public var duplicateWindowDays = 14
    /// `PAKN_SUBMISSIONS_PER_HOUR`: public submissions allowed per client address per hour (default 20).
    public var submissionsPerHour: Int
    /// Largest accepted attachment, in bytes (`PAKN_MAX_ATTACHMENT_BYTES`, default 10 MiB).
    public var maxAttachmentBytes: Int
    /// At most this many attachments per submission or answer (5).
    public var maxAttachments: Int
    /// The version of the privacy notice citizens consent to; recorded on each request.
    public var privacyNoticeVersion: String
    /// Days after publication in which the citizen may re-open a case (`PAKN_REOPEN_DAYS`, default 30).
    public var reopenWindowDays: Int
    /// Working hours after a due instant before an overdue case is escalated to the provincial leaders
    /// (`PAKN_ESCALATE_PROVINCIAL_HOURS`, default 8 = one working day).
    public var provincialEscalationAfterWorkingHours: Double
    /// `PAKN_REPORT_START_DAY`: the day of the month reporting periods begin on, 1…28 (default 1: calendar months,
    /// quarters and years; 15: the cut-off of Nghị định 09/2019/NĐ-CP art. 12). Another value is ignored.
    public var reportStartDay: Int
    /// `PAKN_JURISDICTION_ID`: this deployment's Open311 `jurisdiction_id` (default "gialai.gov.vn"). A call that
    /// names another jurisdiction answers 404 (Open311 GeoReport v2 §"jurisdiction_id").
    public var jurisdictionID: String
    /// `PAKN_OPEN311_DEFAULT_COMMUNE`: the commune code given to an Open311 request whose commune cannot be read
    /// from `attribute[commune_code]` or `address_string` (the operator corrects it at triage); absent: such a
    /// request is refused with 400.
    public var open311DefaultCommune: String?
    /// How the site names itself: service, authority, hotline and hours, logo and favicon (``SiteIdentity``).
    public var identity = SiteIdentity()
    /// Channel settings: provider secrets and base URLs (issue 4; README "Channels"). The environment's values;
    /// the admin's overrides in `settings` apply over them at the time of use (``ChannelConfiguration/effective(base:on:)``).
    public var channels = ChannelConfiguration()
    /// `PAKN_SETTINGS_KEY`: base64 of the 32-byte AES-256-GCM key of the secrets stored in `settings`; absent: the key
    /// file `settings.key` in the data directory, generated once with mode 0600 (``SettingsCipher``).
    public var settingsKey: String?
    /// `PAKN_CORS_ORIGINS`: comma-separated origins (`https://app.gialai.gov.vn`) whose pages may write to `/api/v1`
    /// from a browser; besides them only the site's own origin (`publicURL`) may. Reads stay open to any origin.
    public var corsOrigins: [String] = []
    /// `PAKN_FETCH_ALLOW` (environment only): CIDRs of internal addresses server-side fetches may reach anyway (tests and
    /// staging against local peers). Without it, loopback, private and link-local hosts are refused (`FetchPolicy`).
    var fetchAllow: [AddressRange] = []
    /// `PAKN_TRUSTED_PROXIES`: CIDRs of the reverse proxies (nginx) whose `Forwarded`/`X-Forwarded-For` name the
    /// client; without it those headers are ignored (`ClientAddress`).
    var trustedProxies: [AddressRange] = []
    /// The growing delay after failed logins (`LoginThrottle`); `PAKN_LOGIN_DELAY_MAX_SECONDS` sets its longest step
    /// (default 30; 0 turns it off, for a test harness that sends thousands of wrong logins on purpose).
    var loginThrottle = LoginThrottle()
    /// How long operational rows are kept (`Retention`: `PAKN_RETAIN_*`).
    var retention = Retention()
    /// `PAKN_METRICS_TOKEN`: the bearer token `/metrics` asks for; absent: only scrapes from the machine itself.
    var metricsToken: String?
    /// Session timeouts (`SessionPolicy`: `PAKN_SESSION_IDLE_MINUTES`, `PAKN_SESSION_MAX_HOURS`).
    var sessions = SessionPolicy()
    /// The maps' optional tile layer (`MapSettings`: `PAKN_MAP_TILES`, `PAKN_MAP_ATTRIBUTION`, `PAKN_MAP_CENTER`).
    public var map = MapSettings()
    /// `PAKN_NATIONAL_SYNC_URL` (environment only: it decides where the token goes): where the outbox POSTs each
    /// public change of a non-restricted request as a `pakn-sync/1` record (`NationalPortalDelivery`,
    /// docs/national-portal-sync.md); absent or empty: nothing is queued.
    public var nationalSyncURL: String?
    /// `PAKN_NATIONAL_SYNC_TOKEN` (environment only, a secret): sent as `Authorization: Bearer …` with each POST;
    /// absent: no `Authorization` header.
    public var nationalSyncToken: String?
    /// What reading the environment found wrong but could go on without, logged at start.
    var warnings: [String] = []
    /// Mark session cookies `Secure` (on when `publicURL` is https).
    public var secureCookies: Bool { publicURL.lowercased().hasPrefix("https://") }

    /// Defaults for `dataDirectory`, used by tests.
    public init(dataDirectory: URL, databaseURL: String? = nil) {
        self.databaseURL = databaseURL
        self.dataDirectory = dataDirectory
        self.publicURL = "http://127.0.0.1:8080"
        self.adminEmail = "admin@1022.local"
        self.adminPassword = nil
        self.seedDemo = false
        self.demoPassword = nil
        self.provinceCode = "52"
        self.runJobsInProcess = false
        self.submissionsPerHour = 20
        self.maxAttachmentBytes = 10 * 1024 * 1024
        self.maxAttachments = 5
        self.privacyNoticeVersion = "2026-01"
        self.reopenWindowDays = 30
        self.provincialEscalationAfterWorkingHours = 8
        self.reportStartDay = 1
        self.jurisdictionID = "gialai.gov.vn"
        self.open311DefaultCommune = nil
    }

    /// Reads the environment (see the README for every variable).
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> AppConfiguration {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let dataDir = URL(fileURLWithPath: env["PAKN_DATA_DIR"] ?? "data", relativeTo: cwd).standardizedFileURL
        var config = AppConfiguration(dataDirectory: dataDir, databaseURL: env["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 })
        if let url = env["PAKN_PUBLIC_URL"], !url.isEmpty { config.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url }
        if let email = env["PAKN_ADMIN_EMAIL"], !email.isEmpty { config.adminEmail = email }
        config.adminPassword = env["PAKN_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        config.demoPassword = env["PAKN_DEMO_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        config.seedDemo = env["PAKN_DEMO"].map(Self.flag) ?? (config.databaseURL == nil)
        if let province = env["PAKN_PROVINCE"], !province.isEmpty { config.provinceCode = province }
        config.runJobsInProcess = env["PAKN_JOBS"].map(Self.flag) ?? true
        config.benchProbe = env["PAKN_BENCH_PROBE"].map(Self.flag) ?? false
        if let n = env["PAKN_DUPLICATE_WINDOW_DAYS"].flatMap(Int.init), (1...365).contains(n) { config.duplicateWindowDays = n }
        if let n = env["PAKN_SUBMISSIONS_PER_HOUR"].flatMap(Int.init) { config.submissionsPerHour = n }
        if let n = env["PAKN_MAX_ATTACHMENT_BYTES"].flatMap(Int.init) { config.maxAttachmentBytes = n }
        if let n = env["PAKN_REOPEN_DAYS"].flatMap(Int.init) { config.reopenWindowDays = n }
        if let n = env["PAKN_ESCALATE_PROVINCIAL_HOURS"].flatMap(Double.init) { config.provincialEscalationAfterWorkingHours = n }
        if let day = env["PAKN_REPORT_START_DAY"].flatMap(Int.init), (1...28).contains(day) { config.reportStartDay = day }
        if let id = env["PAKN_JURISDICTION_ID"], !id.isEmpty { config.jurisdictionID = id }
        config.open311DefaultCommune = env["PAKN_OPEN311_DEFAULT_COMMUNE"].flatMap { $0.isEmpty ? nil : $0 }
        config.channels = ChannelConfiguration.fromEnvironment(env)
        config.identity = SiteIdentity.fromEnvironment(env, cwd: cwd)
        config.settingsKey = env["PAKN_SETTINGS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        config.fetchAllow = AddressRange.list(env["PAKN_FETCH_ALLOW"]).ranges
        config.retention = Retention.fromEnvironment(env)
        config.sessions = SessionPolicy.fromEnvironment(env)
        (config.map, config.warnings) = MapSettings.fromEnvironment(env)
        config.metricsToken = env["PAKN_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        config.nationalSyncURL = env["PAKN_NATIONAL_SYNC_URL"].flatMap { $0.isEmpty ? nil : $0 }
        config.nationalSyncToken = env["PAKN_NATIONAL_SYNC_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let seconds = env["PAKN_LOGIN_DELAY_MAX_SECONDS"].flatMap(Double.init), seconds >= 0, seconds.isFinite {
            config.loginThrottle.maximum = seconds
        }
        config.trustedProxies = AddressRange.list(env["PAKN_TRUSTED_PROXIES"]).ranges
        config.corsOrigins = (env["PAKN_CORS_ORIGINS"] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return config
    }

    private static func flag(_ value: String) -> Bool {
        ["1", "true", "yes", "on"].contains(value.lowercased())
    }
}
