import Fluent

/// 0001: staff users and API tokens.
struct CreateStaffTables: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("users")
            .id()
            .field("email", .string, .required)
            .field("full_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("agency_id", .uuid, .references("agencies", "id"))
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "email")
            .create()
        try await db.schema("api_tokens")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on db: Database) async throws {
        try await db.schema("api_tokens").delete()
        try await db.schema("users").delete()
    }
}
