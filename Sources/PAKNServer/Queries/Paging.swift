import Vapor

/// One page of a list: which page, how many rows, and the row offset, read from a request with bounds.
///
/// Every list of the product (public answers, the staff queue, `/api/v1`, Open311) reads its page numbers here,
/// so a number no list can have (`Int.max`, `-1`, `1e30`, ten thousand digits) is a 400 before any arithmetic
/// is done with it; within those bounds the offset cannot overflow.
struct Paging: Sendable, Equatable {
    /// The 1-based page number, `1...maximumPage`.
    let page: Int
    /// Rows per page, at least 1.
    let size: Int

    /// The highest page number any list accepts: 100,000 pages of 100 rows is ten million rows, ten times a
    /// ten-year archive.
    static let maximumPage = 100_000

    /// The first row of the page (0-based). Cannot overflow: `page ≤ maximumPage` and `size` is bounded by the
    /// caller's `maximumSize`.
    var offset: Int { (page - 1) * size }

    /// A page from known-good numbers (tests, internal callers); clamps into range instead of trapping.
    init(page: Int, size: Int) {
        self.page = min(max(page, 1), Self.maximumPage)
        self.size = max(size, 1)
    }

    /// Reads the page number from the query parameter `pageName` and the page size from `sizeName` (when given).
    ///
    /// - Parameters:
    ///   - defaultSize: rows per page when `sizeName` is absent or empty.
    ///   - maximumSize: the largest size accepted.
    /// - Throws: `AppError` 400 `bad_request` naming the parameter when a value is not a whole number in
    ///   `1...maximumPage` (page) or `1...maximumSize` (size).
    static func read(_ req: Request, page pageName: String, size sizeName: String? = nil,
                     defaultSize: Int, maximumSize: Int) throws -> Paging {
        let page = try RequestNumber.query(req, pageName, in: 1...maximumPage) ?? 1
        let size = try sizeName.flatMap { try RequestNumber.query(req, $0, in: 1...maximumSize) } ?? defaultSize
        return Paging(page: page, size: size)
    }

    /// The number of pages `total` rows fill (at least 1).
    func pageCount(total: Int) -> Int { max(1, (total + size - 1) / size) }
}

/// Whole numbers read from a request (query, form, header), always with bounds.
///
/// Swift traps on integer overflow, so a number taken from outside and used in arithmetic could stop the server;
/// every such number is read here, refused outside its range, and only then used.
enum RequestNumber {
    /// Parses a whole number in `range`; `nil` when absent or empty.
    ///
    /// Only ASCII digits with an optional sign are numbers: `1e30`, `1.0`, `0x10` and `abc` are not.
    /// - Throws: `AppError` 400 `bad_request` ("Tham số … không hợp lệ: số nguyên từ … đến …").
    static func parse(_ raw: String?, named name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let raw, !raw.isEmpty else { return nil }
        // Int(_:) returns nil on overflow, so ten thousand digits are refused rather than wrapped.
        guard let value = Int(raw), range.contains(value) else {
            throw AppError(.badRequest, "bad_request",
                           "Tham số \(name) không hợp lệ: số nguyên từ \(range.lowerBound) đến \(range.upperBound).")
        }
        return value
    }

    /// The query parameter `name` as a whole number in `range`; `nil` when absent or empty.
    /// - Throws: `AppError` 400 `bad_request`.
    static func query(_ req: Request, _ name: String, in range: ClosedRange<Int>) throws -> Int? {
        try parse(req.query[String.self, at: name], named: name, in: range)
    }
}
