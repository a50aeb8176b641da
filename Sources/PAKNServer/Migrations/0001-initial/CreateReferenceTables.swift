import Fluent

/// 0001: provinces, communes, services (fields), agencies, routing rules.
struct CreateReferenceTables: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("provinces")
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("full_name", .string, .required)
            .create()
        try await db.schema("communes")
            .field("code", .string, .identifier(auto: false))
            .field("province_code", .string, .required, .references("provinces", "code"))
            .field("name", .string, .required)
            .field("full_name", .string, .required)
            .field("unit_type", .int, .required)
            .field("search_name", .string, .required)
            .create()
        try await db.schema("services")
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("group_code", .string, .required)
            .field("default_urgency", .string, .required)
            .field("description", .string, .required)
            .field("active", .bool, .required)
            .field("position", .int, .required)
            .create()
        try await db.schema("agencies")
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("commune_code", .string, .references("communes", "code"))
            .field("email", .string)
            .field("active", .bool, .required)
            .create()
        try await db.schema("routing_rules")
            .id()
            .field("service_code", .string, .references("services", "code"))
            .field("commune_code", .string, .references("communes", "code"))
            .field("agency_id", .uuid, .required, .references("agencies", "id"))
            .create()
    }

    func revert(on db: Database) async throws {
        for table in ["routing_rules", "agencies", "services", "communes", "provinces"] {
            try await db.schema(table).delete()
        }
    }
}
