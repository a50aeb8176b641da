import Fluent
import FluentSQL
import Foundation
import PAKNDomain
import SQLKit

/// Accent- and case-insensitive full-text search on both databases without extensions (issue 12 item 2).
///
/// The texts are stored folded (`VietnameseText.fold`: lower case, diacritics removed, đ → d, words split on
/// anything that is not a letter or a digit), and the query is folded the same way, so "duong" finds "Đường" and
/// "Duong" finds "đường". Each word of the query must begin a word of the text ("ngap" finds "ngập"; "dong" does not
/// find "không"); words in double quotes ("…" or “…”) must appear together, in that order. The index is FTS5 on
/// SQLite and a GIN index on `to_tsvector('simple', …)` on PostgreSQL (`AddFullTextSearch`); neither folds "đ"
/// into "d" itself, hence our own folding (style.md).
enum SearchText {
    /// The stored form: " word word …".
    static func indexed(_ text: String) -> String { " " + VietnameseText.fold(text) }

    /// A query: words that must each begin a word of the text, and phrases whose words must appear in order.
    struct Query: Equatable, Sendable {
        var prefixes: [String] = []
        var phrases: [[String]] = []
        var isEmpty: Bool { prefixes.isEmpty && phrases.isEmpty }
    }

    /// Results are ranked by relevance only up to this many matches (beyond, newest first): SQLite scores each
    /// match with its own look-up in the index.
    static let rankingLimit = 2_000

    /// At most this many words and phrases are used from a query (the rest is ignored).
    static let maximumParts = 8

    /// Parses `text`: quoted parts are phrases (a phrase of one word is a whole word), the rest prefixes of two or
    /// more characters; repeated words count once.
    static func parse(_ text: String?) -> Query {
        var query = Query()
        var seen = Set<String>()
        let normalised = (text ?? "").replacingOccurrences(of: "“", with: "\"").replacingOccurrences(of: "”", with: "\"")
        for (index, segment) in normalised.split(separator: "\"", omittingEmptySubsequences: false).enumerated() {
            let words = VietnameseText.fold(String(segment)).split(separator: " ").map(String.init)
            if index % 2 == 1 {
                if !words.isEmpty, seen.insert("\"" + words.joined(separator: " ")).inserted { query.phrases.append(words) }
            } else {
                // A one-character prefix matches most of the archive and says little: words of two or more only.
                for word in words where word.count >= 2 && seen.insert(word).inserted { query.prefixes.append(word) }
            }
        }
        // Phrases first: they narrow most.
        let phrases = Array(query.phrases.prefix(maximumParts))
        return Query(prefixes: Array(query.prefixes.prefix(maximumParts - phrases.count)), phrases: phrases)
    }

    /// The indexed columns.
    enum Column: String, Sendable {
        case staff = "staff_search"
        case published = "public_search"
    }

    /// FTS5's query syntax (sqlite.org/fts5.html §3): `{column} : ("word"* AND "two words")`. Folded words hold
    /// only letters and digits, so they are quoted as they are.
    static func fts5(_ query: Query, column: Column) -> String {
        let parts = query.phrases.map { "\"\($0.joined(separator: " "))\"" } + query.prefixes.map { "\"\($0)\"*" }
        return "{\(column.rawValue)} : (\(parts.joined(separator: " AND ")))"
    }

    /// PostgreSQL's tsquery syntax: `word:* & (two <-> words)`.
    static func tsquery(_ query: Query) -> String {
        let parts = query.phrases.map { $0.count == 1 ? $0[0] : "(\($0.joined(separator: " <-> ")))" } + query.prefixes.map { "\($0):*" }
        return parts.joined(separator: " & ")
    }

    /// The condition "the case's `column` matches `text`" for the database `db` speaks; nil for an empty query.
    static func condition(_ text: String?, column: Column, on db: any Database) -> SQLQueryString? {
        let query = parse(text)
        guard !query.isEmpty, let sql = db as? any SQLDatabase else { return nil }
        if sql.dialect.name == "sqlite" {
            return """
                "service_requests"."search_id" IN (SELECT rowid FROM service_requests_fts WHERE service_requests_fts MATCH \(bind: fts5(query, column: column)))
                """
        }
        return "to_tsvector('simple', \(ident: "service_requests").\(ident: column.rawValue)) @@ to_tsquery('simple', \(bind: tsquery(query)))"
    }

    /// Sorts `builder` best match first for `text` in `column`; `false` (nothing changed) for an empty query.
    /// SQLite: FTS5's bm25 (lower is better), computed once per match by joining the full-text search's own
    /// result, not by a subquery per row, which ran the whole search again for every row (quadratic: 0.7 s for
    /// 1,800 matches). PostgreSQL: ts_rank of the row's own vector, best first.
    @discardableResult
    static func rank(_ builder: QueryBuilder<ServiceRequestRecord>, by text: String?, column: Column) -> Bool {
        let query = parse(text)
        guard !query.isEmpty, let sql = builder.database as? any SQLDatabase else { return false }
        if sql.dialect.name == "sqlite" {
            let ranked: SQLQueryString = """
                JOIN (SELECT rowid AS ranked_id, bm25(service_requests_fts) AS ranked_score FROM service_requests_fts \
                WHERE service_requests_fts MATCH \(bind: fts5(query, column: column))) AS "ranked" \
                ON "ranked"."ranked_id" = "service_requests"."search_id"
                """
            builder.query.joins.append(.custom(ranked))
            builder.sort(.sql(embed: "\"ranked\".\"ranked_score\" ASC"))
        } else {
            builder.sort(.sql(embed: "ts_rank(to_tsvector('simple', \(ident: "service_requests").\(ident: column.rawValue)), to_tsquery('simple', \(bind: tsquery(query)))) DESC"))
        }
        return true
    }
}

extension QueryBuilder where Model == ServiceRequestRecord {
    /// Only the cases whose `column` matches the search `text` (`SearchText`); unchanged for an empty text.
    func matching(_ text: String?, column: SearchText.Column) -> Self {
        guard let condition = SearchText.condition(text, column: column, on: database) else { return self }
        return filter(.sql(embed: condition))
    }
}
