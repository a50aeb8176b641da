import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import NIOCore
import PAKNDomain
import SQLKit
import Vapor

extension Application {
    private struct ConfigurationKey: StorageKey { typealias Value = AppConfiguration }
    private struct RateLimiterKey: StorageKey { typealias Value = RateLimiter }

    /// The deployment's configuration, set by `configure`.
    public var paknConfiguration: AppConfiguration {
        get { storage[ConfigurationKey.self]! }
        set { storage[ConfigurationKey.self] = newValue }
    }

    var rateLimiter: RateLimiter {
        if let limiter = storage[RateLimiterKey.self] { return limiter }
        let limiter = RateLimiter(shared: db as? any SQLDatabase, logger: logger)
        storage[RateLimiterKey.self] = limiter
        return limiter
    }
}

extension Request {
    var paknConfiguration: AppConfiguration { application.paknConfiguration }
}

/// Configures the application: database, sessions, middleware, migrations, commands and routes.
/// Does not touch the database; `bootstrap` migrates and seeds.
/// Loads the key of the secrets stored in `settings` (``SettingsCipher``) unless the configuration already has one.
public func configure(_ app: Application, _ given: AppConfiguration) async throws {
    var prepared = given
    try FileManager.default.createDirectory(at: prepared.dataDirectory, withIntermediateDirectories: true)
    if prepared.channels.settingsCipher == nil {
        prepared.channels.settingsCipher = try SettingsCipher.load(environmentKey: prepared.settingsKey, dataDirectory: prepared.dataDirectory)
    }
    let config = prepared
    app.paknConfiguration = config
    // Downloads a stopped process left half-written in the temporary folder.
    TableExport.removeStaleFolders()

    if let url = config.databaseURL {
        var postgres = try SQLPostgresConfiguration(url: url)
        postgres.searchPath = ["public"]
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: 4, sqlLogLevel: .debug), as: .psql)
    } else {
        let file = config.dataDirectory.appendingPathComponent("pakn.sqlite").path
        app.databases.use(.sqlite(.file(file), maxConnectionsPerEventLoop: 1, sqlLogLevel: .debug), as: .sqlite)
    }

    Migrations.register(on: app)

    let sessionPolicy = config.sessions
    app.sessions.use { _ in StaffSessionDriver(policy: sessionPolicy) }
    app.sessions.configuration.cookieName = "pakn_session"
    app.sessions.configuration.cookieFactory = { sessionID in
        // No max-age: the cookie ends with the browser; the server ends the session itself (`SessionPolicy`).
        HTTPCookies.Value(string: sessionID.string, expires: nil, maxAge: nil, domain: nil, path: "/",
                          isSecure: config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    app.middleware = Middlewares()
    app.middleware.use(MetricsMiddleware(metrics: app.metrics))
    // Made here, before any request: storage is not a place for two requests to create the same thing at once.
    _ = app.publicStatisticsCache
    app.englishCatalogue = TranslationCatalogue.shippedEnglish.adding(config.identity.englishNames)
    app.middleware.use(RequestLogMiddleware())
    // Outside the error page: error responses carry the security headers too.
    app.middleware.use(SecurityHeadersMiddleware(strictTransport: config.secureCookies, tileOrigin: config.map.tileOrigin))
    if let cipher = config.channels.settingsCipher {
        app.visitorCookie = VisitorCookie(key: cipher.derivedKey(for: VisitorCookie.purpose))
    }
    app.middleware.use(VisitorCookieMiddleware(secure: config.secureCookies, lifetime: config.sessions.visitorLifetime))
    app.middleware.use(LanguageMiddleware(secureCookies: config.secureCookies))
    app.middleware.use(ErrorPageMiddleware())
    // Our scripts and styles (the maps' enhancement and Leaflet), before sessions: a file never touches one.
    if let files = Bundle.module.url(forResource: "Resources/public", withExtension: nil) {
        app.middleware.use(StaticFilesMiddleware(directory: files.path + "/"))
    }
    for warning in config.warnings { app.logger.warning("\(warning)") }
    app.middleware.use(app.sessions.middleware)
    app.middleware.use(ETagMiddleware())
    app.routes.defaultMaxBodySize = "1mb"

    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(SeedCommand(), as: "seed")
    app.asyncCommands.use(JobsCommand(), as: "jobs")
    app.asyncCommands.use(CalendarCommand(), as: "calendar")
    app.asyncCommands.use(APIKeyCommand(), as: "api-key")
    app.asyncCommands.use(MailCommand(), as: "mail")
    app.asyncCommands.use(MaskCommand(), as: "mask")
    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(ForecastCommand(), as: "forecast")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(StatsCommand(), as: "stats")
    app.asyncCommands.use(SuggestCommands(), as: "suggest")
    app.asyncCommands.use(SyncCommands(), as: "sync")
    app.asyncCommands.use(UnitsCommand(), as: "units")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(AttachmentsCommand(), as: "attachments")

    try routes(app)
    if config.databaseURL == nil { try await tuneSQLite(app) }
}

/// SQLite answers "database is locked" at once when two connections write together, unless a busy timeout
/// is set. The pool keeps one connection per event loop, so setting it once through each loop's pool covers
/// every connection the application uses.
func tuneSQLite(_ app: Application) async throws {
    for loop in app.eventLoopGroup.makeIterator() {
        guard let db = app.databases.database(.sqlite, logger: app.logger, on: loop) as? any SQLDatabase else { continue }
        // Write-ahead log: readers do not wait for the writer, and a commit is one append (issue 12: twice the creates
        // per second). synchronous=FULL keeps an acknowledged request through a power cut (in WAL mode NORMAL may lose
        // the last commits). Both, and the busy timeout, hold per connection; journal_mode also stays in the file.
        try await db.raw("PRAGMA journal_mode = WAL").run()
        try await db.raw("PRAGMA synchronous = FULL").run()
        try await db.raw("PRAGMA busy_timeout = 10000").run()
    }
}

/// Migrates (under a PostgreSQL advisory lock, so two processes starting at once do not migrate twice),
/// seeds reference data, creates the first admin and, when configured, the demo data.
/// Prints the first admin's login (and generated passwords) once to standard output.
public func bootstrap(_ app: Application) async throws {
    let config = app.paknConfiguration
    try await Migrations.withStartupLock(on: app) {
        try await app.autoMigrate()
        try await ReferenceSeeder.seed(on: app.db, logger: app.logger)
        try await DeadlineStore.seedIfEmpty(on: app.db)
        try await ServiceAttributeSeeder.seedIfEmpty(on: app.db)
        if let login = try await AdminBootstrap.ensureAdmin(on: app.db, config: config, hasher: app.password) {
            StandardOutput.line("Tài khoản quản trị đầu tiên / first admin: \(login.email)  mật khẩu / password: \(login.password)")
        }
        if config.seedDemo, let demo = try await DemoSeeder.seedIfEmpty(on: app.db, config: config, hasher: app.password, logger: app.logger) {
            StandardOutput.line("Dữ liệu mẫu / demo users (mật khẩu / password: \(demo.password)): \(demo.emails.joined(separator: ", "))")
        }
        if config.benchProbe { try await BenchProbe.prepare(on: app.db) }
        // Planner statistics after the migrations and the seed (then hourly, with the purges).
        if let sql = app.db as? any SQLDatabase, sql.dialect.name == "sqlite" { try await sql.raw("PRAGMA optimize").run() }
    }
}

/// Unbuffered lines on standard output, for what a person or a script must see (logs go to standard error).
public enum StandardOutput {
    public static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
