import Fluent

/// 0019: requests that came from the national PAKN portal, one row each, unique by the portal's id (a second
/// delivery of the same id finds its request here) and by our request (issue 15 item 8).
struct CreateNationalPortalLinks: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(NationalPortalLink.schema)
            .id()
            .field("portal_id", .string, .required)
            .field("request_id", .uuid, .required, .references(ServiceRequestRecord.schema, "id"))
            .field("portal_received_at", .datetime)
            .field("portal_field", .string)
            .field("imported_at", .datetime, .required)
            .unique(on: "portal_id")
            .unique(on: "request_id")
            .create()
    }

    func revert(on db: Database) async throws {
        try await db.schema(NationalPortalLink.schema).delete()
    }
}
