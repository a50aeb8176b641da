import PAKNDomain
import Testing

/// The knowledge base's rules (issue 14): who edits, proposes and reads; which statuses are usable and public; the
/// text an article puts in the answer box.
@Suite("Knowledge base rules")
struct KnowledgeRulesTests {
    @Test("admins and coordinators edit; agency staff propose; nobody else does either")
    func rights() {
        let editors = Role.allCases.filter(KnowledgeRights.mayEdit)
        let proposers = Role.allCases.filter(KnowledgeRights.mayPropose)
        #expect(Set(editors) == [.admin, .coordinator])
        #expect(Set(proposers) == [.agencyOfficer, .agencyLeader])
        #expect(Role.allCases.allSatisfy(KnowledgeRights.mayRead))
    }

    @Test("only published articles are public; published and internal ones answer cases")
    func statuses() {
        #expect(KnowledgeArticleStatus.allCases.filter(\.isPublic) == [.published])
        #expect(Set(KnowledgeArticleStatus.allCases.filter(\.isUsable)) == [.internal, .published])
    }

    @Test("an on-the-spot answer is the article's text; a quote names the article in Vietnamese quotation marks")
    func answerText() {
        #expect(KnowledgeArticleUse.answer.text(title: "Cấp lại CCCD", body: "Hồ sơ gồm tờ khai.") == "Hồ sơ gồm tờ khai.")
        #expect(KnowledgeArticleUse.quote.text(title: "Cấp lại CCCD", body: "Hồ sơ gồm tờ khai.")
                == "Theo hướng dẫn \u{201C}Cấp lại CCCD\u{201D}:\nHồ sơ gồm tờ khai.")
    }
}
