import Fluent
import PAKNDomain
import SQLKit

/// Notes reach the public only once a coordinator approved them (issue 11 item 5): `events.note_visibility`
/// (`NoteVisibility`) and `events.note_author` (the unit a public note is labelled with). Existing notes become
/// internal, except those of public events written by a coordinator (their writing was their approval), which stay
/// shown as before.
struct AddNoteVisibility: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(EventRecord.schema).field("note_visibility", .string, .required, .sql(.default("internal"))).update()
        try await db.schema(EventRecord.schema).field("note_author", .string).update()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.update(EventRecord.schema)
            .set("note_visibility", to: NoteVisibility.approved.rawValue)
            .set("note_author", to: "Trung tâm 1022")
            .where("is_public", .equal, true)
            .where("note", .isNot, SQLLiteral.null)
            .where("actor_label", .like, "%(Điều phối viên)")
            .run()
    }

    func revert(on db: Database) async throws {
        try await db.schema(EventRecord.schema).deleteField("note_author").update()
        try await db.schema(EventRecord.schema).deleteField("note_visibility").update()
    }
}
