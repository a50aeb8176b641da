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
    private var sqliteTemplate: Task<URL, Error>?
    private var postgresTemplate: Task<String, Error>?
    static let postgresTemplateDatabase = "pakn_test_template_\(ProcessInfo.processInfo.processIdentifier)"

    /// The SQLite template file, built by the first caller; later callers wait for the same task.
    func sqliteTemplateFile() async throws -> URL {
        if let task = sqliteTemplate { return try await task.value }
        let task = Task<URL, Error> {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-template-\(UUID().uuidString)")
            try await TestApp.prepare(TestApp.baseConfiguration(dataDirectory: dir))
            return dir.appendingPathComponent("pakn.sqlite")
        }
        sqliteTemplate = task
        return try await task.value
    }

    func postgresTemplateName() async throws -> String {
        if let task = postgresTemplate { return try await task.value }
        let task = Task<String, Error> {
            let name = Self.postgresTemplateDatabase
            try await PostgresAdmin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            try await PostgresAdmin.execute("CREATE DATABASE \(name)")
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-pgtemplate-\(UUID().uuidString)")
            var config = TestApp.baseConfiguration(dataDirectory: dir)
            config.databaseURL = try PostgresAdmin.url(database: name)
            try await TestApp.prepare(config)
            return name
        }
        postgresTemplate = task
        return try await task.value
    }

    private var tail: Task<Void, Never> = Task {}

    /// Runs `operation` after every earlier one has finished: PostgreSQL refuses two `CREATE DATABASE … TEMPLATE`
    /// copies of one template at the same time ("source database is being accessed by other users").
    func serialized<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = tail
        let task = Task { await previous.value; return try await operation() }
        tail = Task { _ = try? await task.value }
        return try await task.value
    }

    /// A new database copied from the migrated template.
    func createPostgresDatabase() async throws -> String {
        let template = try await postgresTemplateName()
        let name = "pakn_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
        try await serialized { try await PostgresAdmin.execute("CREATE DATABASE \(name) TEMPLATE \(template)") }
        return name
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
        do {
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            throw AppError(.internalServerError, "postgres_admin", "\(sql): \(String(reflecting: error))")
        }
    }
}
