import Fluent
import Foundation
import PAKNDomain
import SQLKit

/// The knowledge base (issue 14): articles that answer on the spot, their search, who writes and publishes them, and
/// the record of which article answered which case. Rights are `KnowledgeRights`; statuses `KnowledgeArticleStatus`.
/// Knows nothing of HTTP.
enum KnowledgeBase {
    /// Rows per list page.
    static let pageSize = 25

    /// A list page: the articles and whether a next page exists.
    struct Page: Sendable {
        let articles: [KnowledgeArticle]
        let page: Int
        let hasNext: Bool
    }

    /// The statuses `role` sees in the staff list: editors all, others the usable ones and, for agency staff, what
    /// their agency proposed (filtered by owner in ``search(_:serviceCode:statuses:acting:paging:on:)``).
    static func visibleStatuses(to role: Role) -> [KnowledgeArticleStatus] {
        KnowledgeRights.mayEdit(role) ? KnowledgeArticleStatus.allCases : [.internal, .published, .proposed]
    }

    /// Articles whose folded title, tags and body have words starting with every folded word of `query` ("duong"
    /// finds "Đường", "dang ky" finds "Đăng ký"),
    /// optionally of one field, by title, one page at a time (`paging`, offset paging: a knowledge base holds
    /// hundreds of articles, not millions). For the public pass `acting == nil`: published only. Agency staff see
    /// usable articles and the proposals of their own agency; editors see everything, `statuses` narrowing it.
    static func search(_ query: String?, serviceCode: String? = nil, statuses: [KnowledgeArticleStatus]? = nil,
                       acting: Acting?, paging: Paging, on db: Database) async throws -> Page {
        var q = KnowledgeArticle.query(on: db)
        if let role = acting?.role {
            let allowed = visibleStatuses(to: role)
            let wanted = statuses.map { $0.filter(allowed.contains) } ?? allowed
            q = q.filter(\.$status ~~ wanted)
            if !KnowledgeRights.mayEdit(role) {
                // A proposal is seen by its own agency only, until an editor decides.
                let own = acting?.agencyID
                q = q.group(.or) { group in
                    group.filter(\.$status ~~ [.internal, .published])
                    if let own { group.group(.and) { $0.filter(\.$status == .proposed).filter(\.$ownerAgencyID == own) } }
                }
            }
        } else {
            q = q.filter(\.$status == .published)
        }
        if let code = serviceCode, !code.isEmpty { q = q.filter(\.$serviceCode == code) }
        for term in VietnameseText.searchTerms(query ?? "").prefix(8) {
            // Words match from their start: the stored text begins with a space, so " ho" finds "hồ sơ", not "chờ".
            q = q.filter(\.$searchText, .custom("LIKE"), "% \(escapeLike(term))%")
        }
        let rows = try await q.sort(\.$title).sort(\.$id).range(paging.offset..<(paging.offset + paging.size + 1)).all()
        return Page(articles: Array(rows.prefix(paging.size)), page: paging.page, hasNext: rows.count > paging.size)
    }

    /// `term` for a LIKE pattern: folded words hold only letters and digits, so nothing needs escaping; kept as a
    /// guard should `fold` ever pass `%` or `_` through.
    private static func escapeLike(_ term: String) -> String {
        term.filter { $0 != "%" && $0 != "_" && $0 != "\\" }
    }

    /// The usable articles offered beside `record` to staff: those matching `query` when given, else those of the
    /// case's field, else the most recently updated; at most `limit`.
    /// `direct`: for an on-the-spot answer, which is published at once: published articles only.
    static func offered(for record: ServiceRequestRecord, query: String?, acting: Acting, direct: Bool = false, limit: Int = 5,
                        on db: Database) async throws -> [KnowledgeArticle] {
        let usable: [KnowledgeArticleStatus] = direct ? [.published] : [.internal, .published]
        if let query, !VietnameseText.searchTerms(query).isEmpty {
            return try await search(query, statuses: usable, acting: acting, paging: Paging(page: 1, size: limit), on: db).articles
        }
        if let code = record.serviceCode {
            let ofField = try await KnowledgeArticle.query(on: db).filter(\.$status ~~ usable).filter(\.$serviceCode == code)
                .sort(\.$title).limit(limit).all()
            if !ofField.isEmpty { return ofField }
        }
        return try await KnowledgeArticle.query(on: db).filter(\.$status ~~ usable).sort(\.$updatedAt, .descending).limit(limit).all()
    }

    /// One article for staff: 404 when it does not exist or `acting` may not see it (another agency's proposal).
    static func article(_ id: UUID?, for acting: Acting, on db: Database) async throws -> KnowledgeArticle {
        guard let id, let article = try await KnowledgeArticle.find(id, on: db), let role = acting.role else { throw AppError.notFound() }
        if KnowledgeRights.mayEdit(role) { return article }
        if article.status.isUsable { return article }
        if article.status == .proposed, let own = acting.agencyID, article.ownerAgencyID == own { return article }
        throw AppError.notFound()
    }

    /// One published article for the public FAQ: 404 for any other.
    static func publicArticle(_ id: UUID?, on db: Database) async throws -> KnowledgeArticle {
        guard let id, let article = try await KnowledgeArticle.find(id, on: db), article.status.isPublic else { throw AppError.notFound() }
        return article
    }

    /// An article as a form gives it: empty strings mean "none".
    struct Draft: Sendable {
        var title: String
        var body: String
        var serviceCode: String?
        var tags: String?
        var ownerAgencyID: String?
        /// `yyyy-MM-dd`.
        var reviewOn: String?
        var status: String?
    }

    /// Adds an article. Editors choose its status (default internal) and owner; agency staff propose: the article
    /// is ``KnowledgeArticleStatus/proposed`` and their agency's, whatever the form says.
    /// Throws `AppError` 403 for any other role, 422 as ``apply(_:to:acting:on:)``.
    @discardableResult
    static func create(_ draft: Draft, by acting: Acting, on db: Database) async throws -> KnowledgeArticle {
        guard let role = acting.role, KnowledgeRights.mayEdit(role) || KnowledgeRights.mayPropose(role) else { throw AppError.forbidden() }
        let article = KnowledgeArticle()
        try await apply(draft, to: article, acting: acting, on: db)
        if !KnowledgeRights.mayEdit(role) {
            article.status = .proposed
            article.ownerAgencyID = acting.agencyID
            article.proposedBy = acting.userID
        }
        try await article.create(on: db)
        return article
    }

    /// Changes an article. Editors change any; agency staff only their own agency's proposal, which stays a
    /// proposal. Throws 404 as ``article(_:for:on:)``, 403 for a published or internal article edited by agency
    /// staff, 422 as ``apply(_:to:acting:on:)``.
    static func update(_ id: UUID?, with draft: Draft, by acting: Acting, on db: Database) async throws {
        let article = try await article(id, for: acting, on: db)
        guard let role = acting.role else { throw AppError.forbidden() }
        let editor = KnowledgeRights.mayEdit(role)
        guard editor || (article.status == .proposed && article.ownerAgencyID == acting.agencyID && acting.agencyID != nil) else {
            throw AppError.forbidden("Chỉ điều phối viên hoặc quản trị sửa được bài đã duyệt; cơ quan có thể đề xuất bài mới.")
        }
        let keep = (status: article.status, owner: article.ownerAgencyID)
        try await apply(draft, to: article, acting: acting, on: db)
        if !editor { article.status = keep.status; article.ownerAgencyID = keep.owner }
        try await article.save(on: db)
    }

    /// Validates `draft` into `article`: title 1–200 characters, body 1–20,000, a known field and agency, a review
    /// day as `yyyy-MM-dd`, a known status; text NFC, the search text refreshed. Throws `AppError` 422 otherwise.
    private static func apply(_ draft: Draft, to article: KnowledgeArticle, acting: Acting, on db: Database) async throws {
        let title = VietnameseText.sanitizedLine(draft.title)
        let body = VietnameseText.sanitizedText(draft.body)
        guard !title.isEmpty, title.count <= 200, !body.isEmpty, body.count <= 20_000 else {
            throw AppError.invalid("Cần tiêu đề (tối đa 200 ký tự) và nội dung (tối đa 20.000 ký tự).")
        }
        if Intake.containsMarkup(title) || Intake.containsMarkup(body) { throw AppError.invalid("Nội dung không được chứa mã HTML hoặc script.") }
        let tags = (draft.tags ?? "").split(separator: ",").map { VietnameseText.sanitizedLine(String($0)) }.filter { !$0.isEmpty }
        guard tags.count <= 20, tags.allSatisfy({ $0.count <= 50 }) else { throw AppError.invalid("Tối đa 20 thẻ, mỗi thẻ tối đa 50 ký tự.") }
        article.title = title
        article.body = body
        article.tags = tags.joined(separator: ", ")
        article.serviceCode = nil
        if let code = draft.serviceCode, !code.isEmpty {
            guard try await Service.find(code, on: db) != nil else { throw AppError.invalid("Lĩnh vực không tồn tại.") }
            article.serviceCode = code
        }
        article.ownerAgencyID = nil
        if let raw = draft.ownerAgencyID, !raw.isEmpty {
            guard let id = UUID(uuidString: raw), try await Agency.find(id, on: db) != nil else { throw AppError.invalid("Cơ quan không tồn tại.") }
            article.ownerAgencyID = id
        }
        article.reviewOn = nil
        if let raw = draft.reviewOn, !raw.isEmpty {
            guard let day = SolarDay(isoString: raw) else { throw AppError.invalid("Ngày rà soát phải có dạng năm-tháng-ngày (yyyy-mm-dd).") }
            article.reviewOn = day.isoString
        }
        if let raw = draft.status, !raw.isEmpty {
            guard let status = KnowledgeArticleStatus(rawValue: raw) else { throw AppError.invalid("Trạng thái bài viết không hợp lệ.") }
            article.status = status
        } else if article.id == nil {
            article.status = .internal
        }
        article.searchText = searchText(title: title, tags: article.tags, body: body)
    }

    /// The folded text an article is searched by: its title, tags and body (`VietnameseText.fold`), after one space
    /// so that every word, the first included, follows a space.
    static func searchText(title: String, tags: String, body: String) -> String {
        " " + VietnameseText.fold([title, tags, body].joined(separator: " "))
    }

    /// Sets an article's status (publish, keep internal, retire, or back to proposed). Editors only: 403 otherwise,
    /// 404 for an unknown id.
    static func setStatus(_ id: UUID?, to status: KnowledgeArticleStatus, by acting: Acting, on db: Database) async throws {
        guard let role = acting.role, KnowledgeRights.mayEdit(role) else { throw AppError.forbidden() }
        guard let id, let article = try await KnowledgeArticle.find(id, on: db) else { throw AppError.notFound() }
        article.status = status
        try await article.save(on: db)
    }

    /// Records in the answer's transaction that `articleID` answered (`use == .answer`) or was quoted into the
    /// answer of `requestID`. Throws `AppError` 422 when the article does not exist or is not usable (proposed,
    /// retired), or `acting` may not see it.
    static func recordUse(_ articleID: UUID, in requestID: UUID, as use: KnowledgeArticleUse, by acting: Acting, on db: Database) async throws {
        guard let article = try? await article(articleID, for: acting, on: db), article.status.isUsable else {
            throw AppError.invalid("Bài viết kiến thức không tồn tại hoặc chưa được duyệt.")
        }
        // An on-the-spot answer is published at once: only a published article may be it (an internal one, such as
        // the hotline's own rules, can be quoted into an agency's answer, which a leader and a coordinator review).
        guard use == .quote || article.status.isPublic else {
            throw AppError.invalid("Bài viết nội bộ không dùng làm trả lời công khai; chỉ trích dẫn được vào trả lời của cơ quan.")
        }
        let row = CaseArticle()
        row.requestID = requestID
        row.articleID = articleID
        row.use = use
        row.userID = acting.userID
        try await row.create(on: db)
    }

    /// The articles that served `requestID`, oldest first, with how.
    static func uses(of requestID: UUID, on db: Database) async throws -> [(article: KnowledgeArticle, use: KnowledgeArticleUse)] {
        let rows = try await CaseArticle.query(on: db).filter(\.$requestID == requestID).sort(\.$createdAt).all()
        let articles = try await KnowledgeArticle.query(on: db).filter(\.$id ~~ rows.map(\.articleID)).all()
        let byID = Dictionary(articles.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        return rows.compactMap { row in byID[row.articleID].map { ($0, row.use) } }
    }

    /// How many cases each article served, for the staff list.
    static func useCounts(of ids: [UUID], on db: Database) async throws -> [UUID: Int] {
        guard !ids.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        struct Row: Decodable { let article_id: UUID; let n: Int }
        let rows = try await sql.select().column("article_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(CaseArticle.schema).where("article_id", .in, ids).groupBy("article_id").all(decoding: Row.self)
        return Dictionary(rows.map { ($0.article_id, $0.n) }, uniquingKeysWith: +)
    }
}
