import Fluent
import FluentPostgresDriver
import PostgresNIO
import Vapor

/// The migrations, in order, and how they are run.
enum Migrations {
    /// Every migration, in the order it runs.
    static let all: [any Migration] = [
        // 0001: initial schema.
        CreateReferenceTables(), CreateStaffTables(), CreateCaseTables(), CreateJobs(), SessionRecord.migration,
        // 0002: holiday calendar, settings, deadline clocks, staff notifications.
        CreateDeadlineTables(),
        // 0003: interoperability (Open311 attributes, partner API keys and updates, idempotency keys).
        CreateInteroperabilityTables(),
        // 0004: raw inbound channel events, conversation columns on messages; call log and blocklist.
        CreateChannelTables(), CreateCallTables(),
        // 0005: recordings on calls.
        AddCallRecordings(),
        // 0006: deadline clocks as JSON columns (jsonb on PostgreSQL); the deadline scan's next check, indexed;
        // messages found by provider id alone, indexed.
        ClocksAsJSON(), AddDeadlineChecks(), AddMessageProviderIndex(),
        // 0007: sessions with times, revocable per user; the second factor of staff accounts.
        CreateStaffSessions(), AddSecondFactor(),
        // 0008: the append-only audit of access and administration; notes public only once a coordinator approved them.
        CreateAuditLog(), AddNoteVisibility(), AddAnonymisedAt(), CreateDataSubjectRequests(), AddLookupIndexes(),
        // 0009: full-text indexes over the folded search texts (FTS5 on SQLite, GIN on PostgreSQL).
        AddFullTextSearch(),
        // 0010: the desk of operators and officers: answer templates.
        CreateAnswerTemplates(),
        // 0011: delivery of outbound messages in indexed columns (send status, receipt id and state, automatic).
        AddDeliveryColumns(),
        // 0012: the indexes keyset paging seeks in (the staff queue's order, the public list's).
        AddListOrderIndexes(),
        // 0013: each answer's working time stored, for statistics in SQL.
        AddAnswerWorkingSeconds(),
        // 0014: the maintained statistics: daily counters, the daily snapshot of open cases, the change log.
        CreateStatisticsCube(),
        // 0015: the knowledge base: articles, and which article answered which case.
        CreateKnowledgeBase(),
        // 0016: administrative units with versions (valid from / to) and the units before the 2025 reform.
        AddAdminUnitVersions(), CreateFormerUnits(),
        // 0017: the officer an agency names on its assignment.
        AddAssignmentOfficer(),
        // 0018: which notices staff also receive by e-mail or SMS.
        AddNoticePreferences(),
        // 0019: requests that came from the national PAKN portal, unique by the portal's id.
        CreateNationalPortalLinks(),
        // 0020: the switchboard extension an operator answers at (screen pop).
        AddOperatorExtension(),
        // 0021: requests brought over from the province's previous system, unique by their code there.
        CreateArchiveImports(),
        // 0022: rate-limit counters shared by every process on one PostgreSQL.
        CreateRateLimits(),
        // 0023: attachment bytes as content-addressed blobs in PostgreSQL, shared by every node.
        CreateAttachmentBlobs(),
        // 0024: the language a staff member chose for the back office.
        AddUserLanguage(),
        // 0025: the language a citizen wrote in, for the notices about their request.
        AddRequestLanguage(),
    ]

    static func register(on app: Application) {
        for migration in all { app.migrations.add(migration) }
    }

    /// Runs `work` (migrations and seeding) so that two processes starting at once on one PostgreSQL do it once:
    /// a session-level advisory lock, held on a connection of its own, makes the second process wait until the
    /// first has finished (it then finds nothing to do). SQLite is single-process: no lock.
    static func withStartupLock(on app: Application, _ work: () async throws -> Void) async throws {
        guard let url = app.paknConfiguration.databaseURL else {
            try await work()
            return
        }
        let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: app.logger)
        do {
            _ = try await connection.query("SELECT pg_advisory_lock(1022001)", logger: app.logger)
            // Closing the connection releases the lock, on success and on failure alike.
            try await work()
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Runs pending migrations under the startup lock.
    static func run(on app: Application) async throws {
        try await withStartupLock(on: app) { try await app.autoMigrate() }
    }
}
