import Fluent
import SQLKit

/// 0006: the deadline clocks of an assignment become JSON columns (`jsonb` on PostgreSQL), read and written as the
/// domain's `DeadlineClock` (issue 10 "Models store domain types"). The stored text already is that JSON, so every
/// row converts in place; SQLite keeps its text column (its JSON is text), nothing to do there.
struct ClocksAsJSON: AsyncMigration {
    func prepare(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        for column in ["acceptance_clock", "resolution_clock"] {
            try await sql.raw("ALTER TABLE assignments ALTER COLUMN \(ident: column) TYPE jsonb USING \(ident: column)::jsonb").run()
        }
    }

    func revert(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        for column in ["acceptance_clock", "resolution_clock"] {
            try await sql.raw("ALTER TABLE assignments ALTER COLUMN \(ident: column) TYPE text USING \(ident: column)::text").run()
        }
    }
}
