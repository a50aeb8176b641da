import Fluent
import Foundation

/// A request brought over from the province's previous system (`pakn import`, issue 15 item 11): its code there
/// (unique, so a second import of the same file creates nothing), the request made here, the file it came from.
public final class ArchiveImportRecord: Model, @unchecked Sendable {
    public static let schema = "archive_imports"
    @ID(key: .id) public var id: UUID?
    @Field(key: "source_code") public var sourceCode: String
    @Field(key: "request_id") public var requestID: UUID
    @Field(key: "source_file") public var sourceFile: String
    @Field(key: "imported_at") public var importedAt: Date

    public init() {}
}
