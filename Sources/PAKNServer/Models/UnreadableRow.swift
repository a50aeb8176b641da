import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// A stored row the code cannot read: a status, role, kind, channel … value that no version of the product
/// writes (a hand-edited row, a value from a newer version, a damaged backup). Such a value is never mapped to a
/// default: the row is refused where it is read (fail closed).
///
/// - A list leaves the row out (`QueryBuilder.allReadable(logger:)`).
/// - Reading the row itself (`Model.findReadable`) throws this error: 500 `unreadable_record` with the stable error
///   shape; a workflow move on it therefore changes nothing.
/// - A staff member whose own row cannot be read is not signed in (403, see `SessionStaffMiddleware`).
///
/// Each row is logged once per process, at `error`, with its table, id and the column and value that failed.
struct UnreadableRow: Error, CustomStringConvertible {
    /// The table (`Model.schema`).
    let table: String
    /// The row's id, when it could be read.
    let id: String
    /// The column and the decoding error (which names the value).
    let detail: String

    var description: String { "unreadable row in \(table) id \(id): \(detail)" }

    private static let logged = NIOLockedValueBox<Set<String>>([])

    /// Logs the row once per process (a list read every few seconds must not flood the log).
    func logOnce(_ logger: Logger) {
        let key = "\(table):\(id)"
        let isNew = Self.logged.withLockedValue { $0.insert(key).inserted }
        if isNew { logger.error("\(description)") }
    }

    /// The row of `output` as a `Model`, or the `UnreadableRow` describing why it cannot be.
    static func decode<M: Model>(_ type: M.Type, from output: any DatabaseOutput) -> Result<M, UnreadableRow> {
        let model = M()
        do {
            try model.output(from: output.qualifiedSchema(space: M.spaceIfNotAliased, M.schemaOrAlias))
            return .success(model)
        } catch {
            let id = (try? output.qualifiedSchema(space: M.spaceIfNotAliased, M.schemaOrAlias).decode("id", as: UUID.self))?.uuidString
                ?? (try? output.qualifiedSchema(space: M.spaceIfNotAliased, M.schemaOrAlias).decode("id", as: String.self))
                ?? "?"
            return .failure(UnreadableRow(table: M.schema, id: id, detail: String(describing: error)))
        }
    }
}

extension QueryBuilder {
    /// Every row of the query the code can read; a row with a stored value it does not know is left out and
    /// logged once (`UnreadableRow`). Use it for lists, queues and scans, where one bad row must not hide the rest.
    func allReadable(logger: Logger) async throws -> [Model] {
        try await readAll(logger: logger).rows
    }

    /// The readable rows and the rows that could not be read (each logged once), for a scan that must move past the
    /// unreadable ones rather than read them again and again.
    func readAll(logger: Logger) async throws -> (rows: [Model], unreadable: [UnreadableRow]) {
        let rows = NIOLockedValueBox<[Model]>([])
        let failures = NIOLockedValueBox<[UnreadableRow]>([])
        try await self.run { output in
            switch UnreadableRow.decode(Model.self, from: output) {
            case .success(let model): rows.withLockedValue { $0.append(model) }
            case .failure(let failure): failures.withLockedValue { $0.append(failure) }
            }
        }
        let unreadable = failures.withLockedValue { $0 }
        for failure in unreadable { failure.logOnce(logger) }
        return (rows.withLockedValue { $0 }, unreadable)
    }

    /// The first row, or `nil`; a row the code cannot read throws `UnreadableRow` (logged once).
    func firstReadable(logger: Logger) async throws -> Model? {
        let result = NIOLockedValueBox<Result<Model, UnreadableRow>?>(nil)
        try await self.limit(1).run { output in
            result.withLockedValue { $0 = UnreadableRow.decode(Model.self, from: output) }
        }
        switch result.withLockedValue({ $0 }) {
        case nil: return nil
        case .success(let model)?: return model
        case .failure(let failure)?:
            failure.logOnce(logger)
            throw failure
        }
    }
}

extension Model where IDValue == UUID {
    /// The row with `id`, or `nil`; a row the code cannot read throws `UnreadableRow` (logged once), never a
    /// row with a default in place of the unknown value.
    static func findReadable(_ id: UUID?, on db: Database, logger: Logger) async throws -> Self? {
        guard let id else { return nil }
        return try await query(on: db).filter(\._$id == id).firstReadable(logger: logger)
    }
}
