import Fluent
import SQLKit

/// 0015: the knowledge base (issue 14): articles with their field, tags, owner agency, review day and status, their
/// folded search text, and which article answered or was quoted into which case.
struct CreateKnowledgeBase: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(KnowledgeArticle.schema)
            .id()
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("service_code", .string)
            .field("tags", .string, .required)
            .field("owner_agency_id", .uuid, .references(Agency.schema, "id"))
            .field("review_on", .string)
            .field("status", .string, .required)
            .field("search_text", .string, .required)
            .field("proposed_by", .uuid)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await db.schema(CaseArticle.schema)
            .id()
            .field("request_id", .uuid, .required, .references(ServiceRequestRecord.schema, "id"))
            .field("article_id", .uuid, .required, .references(KnowledgeArticle.schema, "id"))
            .field("use", .string, .required)
            .field("user_id", .uuid)
            .field("created_at", .datetime)
            .create()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_knowledge_status_title ON knowledge_articles (status, title)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_case_articles_request ON case_articles (request_id)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_case_articles_article ON case_articles (article_id)").run()
    }

    func revert(on db: Database) async throws {
        try await db.schema(CaseArticle.schema).delete()
        try await db.schema(KnowledgeArticle.schema).delete()
    }
}
