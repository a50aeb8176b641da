import Fluent

/// 0020: the switchboard extension or agent name an operator answers at (issue 14, screen pop): the CTI names the
/// called agents in `user`, and only the operator whose extension rings gets the caller's card.
struct AddOperatorExtension: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(User.schema).field("cti_extension", .string).update()
    }

    func revert(on db: Database) async throws {
        try await db.schema(User.schema).deleteField("cti_extension").update()
    }
}
