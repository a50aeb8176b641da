import Fluent
import Foundation
@testable import PAKNServer
import Testing
import Vapor
import VaporTesting

/// Builds a real application per test, on a fresh database of the given kind.
enum TestApp {
    static let adminEmail = "admin@test.1022.local"
    static let adminPassword = "Admin-Pass-2026"
    static let demoPassword = "Demo-Pass-2026"

    static func baseConfiguration(dataDirectory: URL) -> AppConfiguration {
        var config = AppConfiguration(dataDirectory: dataDirectory)
        config.adminEmail = adminEmail
        config.adminPassword = adminPassword
        config.demoPassword = demoPassword
        config.submissionsPerHour = 10_000
        config.seedDemo = false
        // The provider peers of the tests listen on loopback (PAKN_FETCH_ALLOW as a test installation sets it).
        config.fetchAllow = AddressRange.list("127.0.0.1/32").ranges
        return config
    }

    /// Migrates and seeds reference data and the first admin (the template every test copies).
    static func prepare(_ config: AppConfiguration) async throws {
        let app = try await Application.make(.testing)
        do {
            app.passwords.use(.bcrypt(cost: 4))
            try await configure(app, config)
            try await bootstrap(app)
            try await app.asyncShutdown()
        } catch {
            await app.server.shutdown()   // a running-mode Browser may have started the real server
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Runs `body` with a booted application on a fresh copy of the template database.
    static func with(
        _ database: TestDatabase, modify: (inout AppConfiguration) -> Void = { _ in },
        _ body: (Application) async throws -> Void
    ) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var config = baseConfiguration(dataDirectory: dir)
        var dropDatabase: String?
        switch database {
        case .sqlite:
            let template = try await TemplateStore.shared.sqliteTemplateFile()
            try FileManager.default.copyItem(at: template, to: dir.appendingPathComponent("pakn.sqlite"))
        case .postgres:
            let name = try await TemplateStore.shared.createPostgresDatabase()
            config.databaseURL = try PostgresAdmin.url(database: name)
            dropDatabase = name
        }
        modify(&config)
        let app = try await Application.make(.testing)
        app.passwords.use(.bcrypt(cost: 4))
        do {
            try await configure(app, config)
            try await bootstrap(app)
            try await body(app)
        } catch {
            await app.server.shutdown()   // a running-mode Browser may have started the real server
            try? await app.asyncShutdown()
            try? FileManager.default.removeItem(at: dir)
            if let dropDatabase { try? await PostgresAdmin.execute("DROP DATABASE IF EXISTS \(dropDatabase) WITH (FORCE)") }
            throw error
        }
        await app.server.shutdown()
        try await app.asyncShutdown()
        try? FileManager.default.removeItem(at: dir)
        if let dropDatabase { try await PostgresAdmin.execute("DROP DATABASE IF EXISTS \(dropDatabase) WITH (FORCE)") }
    }
}
