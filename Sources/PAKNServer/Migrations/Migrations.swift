import Fluent
import FluentPostgresDriver
import PostgresNIO
import Vapor

/// The migrations, in order, and how they are run.
enum Migrations {
    static func register(on app: Application) {
        // 0001: initial schema.
        app.migrations.add(CreateReferenceTables())
        app.migrations.add(CreateStaffTables())
        app.migrations.add(CreateCaseTables())
        app.migrations.add(CreateJobs())
        app.migrations.add(SessionRecord.migration)
    }

    /// Runs pending migrations. On PostgreSQL a session-level advisory lock, held on a connection of its own,
    /// makes a second process wait until the first has migrated (then finds nothing to do).
    static func run(on app: Application) async throws {
        guard let url = app.paknConfiguration.databaseURL else {
            try await app.autoMigrate()
            return
        }
        let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: app.logger)
        do {
            _ = try await connection.query("SELECT pg_advisory_lock(1022001)", logger: app.logger)
            do {
                try await app.autoMigrate()
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(1022001)", logger: app.logger)
                throw error
            }
            _ = try await connection.query("SELECT pg_advisory_unlock(1022001)", logger: app.logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
