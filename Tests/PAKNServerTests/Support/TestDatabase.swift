import FluentPostgresDriver
import Foundation
import PostgresNIO
@testable import PAKNServer
import Vapor

/// The databases every HTTP test runs on: SQLite always; PostgreSQL when `PAKN_TEST_POSTGRES_URL` names a
/// server where the test user may create databases (scripts/test starts a throwaway cluster).
enum TestDatabase: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres

    var description: String { rawValue }

    static var adminURL: String? {
        ProcessInfo.processInfo.environment["PAKN_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var available: [TestDatabase] { adminURL == nil ? [.sqlite] : [.sqlite, .postgres] }
}

/// Builds the migrated and seeded template once per test process (per database kind), then gives each test
/// a fresh copy: a copied SQLite file, or `CREATE DATABASE … TEMPLATE` on PostgreSQL (style.md).
actor TemplateStore {
    static let shared = TemplateStore()
    private var sqliteTemplate: URL?
    private var postgresReady = false
    static let postgresTemplate = "pakn_test_template_\(ProcessInfo.processInfo.processIdentifier)"

    func sqliteTemplateFile() async throws -> URL {
        if let url = sqliteTemplate { return url }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-template-\(UUID().uuidString)")
        let config = TestApp.baseConfiguration(dataDirectory: dir)
        try await TestApp.prepare(config)
        let url = dir.appendingPathComponent("pakn.sqlite")
        sqliteTemplate = url
        return url
    }

    func postgresTemplateName() async throws -> String {
        if postgresReady { return Self.postgresTemplate }
        try await PostgresAdmin.execute("DROP DATABASE IF EXISTS \(Self.postgresTemplate) WITH (FORCE)")
        try await PostgresAdmin.execute("CREATE DATABASE \(Self.postgresTemplate)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-pgtemplate-\(UUID().uuidString)")
        var config = TestApp.baseConfiguration(dataDirectory: dir)
        config.databaseURL = try PostgresAdmin.url(database: Self.postgresTemplate)
        try await TestApp.prepare(config)
        postgresReady = true
        return Self.postgresTemplate
    }
}

/// Statements on the PostgreSQL server itself (create and drop test databases).
enum PostgresAdmin {
    static func url(database: String) throws -> String {
        guard let admin = TestDatabase.adminURL, var components = URLComponents(string: admin) else {
            throw AppError(.internalServerError, "no_postgres", "PAKN_TEST_POSTGRES_URL is not set")
        }
        components.path = "/" + database
        return components.string!
    }

    static func execute(_ sql: String) async throws {
        guard let admin = TestDatabase.adminURL else { return }
        let configuration = try SQLPostgresConfiguration(url: admin).coreConfiguration
        let logger = Logger(label: "test-postgres-admin")
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        defer { Task { try? await connection.close() } }
        _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }
}
