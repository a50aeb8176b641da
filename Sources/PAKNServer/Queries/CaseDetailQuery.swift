import Fluent
import Foundation
import PAKNDomain
import PAKNChannels

/// A case as staff see it on its page, for one viewer: the view model of `DetailPage`.
struct CaseDetail {
    let record: ServiceRequestRecord
    let acting: Acting
    let status: RequestStatus
    let events: [EventRecord]
    let assignments: [(Assignment, String)]
    let attachments: [Attachment]
    let services: [Service]
    let communes: [Commune]
    let agencies: [Agency]
    let proposedAgencyID: UUID?
    let preview: (title: MaskingResult, description: MaskingResult, answer: MaskingResult)?
    let actions: [WorkflowAction]
    let identityHidden: Bool
    /// Title, description and history notes, masked for agency staff when the requester hid their identity
    /// from the agency.
    let title: String
    let description: String
    let rating: Rating?
    /// The viewer's agency is an active co-handler: show the input form.
    let isCoHandler: Bool
    let deadline: DeadlineSummary?
    /// The viewer belongs to the lead agency and the case is being handled.
    let canRequestExtension: Bool
    /// The masking a public note gets, for the coordinator's review of proposed notes.
    var noteMasking: Masking? = nil
    /// Every message (any channel, both directions) and call of the case, oldest first; empty when the
    /// requester's identity is hidden from the viewer.
    var conversation: [ConversationItem] = []
    /// Where a reply by the viewer would go (``DeliveryPlan``); `nil` when the viewer may not reply.
    var replyPlan: DeliveryPlan?
    /// The answer templates offered for this case, and the text of the one picked (`?mau=`), put in the answer box.
    var templates: [AnswerTemplate] = []
    /// The triage suggestions, for those who may triage the case now (`Suggestions.hint`).
    var suggestion: Suggestions.Hint?
    /// The former commune the case's address names, and what it is now (`AdministrativeUnits.hint`), for those who
    /// may triage the case now: advice beside the commune, never selected by itself.
    var formerUnitHint: AdministrativeUnits.Hint?
    /// Likely duplicates, for those who may triage the case now.
    var duplicates: [Suggestions.Duplicate] = []
    var answerDraft: String?
    /// The knowledge-base articles offered beside the answer form (`KnowledgeBase.offered`), what the box searched
    /// for, the article picked (`?bai=`, its text in the answer box), and the articles that already served the case.
    var articles: [KnowledgeArticle] = []
    var knowledgeQuery: String?
    var pickedArticle: KnowledgeArticle?
    var articleUses: [(article: KnowledgeArticle, use: KnowledgeArticleUse)] = []
    /// The names of the officers named on the assignments; the officers the viewer may name on their agency's
    /// active assignment (a leader: the agency's; an officer: none, they may take it), and that assignment.
    var officerNames: [UUID: String] = [:]
    var assignableOfficers: [User] = []
    var ownAssignment: Assignment?

    /// One line of the conversation view (issue 4 "Operator experience").
    struct ConversationItem {
        let at: Date
        let channel: PAKNDomain.Channel
        let inbound: Bool
        let text: String
        /// A link shown after the text: (label, address), e.g. the call's recording.
        var link: (String, String)? = nil
        /// A mail's quote of earlier mail, folded under the text (`QuotedReply`); the message keeps it whole.
        var quoted: String? = nil
    }

}

extension CaseDetail {
    /// Loads everything the staff case page shows, for `acting` (their role decides masking, the preview, the
    /// moves offered and whether the conversation is shown): the case's assignments with agency names, events,
    /// files, messages and calls, the proposed agency, the deadline in force and the publication preview.
    /// The page itself only renders the result.
    static func load(_ record: ServiceRequestRecord, acting: Acting, province: String, on db: Database) async throws -> Self {
        let id = try record.requireID()
        let status = record.status
        let agencies = try await ReferenceQueries.agencies(on: db)
        let names = Dictionary(agencies.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let assignments = try await Assignment.query(on: db).filter(\.$requestID == id).sort(\.$forwardedAt).all()
            .map { ($0, names[$0.agencyID] ?? "—") }
        let context = try await DeadlineStore.load(on: db)
        let lead = assignments.first { $0.0.role == .lead && $0.0.active }?.0
        let rules = try await ReferenceQueries.routingRules(on: db)
        let proposed = Router.proposeAgency(serviceCode: record.serviceCode, communeCode: record.communeCode, rules: rules).flatMap(UUID.init(uuidString:))
        let hidden = ContactAccess.identityHidden(from: acting.role, requesterAskedToHideFromAgency: record.hideIdentityFromAgency)
        let masking: Masking? = hidden ? try await Publication.masking(for: record, on: db) : nil
        func shown(_ text: String) -> String { masking?.mask(text).text ?? text }
        let description = shown(record.description)
        let events = try await EventRecord.query(on: db).filter(\.$requestID == id).sort(\.$occurredAt).all()
        if masking != nil { for event in events { event.note = event.note.map(shown) } }
        let showPreview = [.approved, .published, .closed].contains(status) && acting.role != nil && acting.role?.isAgencyScoped == false
        var communes = try await ReferenceQueries.communes(province: province, on: db)
        // A case in a commune no longer in force keeps it on offer (marked by the page), so saving the triage does not
        // move the case to another commune by itself.
        if let code = record.communeCode, !communes.contains(where: { $0.id == code }), let retired = try await Commune.find(code, on: db) {
            communes.append(retired)
        }
        var conversation: [ConversationItem] = []
        if !hidden {
            for m in try await MessageRecord.query(on: db).filter(\.$requestID == id).allReadable(logger: db.logger) {
                var text = m.body, quoted: String?
                if m.channel == .email, m.direction == .inbound { (text, quoted) = QuotedReply.split(m.body) }
                if m.direction == .outbound, !m.deliveryLabel.isEmpty {
                    text += " [" + m.deliveryLabel + "]"
                } else if m.direction == .inbound {
                    text += AttachmentDownload.notes(m.details).map { " [\($0)]" }.joined()
                }
                conversation.append(.init(at: m.createdAt ?? .distantPast, channel: m.channel, inbound: m.direction == .inbound, text: text, quoted: quoted))
            }
            for c in try await CallRecord.query(on: db).filter(\.$requestID == id).all() {
                conversation.append(.init(at: c.initializedAt, channel: .phone, inbound: c.direction == .inbound,
                                          text: "Cuộc gọi \(c.direction == .inbound ? c.fromNumber : c.toNumber) – \(c.statusLabel)",
                                          link: c.recordingURL.map { ("Nghe ghi âm", $0) }))
            }
            conversation.sort { $0.at < $1.at }
        }
        var details = Self(
            record: record, acting: acting, status: status,
            events: events,
            assignments: assignments,
            attachments: try await Attachment.query(on: db).filter(\.$requestID == id).all(),
            services: try await ReferenceQueries.services(on: db), communes: communes, agencies: agencies,
            proposedAgencyID: proposed, preview: showPreview ? try await Publication.preview(record, on: db) : nil,
            actions: Workflow.availableActions(from: status, for: acting.actor), identityHidden: hidden,
            title: shown(record.title), description: description, rating: try await Rating.query(on: db).filter(\.$requestID == id).first(),
            isCoHandler: try await CoHandling.assignment(of: id, for: acting, on: db) != nil,
            deadline: lead.map { DeadlineSummary(lead: $0, context: context) } ?? nil,
            canRequestExtension: status == .accepted && acting.role?.isAgencyScoped == true && lead?.agencyID == acting.agencyID)
        details.conversation = conversation
        if acting.role == .coordinator, events.contains(where: { $0.noteVisibility == .proposed }) {
            details.noteMasking = try await Publication.masking(for: record, on: db)
        }
        return details
    }

    /// ``load(_:acting:province:on:)`` with what the page offers for writing: where a reply by `acting` would go
    /// (when they may reply and see the requester), and the answer templates of the case when they may answer —
    /// with the text of `template` filled in when it is one of them.
    static func page(_ record: ServiceRequestRecord, acting: Acting, config: AppConfiguration, template picked: UUID?,
                     article pickedArticle: UUID? = nil, knowledgeQuery: String? = nil,
                     on db: Database, now: Date = Date()) async throws -> Self {
        var details = try await load(record, acting: acting, province: config.provinceCode, on: db)
        if StaffReply.mayReply(acting, to: record), !details.identityHidden {
            let channels = try await ChannelConfiguration.effective(base: config.channels, on: db)
            details.replyPlan = try await DeliveryPlan.make(for: record, author: .person, config: channels, on: db, now: now)
        }
        if let role = acting.role, Workflow.mayTriage(role, status: record.status) {
            let services = Dictionary(details.services.map { ($0.id ?? "", $0.name) }, uniquingKeysWith: { a, _ in a })
            let model = try Suggestions.cachedModel(config: config)
            details.suggestion = Suggestions.hint(for: record, model: model, services: services)
            details.formerUnitHint = try await AdministrativeUnits.hint(address: record.address, province: config.provinceCode, on: db)
            details.duplicates = try await Suggestions.duplicates(of: record, similarity: model.similarity,
                                                                  windowDays: config.duplicateWindowDays, on: db)
        }
        if details.actions.contains(where: { $0 == .answer || $0 == .answerDirectly }) {
            details.templates = try await AnswerTemplates.offered(for: record, on: db)
            if let picked, let template = details.templates.first(where: { $0.id == picked }) {
                details.answerDraft = try await AnswerTemplates.draft(template, for: record, on: db, now: now)
            }
            details.knowledgeQuery = knowledgeQuery.map(VietnameseText.sanitizedLine).flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
            let use: KnowledgeArticleUse = details.actions.contains(.answerDirectly) ? .answer : .quote
            details.articles = try await KnowledgeBase.offered(for: record, query: details.knowledgeQuery, acting: acting, direct: use == .answer, on: db)
            if let pickedArticle, let article = try? await KnowledgeBase.article(pickedArticle, for: acting, on: db), article.status.isUsable,
               use == .quote || article.status.isPublic {
                details.pickedArticle = article
                details.answerDraft = use.text(title: article.title, body: article.body)
            }
        }
        details.articleUses = try await KnowledgeBase.uses(of: try record.requireID(), on: db)
        details.officerNames = try await OfficerAssignments.names(on: details.assignments.map(\.0), on: db)
        if let role = acting.role, role.isAgencyScoped, let agency = acting.agencyID {
            details.ownAssignment = details.assignments.map(\.0).first { $0.active && $0.agencyID == agency }
            if details.ownAssignment != nil, role == .agencyLeader {
                details.assignableOfficers = try await OfficerAssignments.officers(of: agency, on: db)
            }
        }
        return details
    }
}
