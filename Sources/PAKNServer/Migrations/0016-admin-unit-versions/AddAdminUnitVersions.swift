import Fluent
import SQLKit

/// 0016: administrative units get versions (issue 15 item 7). `provinces` and `communes` get `valid_from` (ISO day,
/// Asia/Ho_Chi_Minh; the units in force when this runs are those of QĐ 19/2025/QĐ-TTg, in force since 2025-07-01,
/// which is the column's default) and `valid_to` (the last day in force; null while in force). A unit that stops
/// existing is never deleted (requests, agencies and routing rules reference it): `pakn units import` gives it a
/// `valid_to`. Each column is added only when missing, one per ALTER (SQLite adds one at a time), so a run stopped
/// half-way repeats cleanly.
struct AddAdminUnitVersions: AsyncMigration {
    func prepare(on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        for table in [Province.schema, Commune.schema] {
            let existing = try await Self.columns(of: table, on: sql)
            if !existing.contains("valid_from") {
                try await db.schema(table).field("valid_from", .string, .required, .sql(.default(FormerUnitSeeder.reformDay))).update()
            }
            if !existing.contains("valid_to") { try await db.schema(table).field("valid_to", .string).update() }
        }
    }

    func revert(on db: Database) async throws {
        for table in [Commune.schema, Province.schema] {
            try await db.schema(table).deleteField("valid_to").update()
            try await db.schema(table).deleteField("valid_from").update()
        }
    }

    /// The column names of `table`.
    static func columns(of table: String, on sql: any SQLDatabase) async throws -> Set<String> {
        let query: SQLQueryString = sql.dialect.name == "sqlite"
            ? "SELECT name FROM pragma_table_info(\(bind: table))"
            : "SELECT column_name AS name FROM information_schema.columns WHERE table_name = \(bind: table) AND table_schema = current_schema()"
        return Set(try await sql.raw(query).all().compactMap { try? $0.decode(column: "name", as: String.self) })
    }
}
