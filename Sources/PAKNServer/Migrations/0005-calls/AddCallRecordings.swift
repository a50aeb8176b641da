import Fluent

/// 0005: the recording a PBX links to a call (issue 4 channel 1, "recording URL if the PBX gives one").
struct AddCallRecordings: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("calls").field("recording_url", .string).update()
    }

    func revert(on db: Database) async throws {
        try await db.schema("calls").deleteField("recording_url").update()
    }
}
