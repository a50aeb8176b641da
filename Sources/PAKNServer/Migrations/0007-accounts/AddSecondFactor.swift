import Fluent

/// The second factor of staff accounts (issue 11 item 8): TOTP secret (sealed), when it was confirmed, the last step
/// accepted, and the recovery codes' digests.
struct AddSecondFactor: AsyncMigration {
    func prepare(on db: Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await db.schema(User.schema).field("totp_secret", .string).update()
        try await db.schema(User.schema).field("totp_enabled_at", .datetime).update()
        try await db.schema(User.schema).field("totp_last_step", .int64).update()
        try await db.schema(User.schema).field("recovery_codes", .string).update()
    }

    func revert(on db: Database) async throws {
        for field in ["totp_secret", "totp_enabled_at", "totp_last_step", "recovery_codes"] {
            try await db.schema(User.schema).deleteField(.string(field)).update()
        }
    }
}
