import Fluent
import Foundation
import PAKNDomain
import FluentSQL
import SQLKit

/// Public reads. They only ever return masked public copies and public events, and never restricted cases.
enum PublicQueries {
    /// A file anyone may download: an answer file marked public, on a published case that is not restricted;
    /// `nil` for anything else, so every other file answers "not found".
    static func publicAttachment(_ id: UUID, on db: Database) async throws -> Attachment? {
        guard let file = try await Attachment.find(id, on: db), file.isPublic,
              let record = try await ServiceRequestRecord.find(file.requestID, on: db),
              !record.restricted, record.publishedAt != nil else { return nil }
        return file
    }

    /// The published, unrestricted cases (what the public list shows).
    static func publishedCases(on db: Database) -> QueryBuilder<ServiceRequestRecord> {
        ServiceRequestRecord.query(on: db)
            .filter(\.$restricted == false)
            .filter(\.$publishedAt != nil)
            .filter(\.$status ~~ [RequestStatus.published, .closed, .reopened])
    }

    /// The public list without a search, newest publication first, by keyset (the same cost on page 1 and page
    /// 20,000). Its count comes from ``publishedCount(on:)``, which the page keeps for a minute.
    static func publishedPage(_ position: Keyset.Position, size: Int, on db: Database) async throws -> Keyset.Page<ServiceRequestRecord> {
        try await publishedCases(on: db).keysetPage(position, size: size, rank: nil, time: "published_at", logger: db.logger)
    }

    /// How many answers are published, counted up to `Keyset.countCap` + 1.
    static func publishedCount(on db: Database) async throws -> Int {
        try await publishedCases(on: db).cappedCount()
    }

    /// A case by tracking code, unless restricted (a restricted case answers "not found", like an unknown code).
    static func byCode(_ code: TrackingCode, on db: Database) async throws -> ServiceRequestRecord? {
        try await ServiceRequestRecord.query(on: db)
            .filter(\.$trackingCode == code.digits)
            .filter(\.$restricted == false)
            .firstReadable(logger: db.logger)
    }

    static func publicEvents(of record: ServiceRequestRecord, on db: Database) async throws -> [EventRecord] {
        try await EventRecord.query(on: db)
            .filter(\.$requestID == record.requireID())
            .filter(\.$isPublic == true)
            .sort(\.$occurredAt)
            .all()
    }

    /// Published answers, newest first, filtered by a diacritics- and case-insensitive full-text query on the masked
    /// text (`SearchText`: every word must begin a word, quoted words appear together; "duong" finds "Đường"), the
    /// best match first when there is a query. `total` is exact up to ``Keyset/countCap``; above it, cap + 1.
    static func published(query: String?, serviceCode: String? = nil, paging: Paging, on db: Database) async throws -> (items: [ServiceRequestRecord], total: Int) {
        var builder = publishedCases(on: db)
        builder = builder.matching(query, column: .published)
        if let serviceCode, !serviceCode.isEmpty { builder = builder.filter(\.$serviceCode == serviceCode) }
        // Counted up to the cap: a common word matches most of a ten-year archive, and counting 700,000 matches
        // (each rechecked against its text) took 30 s on PostgreSQL at 1 M requests.
        let total = try await builder.cappedCount()
        // With a search: the best match first, then the newest (bounded: beyond the limit, newest first).
        if total <= SearchText.rankingLimit { SearchText.rank(builder, by: query, column: .published) }
        let items = try await builder.sort(\.$publishedAt, .descending)
            .offset(paging.offset).limit(paging.size).allReadable(logger: db.logger)
        return (items, total)
    }
}
