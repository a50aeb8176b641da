import Fluent
import SQLKit

/// 0014: the maintained statistics (issue 12 item 4, `StatisticsCube`).
///
/// - `statistics_daily`: per day of Asia/Ho_Chi_Minh, counters by lead agency × field × channel × commune ×
///   urgency × status × on-time, for three measures (requests received, lead assignments forwarded, lead answers
///   given with their working seconds and histogram bucket);
/// - `statistics_open_daily`: once a day, the open cases by the same keys and whether they were overdue;
/// - `statistics_changes`: the instants whose day must be counted again, written by triggers on
///   `service_requests` and `assignments` in the transaction of every change to a counted column, so that no code
///   path (workflow, triage, merge, import, a hand-made UPDATE) can change a case without its days being
///   recounted. An append-only log rather than one row per day: concurrent creates would all wait on today's row.
///
/// Existing archives are counted by `StatisticsCube.rebuild` at the end of the migration.
struct CreateStatisticsCube: AsyncMigration {
    func prepare(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let postgres = sql.dialect.name == "postgresql"
        let uuid = postgres ? "UUID" : "BLOB", double = postgres ? "DOUBLE PRECISION" : "REAL"
        let serial = postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT"
        let instant = postgres ? "TIMESTAMPTZ" : "REAL"
        try await sql.raw("""
            CREATE TABLE IF NOT EXISTS statistics_daily (
                day TEXT NOT NULL, measure TEXT NOT NULL, agency_id \(unsafeRaw: uuid),
                service_code TEXT NOT NULL, channel TEXT NOT NULL, commune_code TEXT NOT NULL, urgency TEXT NOT NULL,
                status TEXT NOT NULL, outcome TEXT NOT NULL, bucket INTEGER NOT NULL,
                n INTEGER NOT NULL, accepted INTEGER NOT NULL, returned INTEGER NOT NULL, on_time_original INTEGER NOT NULL,
                timed INTEGER NOT NULL, seconds_sum \(unsafeRaw: double) NOT NULL, seconds_max \(unsafeRaw: double))
            """).run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_statistics_daily ON statistics_daily (measure, day)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_statistics_daily_agency ON statistics_daily (agency_id, measure, day)").run()
        // A day's recount deletes its rows first: without this, every recount scanned the whole table.
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_statistics_daily_day ON statistics_daily (day)").run()
        try await sql.raw("""
            CREATE TABLE IF NOT EXISTS statistics_open_daily (
                day TEXT NOT NULL, agency_id \(unsafeRaw: uuid),
                service_code TEXT NOT NULL, channel TEXT NOT NULL, commune_code TEXT NOT NULL, urgency TEXT NOT NULL,
                status TEXT NOT NULL, overdue BOOLEAN NOT NULL, n INTEGER NOT NULL)
            """).run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_statistics_open_daily ON statistics_open_daily (day)").run()
        // Each day's recount reads the lead assignments forwarded that day.
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_assignments_forwarded ON assignments (role, forwarded_at)").run()
        try await sql.raw("CREATE TABLE IF NOT EXISTS statistics_changes (id \(unsafeRaw: serial), at \(unsafeRaw: instant) NOT NULL)").run()
        for statement in postgres ? Self.postgresTriggers : Self.sqliteTriggers { try await sql.raw(SQLQueryString(statement)).run() }
        try await StatisticsCube.rebuild(on: db)
    }

    func revert(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP TRIGGER IF EXISTS statistics_request_changed ON service_requests").run()
            try await sql.raw("DROP TRIGGER IF EXISTS statistics_assignment_changed ON assignments").run()
            try await sql.raw("DROP FUNCTION IF EXISTS statistics_request_changed()").run()
            try await sql.raw("DROP FUNCTION IF EXISTS statistics_assignment_changed()").run()
        } else {
            for name in ["request_insert", "request_update", "request_delete", "assignment_insert", "assignment_update", "assignment_delete"] {
                try await sql.raw("DROP TRIGGER IF EXISTS statistics_\(unsafeRaw: name)").run()
            }
        }
        try await sql.raw("DROP INDEX IF EXISTS idx_assignments_forwarded").run()
        for table in ["statistics_changes", "statistics_open_daily", "statistics_daily"] {
            try await sql.raw("DROP TABLE IF EXISTS \(ident: table)").run()
        }
    }

    /// The columns whose change moves a case between cells.
    static let requestColumns = "status, lead_agency_id, service_code, channel, commune_code, urgency, restricted, received_at"
    static let assignmentColumns = "request_id, agency_id, role, status, forwarded_at, accepted_at, answered_at, outcome, outcome_original, answer_working_seconds"

    /// SQLite: one trigger per event. A request's change also recounts the days its lead assignments were forwarded
    /// and answered on (their cells carry the request's field, channel, commune and urgency).
    static let sqliteTriggers: [String] = [
        """
        CREATE TRIGGER IF NOT EXISTS statistics_request_insert AFTER INSERT ON service_requests BEGIN
            INSERT INTO statistics_changes (at) VALUES (NEW.received_at);
        END
        """,
        """
        CREATE TRIGGER IF NOT EXISTS statistics_request_update AFTER UPDATE OF \(requestColumns) ON service_requests BEGIN
            INSERT INTO statistics_changes (at) VALUES (OLD.received_at);
            INSERT INTO statistics_changes (at) SELECT NEW.received_at WHERE NEW.received_at IS NOT OLD.received_at;
            INSERT INTO statistics_changes (at) SELECT forwarded_at FROM assignments WHERE request_id = NEW.id AND role = 'lead';
            INSERT INTO statistics_changes (at) SELECT answered_at FROM assignments
                WHERE request_id = NEW.id AND role = 'lead' AND answered_at IS NOT NULL;
        END
        """,
        """
        CREATE TRIGGER IF NOT EXISTS statistics_request_delete AFTER DELETE ON service_requests BEGIN
            INSERT INTO statistics_changes (at) VALUES (OLD.received_at);
        END
        """,
        """
        CREATE TRIGGER IF NOT EXISTS statistics_assignment_insert AFTER INSERT ON assignments WHEN NEW.role = 'lead' BEGIN
            INSERT INTO statistics_changes (at) VALUES (NEW.forwarded_at);
            INSERT INTO statistics_changes (at) SELECT NEW.answered_at WHERE NEW.answered_at IS NOT NULL;
        END
        """,
        """
        CREATE TRIGGER IF NOT EXISTS statistics_assignment_update AFTER UPDATE OF \(assignmentColumns) ON assignments
        WHEN NEW.role = 'lead' OR OLD.role = 'lead' BEGIN
            INSERT INTO statistics_changes (at) VALUES (OLD.forwarded_at);
            INSERT INTO statistics_changes (at) SELECT NEW.forwarded_at WHERE NEW.forwarded_at IS NOT OLD.forwarded_at;
            INSERT INTO statistics_changes (at) SELECT OLD.answered_at WHERE OLD.answered_at IS NOT NULL;
            INSERT INTO statistics_changes (at) SELECT NEW.answered_at
                WHERE NEW.answered_at IS NOT NULL AND NEW.answered_at IS NOT OLD.answered_at;
        END
        """,
        """
        CREATE TRIGGER IF NOT EXISTS statistics_assignment_delete AFTER DELETE ON assignments WHEN OLD.role = 'lead' BEGIN
            INSERT INTO statistics_changes (at) VALUES (OLD.forwarded_at);
            INSERT INTO statistics_changes (at) SELECT OLD.answered_at WHERE OLD.answered_at IS NOT NULL;
        END
        """,
    ]

    /// PostgreSQL: one PL/pgSQL function per table (PL/pgSQL is built into every PostgreSQL since 9.0).
    static let postgresTriggers: [String] = [
        """
        CREATE OR REPLACE FUNCTION statistics_request_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            -- OLD is not set on INSERT nor NEW on DELETE: each is read only under its own operation.
            IF TG_OP = 'INSERT' THEN
                INSERT INTO statistics_changes (at) VALUES (NEW.received_at);
            ELSIF TG_OP = 'DELETE' THEN
                INSERT INTO statistics_changes (at) VALUES (OLD.received_at);
            ELSE
                INSERT INTO statistics_changes (at) VALUES (OLD.received_at);
                IF NEW.received_at IS DISTINCT FROM OLD.received_at THEN
                    INSERT INTO statistics_changes (at) VALUES (NEW.received_at);
                END IF;
                INSERT INTO statistics_changes (at)
                    SELECT forwarded_at FROM assignments WHERE request_id = NEW.id AND role = 'lead'
                    UNION ALL
                    SELECT answered_at FROM assignments WHERE request_id = NEW.id AND role = 'lead' AND answered_at IS NOT NULL;
            END IF;
            RETURN NULL;
        END
        $$
        """,
        "DROP TRIGGER IF EXISTS statistics_request_changed ON service_requests",
        """
        CREATE TRIGGER statistics_request_changed AFTER INSERT OR DELETE OR UPDATE OF \(requestColumns) ON service_requests
        FOR EACH ROW EXECUTE FUNCTION statistics_request_changed()
        """,
        """
        CREATE OR REPLACE FUNCTION statistics_assignment_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                IF OLD.role = 'lead' THEN
                    INSERT INTO statistics_changes (at) VALUES (OLD.forwarded_at);
                    IF OLD.answered_at IS NOT NULL THEN INSERT INTO statistics_changes (at) VALUES (OLD.answered_at); END IF;
                END IF;
            END IF;
            IF TG_OP = 'INSERT' THEN
                IF NEW.role = 'lead' THEN
                    INSERT INTO statistics_changes (at) VALUES (NEW.forwarded_at);
                    IF NEW.answered_at IS NOT NULL THEN INSERT INTO statistics_changes (at) VALUES (NEW.answered_at); END IF;
                END IF;
            ELSIF TG_OP = 'UPDATE' THEN
                IF NEW.role = 'lead' THEN
                    IF NEW.forwarded_at IS DISTINCT FROM OLD.forwarded_at OR OLD.role <> 'lead' THEN
                        INSERT INTO statistics_changes (at) VALUES (NEW.forwarded_at);
                    END IF;
                    IF NEW.answered_at IS NOT NULL AND (NEW.answered_at IS DISTINCT FROM OLD.answered_at OR OLD.role <> 'lead') THEN
                        INSERT INTO statistics_changes (at) VALUES (NEW.answered_at);
                    END IF;
                END IF;
            END IF;
            RETURN NULL;
        END
        $$
        """,
        "DROP TRIGGER IF EXISTS statistics_assignment_changed ON assignments",
        """
        CREATE TRIGGER statistics_assignment_changed AFTER INSERT OR DELETE OR UPDATE OF \(assignmentColumns) ON assignments
        FOR EACH ROW EXECUTE FUNCTION statistics_assignment_changed()
        """,
    ]
}
