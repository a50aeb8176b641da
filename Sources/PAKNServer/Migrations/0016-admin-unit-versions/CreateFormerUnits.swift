import Fluent
import SQLKit

/// 0016: `former_units`, the units before the 2025 reform and the current commune(s) each went into: one row per
/// row of `Resources/admin-units-history/mapping-2025.csv` (old codes and names, the current commune's code,
/// name as the file gives it and province, the note: whole, `split;default`, `split`, `district-without-communes`; `valid_to` 2025-06-30). Filled by
/// `FormerUnitSeeder` at the next seeding (start, `pakn migrate`, `pakn seed`). Old codes are indexed for the look-up
/// by (old province, old commune); they are never compared with current codes.
struct CreateFormerUnits: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(FormerUnitRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("old_province_code", .string, .required)
            .field("old_province_name", .string, .required)
            .field("old_district_code", .string, .required)
            .field("old_district_name", .string, .required)
            .field("old_commune_code", .string)
            .field("old_commune_name", .string)
            .field("new_province_code", .string, .required)
            .field("new_commune_code", .string, .required, .references(Commune.schema, "code"))
            .field("new_commune_name", .string, .required)
            .field("note", .string, .required)
            .field("valid_to", .string, .required)
            .ignoreExisting()
            .create()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_former_units_old ON former_units (old_province_code, old_commune_code)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_former_units_new ON former_units (new_commune_code)").run()
    }

    func revert(on db: Database) async throws {
        try await db.schema(FormerUnitRecord.schema).delete()
    }
}
