import Logging
import PAKNServer
import Vapor

// Logs go to standard error so that subcommands' standard output stays clean for scripts.
var environment = try Environment.detect()
// `pakn calendar` answers on standard output and reports bad input in one line: keep its logs quiet.
let isCalendarCommand = environment.arguments.dropFirst().first == "calendar"
let level = Logger.Level(rawValue: Environment.get("LOG_LEVEL") ?? (isCalendarCommand ? "critical" : "info")) ?? .info
// PAKN_LOG_FORMAT=json: one JSON object per line for a collector; otherwise plain text for a terminal.
let jsonLogs = Environment.get("PAKN_LOG_FORMAT")?.lowercased() == "json"
LoggingSystem.bootstrap { label in
    if jsonLogs {
        var handler = JSONLogHandler(label: label)
        handler.logLevel = level
        return handler
    }
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = level
    return handler
}
// `pakn restore FILE` runs before the application opens its database: the target must stay empty until the
// archive is in place.
if environment.arguments.dropFirst().first == "restore" {
    exit(await RestoreCommandLine.run(Array(environment.arguments.dropFirst(2)), config: AppConfiguration.fromEnvironment()))
}
let app = try await Application.make(environment)
do {
    var config = AppConfiguration.fromEnvironment()
    let command = environment.arguments.dropFirst().first
    // Without PAKN_PUBLIC_URL, the links the site sends (notices, look-up addresses) follow `--hostname`/`--port`.
    if command == nil || command == "serve", (Environment.get("PAKN_PUBLIC_URL") ?? "").isEmpty {
        config.publicURL = listeningURL(environment.arguments)
    }
    try await configure(app, config)
    if command == nil || command == "serve" {
        try await bootstrap(app)
        if config.runJobsInProcess { app.lifecycle.use(InProcessJobs()) }
        app.lifecycle.use(CallEventRelay())
        app.lifecycle.use(CallEventRelay(.cases))
        StandardOutput.line("1022 đang chạy / running: \(listeningURL(environment.arguments))")
    }
    try await app.execute()
} catch {
    // One line on standard error and exit status 1, never a crash report.
    app.logger.report(error: error)
    if isCalendarCommand { FileHandle.standardError.write(Data("\(error)\n".utf8)) }
    try? await app.asyncShutdown()
    // `pakn mail receive`: storage not reachable at start-up is EX_TEMPFAIL, so the MTA retries (README "E-mail").
    exit(environment.arguments.dropFirst().first == "mail" ? 75 : 1)
}
try await app.asyncShutdown()

/// The address `serve` listens on, from Vapor's `--hostname`/`-H` and `--port`/`-p` flags (defaults 127.0.0.1:8080).
func listeningURL(_ arguments: [String]) -> String {
    func value(_ names: [String]) -> String? {
        guard let index = arguments.firstIndex(where: names.contains), index + 1 < arguments.count else { return nil }
        return arguments[index + 1]
    }
    return "http://\(value(["--hostname", "-H"]) ?? "127.0.0.1"):\(value(["--port", "-p"]) ?? "8080")"
}
