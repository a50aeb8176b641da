import Fluent
import Foundation
import PAKNDomain

/// A knowledge-base article (issue 14): guidance on a procedure, a script for a frequent question or a rule of the
/// hotline. `body` is NFC text shown with its line breaks; `tags` is a comma-separated list; `searchText` is the
/// folded title, tags and body (`VietnameseText.fold`), so "duong" finds "đường"; `reviewOn` is the day
/// (`yyyy-MM-dd`, Asia/Ho_Chi_Minh) by which the owner agency should check the article again.
public final class KnowledgeArticle: Model, @unchecked Sendable {
    public static let schema = "knowledge_articles"
    @ID(key: .id) public var id: UUID?
    @Field(key: "title") public var title: String
    @Field(key: "body") public var body: String
    @OptionalField(key: "service_code") public var serviceCode: String?
    @Field(key: "tags") public var tags: String
    @OptionalField(key: "owner_agency_id") public var ownerAgencyID: UUID?
    @OptionalField(key: "review_on") public var reviewOn: String?
    @Field(key: "status") public var status: KnowledgeArticleStatus
    @Field(key: "search_text") public var searchText: String
    /// The agency user who proposed it, if an agency proposed it.
    @OptionalField(key: "proposed_by") public var proposedBy: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    /// The tags as a list, trimmed, without empty ones.
    var tagList: [String] {
        tags.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// That an article answered a case or was quoted into its answer (issue 14: "the case records which article
/// answered it"), written in the answer's transaction.
public final class CaseArticle: Model, @unchecked Sendable {
    public static let schema = "case_articles"
    @ID(key: .id) public var id: UUID?
    @Field(key: "request_id") public var requestID: UUID
    @Field(key: "article_id") public var articleID: UUID
    @Field(key: "use") public var use: KnowledgeArticleUse
    @OptionalField(key: "user_id") public var userID: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
