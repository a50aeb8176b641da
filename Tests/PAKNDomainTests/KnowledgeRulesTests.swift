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

/// Which notices each role may choose to receive by e-mail or SMS (issue 14).
@Suite("Staff notice preferences")
struct StaffNoticePreferenceTests {
    @Test("officers choose among reminders, new assignments and returned drafts; a leader also among escalations, as the officer they may be named")
    func offered() {
        #expect(StaffNoticePreferences.offered(to: .agencyOfficer) == [.reminder, .newAssignment, .draftReturned])
        #expect(StaffNoticePreferences.offered(to: .agencyLeader) == [.reminder, .escalation, .newAssignment, .draftReturned])
        #expect(StaffNoticePreferences.offered(to: .coordinator) == [.escalation, .extensionRequested])
        #expect(StaffNoticePreferences.offered(to: .provincialLeader) == [.provincialEscalation])
        #expect(StaffNoticePreferences.offered(to: .admin).isEmpty && StaffNoticePreferences.offered(to: .operator).isEmpty)
    }

    @Test("nothing stored means every offered kind; an empty choice means none; unknown or foreign kinds are dropped")
    func parse() {
        #expect(StaffNoticePreferences.parse(nil, role: .coordinator) == [.escalation, .extensionRequested])
        #expect(StaffNoticePreferences.parse("", role: .coordinator).isEmpty)
        #expect(StaffNoticePreferences.parse("reminder,bogus,escalation", role: .agencyOfficer) == [.reminder])
        #expect(StaffNoticePreferences.stored([.draftReturned, .reminder]) == "reminder,draftReturned")
    }
}
