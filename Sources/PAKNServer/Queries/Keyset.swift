import Fluent
import FluentSQL
import Foundation
import PAKNDomain
import SQLKit
import Vapor

/// Keyset paging (issue 12 item 3): a page starts after (or before) the last row shown, found through an index,
/// so page 1 and page 20,000 cost the same; `OFFSET` would read every row before the page. Lists order by a rank
/// (0 first: urgent before the rest in the staff queue; always 0 elsewhere), then newest first, then by id.
enum Keyset {
    /// The position of a row in that order, written in links as `rank_id`. The row's time is not in the link: the
    /// query reads it from the row itself (a `Double` of seconds does not survive a trip through `Date` bit for bit,
    /// and one ulp off would repeat or skip a row).
    struct Cursor: Sendable, Equatable {
        let rank: Int
        let id: UUID

        init(rank: Int, id: UUID) {
            self.rank = rank
            self.id = id
        }

        /// `nil` unless the text is `rank_id` with a rank of 0 or 1 and a UUID.
        init?(_ text: String) {
            let parts = text.split(separator: "_", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 1, let rank = Int(parts[0]), (0...1).contains(rank),
                  let id = UUID(uuidString: String(parts[1])) else { return nil }
            self.init(rank: rank, id: id)
        }

        var text: String { "\(rank)_\(id.uuidString.lowercased())" }
    }

    /// Where a page starts: the first page, after or before a row, or the last page.
    enum Position: Sendable, Equatable {
        case first
        case after(Cursor)
        case before(Cursor)
        case last

        /// Reads `sau` (after), `truoc` (before) or `cuoi` (the last page) from the query.
        /// - Throws: `AppError` 400 `bad_request` for a cursor that does not read back.
        static func read(_ req: Request) throws -> Position {
            func cursor(_ name: String) throws -> Cursor? {
                guard let text = req.query[String.self, at: name], !text.isEmpty else { return nil }
                guard let cursor = Cursor(text) else { throw AppError(.badRequest, "bad_request", "Vị trí trang không hợp lệ (\(name)).") }
                return cursor
            }
            if let after = try cursor("sau") { return .after(after) }
            if let before = try cursor("truoc") { return .before(before) }
            if req.query[String.self, at: "cuoi"] != nil { return .last }
            return .first
        }
    }

    /// One page of rows, and the cursors of the pages before and after it (`nil`: there is none).
    struct Page<Row: Sendable>: Sendable {
        let rows: [Row]
        /// The first row's position: the page before is `.before(previous)`.
        let previous: Cursor?
        /// The last row's position: the page after is `.after(next)`.
        let next: Cursor?
    }

    /// Counts up to `cap` matching rows and says whether there are more: lists show "hơn 10.000" instead of
    /// counting a million rows on every view.
    static let countCap = 10_000

    /// The count of a list for people, thousands grouped with dots: exact up to ``countCap``, "hơn 10.000" above.
    static func countText(_ count: Int) -> String {
        count > countCap ? "hơn " + VietnameseText.grouped(countCap) : VietnameseText.grouped(count)
    }
}

/// A list's first sort key when it has one: an SQL expression over the row with a few integer values (the staff
/// queue: 0 for urgent cases, 1 for the rest), the values in order, and the same value read from a loaded row.
struct KeysetRank: Sendable {
    let sql: SQLQueryString
    let values: [Int]
    let of: @Sendable (ServiceRequestRecord) -> Int
}

extension QueryBuilder where Model == ServiceRequestRecord {
    /// The page at `position` in the order rank ascending, `time` (a column of `service_requests`) descending, id
    /// descending.
    ///
    /// Each rank is read by its own query (`rank = r AND (time, id) < (the cursor row's time and id)`, ordered by
    /// time and id), so an index on (rank, time DESC, id DESC) serves it as one range seek: a row-value comparison
    /// seeks where an `OR` of conditions would scan from the start of the rank (SQLite and PostgreSQL alike).
    func keysetPage(_ position: Keyset.Position, size: Int, rank: KeysetRank?, time column: String,
                    logger: Logger) async throws -> Keyset.Page<ServiceRequestRecord> {
        let timeSQL = SQLQueryString(stringLiteral: "\"service_requests\".\"\(column)\"")
        let idSQL: SQLQueryString = "\"service_requests\".\"id\""
        // A cursor names a row of this very list, or none: a row outside it (another agency's, a restricted or
        // unpublished case, an id that does not exist) would let a link probe rows the viewer may not see, and a row
        // whose time became empty would match nothing. Such a link starts from the first page.
        var position = position
        switch position {
        case .after(let c), .before(let c):
            if try await self.copy().filter(\.$id == c.id).filter(.sql(embed: "\(timeSQL) IS NOT NULL")).field(\.$id).first() == nil {
                position = .first
            }
        case .first, .last: break
        }
        // Backwards (a previous page, the last page): every order reversed, then the rows turned round again.
        let (backwards, cursor): (Bool, Keyset.Cursor?) = switch position {
        case .first: (false, nil)
        case .after(let c): (false, c)
        case .before(let c): (true, c)
        case .last: (true, nil)
        }
        var ranks: [Int?] = rank.map { $0.values.map(Optional.some) } ?? [nil]
        if backwards { ranks.reverse() }
        if let cursor, rank != nil {
            ranks = ranks.filter { r in backwards ? r! <= cursor.rank : r! >= cursor.rank }
        }
        let order = backwards ? "ASC" : "DESC"
        var fetched: [ServiceRequestRecord] = []
        // Rows read, readable or not: a row left out as unreadable (logged) must not end the list early.
        var read = 0
        for r in ranks where read <= size {
            let query = self.copy()
            if let r, let rank { query.filter(.sql(embed: "(\(rank.sql)) = \(bind: r)")) }
            if let cursor, r == nil || r == cursor.rank {
                let row: SQLQueryString = "SELECT \"keyset_cursor\".\"\(unsafeRaw: column)\", \"keyset_cursor\".\"id\" FROM \"service_requests\" AS \"keyset_cursor\" WHERE \"keyset_cursor\".\"id\" = \(bind: cursor.id)"
                query.filter(.sql(embed: "(\(timeSQL), \(idSQL)) \(unsafeRaw: backwards ? ">" : "<") (\(row))"))
            }
            let (rows, unreadable) = try await query
                .sort(.sql(embed: "\(timeSQL) \(unsafeRaw: order)"))
                .sort(.sql(embed: "\(idSQL) \(unsafeRaw: order)"))
                .limit(size + 1 - read).readAll(logger: logger)
            fetched += rows
            read += rows.count + unreadable.count
        }
        let more = read > size
        var rows = Array(fetched.prefix(size))
        if backwards { rows.reverse() }
        let (hasPrevious, hasNext): (Bool, Bool) = switch position {
        case .first: (false, more)
        case .after: (true, more)
        case .before: (more, true)
        case .last: (more, false)
        }
        func cursorOf(_ row: ServiceRequestRecord?) -> Keyset.Cursor? {
            guard let row, let id = row.id else { return nil }
            return Keyset.Cursor(rank: rank?.of(row) ?? 0, id: id)
        }
        return .init(rows: rows, previous: hasPrevious ? cursorOf(rows.first) : nil, next: hasNext ? cursorOf(rows.last) : nil)
    }

    /// How many rows match, counting at most ``Keyset/countCap`` + 1: `SELECT COUNT(*) FROM (the query's ids
    /// LIMIT cap + 1)`, one statement that stops reading at the cap instead of counting a million rows.
    func cappedCount() async throws -> Int {
        let limited = self.copy().field(\.$id).limit(Keyset.countCap + 1)
        guard let sql = limited.database as? any SQLDatabase else { return try await limited.all().count }
        let select = SQLQueryConverter(delegate: QueryOnlyConverter()).convert(limited.query)
        return try await sql.raw("SELECT COUNT(*) AS n FROM (\(select)) AS capped").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The ids of the rows that match, as a `SELECT` to embed in `id IN (…)` (the back-office map groups what the
    /// queue's filter and scoping select, in one statement, without reading the ids out).
    func idSubquery() -> any SQLExpression {
        SQLQueryConverter(delegate: QueryOnlyConverter()).convert(self.copy().field(\.$id).query)
    }
}

/// Converts Fluent queries to SQL for embedding (`cappedCount`): queries need no custom data types, which are all a
/// driver's converter delegate adds.
private struct QueryOnlyConverter: SQLConverterDelegate {
    func customDataType(_ dataType: DatabaseSchema.DataType) -> (any SQLExpression)? { nil }
}
