import Fluent
import Foundation
import PAKNDomain
import Plot
import Vapor

/// A case as staff see it: content, triage, the moves the viewer may make, history, assignments, files,
/// the publication preview with masked spans highlighted, and the caller's earlier requests.
enum DetailPage {
    /// What the page shows, loaded by ``CaseDetail/load``.
    typealias Details = CaseDetail

    static func render(_ req: Request, details d: Details) -> String {
        let r = d.record
        let id = r.id!
        let code = TrackingCode(digits: r.trackingCode)?.formatted ?? r.trackingCode
        let role = d.acting.role
        // At 1,280 px and wider the case and its moves sit on the left, who handles it, the conversation and the
        // history on the right (`.case-layout`); narrower, one column in the same order.
        return Layout.render(title: "Phản ánh \(code)", for: req, body: .div(.class("case-layout"),
            // Changes made by others, on this node or another, are announced on the page (`pakn-live.js`).
            .raw("<script src=\"/static/pakn-live.js\" defer data-events=\"\(SiteURL.staffCaseEvents(id).path)\"></script>"),
            .div(.class("case-main"),
            .h1(.text("Phản ánh "), .span(.class("code"), .text(code))),
            .p(.span(.class("status"), .id("status"), .text(d.status.label)),
               .text(" · \(r.kind.label) · Kênh: \(r.channel.label) · Tiếp nhận \(Layout.date(r.receivedAt))"),
               .if(r.dueAt != nil, .text(" · Hạn: \(Layout.date(r.dueAt))"))),
            .if(r.restricted, .p(.class("errors"), .text("Khiếu nại, tố cáo: chỉ cán bộ tiếp công dân được xem; không công khai, không thống kê."))),
            .div(.class("card"),
                .h2(.peoplesWords, .text(d.title)),
                .p(.peoplesWords, .style("white-space:pre-line"), .id("description"), .text(d.description)),
                .p(.class("muted"), .text("Địa chỉ: "), .span(.peoplesWords, .text(r.address.isEmpty ? "—" : r.address))),
                .if(r.latitude != nil, .p(.class("muted"), .text("Tọa độ: \(r.latitude ?? 0), \(r.longitude ?? 0)"))),
                .if(d.identityHidden, .p(.class("muted"), .text(ContactAccess.reason(for: d.acting.role)))),
                .if(!d.identityHidden, .p(.a(.id("show-contact"), .href(SiteURL.staffContact(id).path), .text("Xem thông tin liên hệ người gửi (được ghi nhật ký)")))),
                .forEach(d.attachments) { file in
                    .p(.a(.href(SiteURL.staffAttachment(id, file.id!).path), .text("Tệp: \(file.filename) (\(Layout.size(file.byteCount))\(Self.purposeNote(file.purpose)))")))
                },
                .unwrap(r.answer) { .div(.h3(.text("Trả lời của cơ quan")), .p(.peoplesWords, .style("white-space:pre-line"), .id("answer-draft"), .text($0))) },
                .unwrap(d.rating) { .p(.text("Đánh giá của người gửi: \($0.stars)/5 – "), .span(.peoplesWords, .text($0.comment))) },
                .if(!d.articleUses.isEmpty, .p(.id("article-uses"), .text("Bài viết kiến thức đã dùng: "),
                    .group(d.articleUses.enumerated().map { index, item in
                        .group(.text(index == 0 ? "" : "; "), .a(.href(SiteURL.knowledgeArticle(item.article.id!).path), .peoplesWords, .text(item.article.title)),
                               .text(" (\(item.use.label.lowercased()))"))
                    })))
            ),
            .if(role.map { Workflow.mayTriage($0, status: d.status) } ?? false, triageForm(req, d)),
            .if(!d.duplicates.isEmpty && d.actions.contains(.markDuplicate), duplicateSuggestions(req, d)),
            DeadlineViews.card(req, requestID: id, summary: d.deadline, canRequestExtension: d.canRequestExtension, canDecide: role == .coordinator),
            previewNode(d),
            .if(d.actions.contains { $0 == .answer || $0 == .answerDirectly }, knowledgeBox(req, d)),
            .forEach(d.actions.filter(primaryActions.contains)) { actionForm(req, d, $0) },
            .if(d.actions.contains { !primaryActions.contains($0) }, .element(named: "details", nodes: [
                .class("secondary"), .attribute(named: "open", value: d.actions.allSatisfy { !primaryActions.contains($0) } ? "open" : nil),
                .element(named: "summary", text: "Thao tác khác: từ chối, chuyển 113/114/115, khiếu nại tố cáo, trùng, trả lại…"),
                .forEach(d.actions.filter { !primaryActions.contains($0) }) { actionForm(req, d, $0) }])),
            .if(d.isCoHandler, .form(.class("card"), .id("cohandler-form"), .method(.post), .action(SiteURL.staffCoHandlerInput(id).path),
                Layout.csrfField(req),
                .h3(.text("Ý kiến của cơ quan phối hợp")),
                FormFields.textarea("note", label: "Nội dung gửi cơ quan chủ trì", value: nil, required: true, maxLength: 5000),
                .button(.type(.submit), .text("Gửi ý kiến phối hợp"))))),
            .div(.class("case-side"),
            .h2(.text("Phân công")),
            .if(d.assignments.isEmpty, .p(.class("muted"), .text("Chưa chuyển xử lý."))),
            .ul(.forEach(d.assignments) { assignmentItem($0.0, name: $0.1, officer: $0.0.officerID.flatMap { d.officerNames[$0] }) }),
            officerForm(req, d),
            .if(!d.conversation.isEmpty, .div(.h2(.text("Hội thoại qua các kênh")),
                .ol(.class("timeline"), .id("conversation"), .forEach(d.conversation) { item -> Node<HTML.ListContext> in
                    let heading = "\(Layout.date(item.at)) · \(item.channel.label) · \(item.inbound ? "công dân" : "gửi đi")"
                    return .li(.class(item.inbound ? "inbound" : "outbound"),
                        .strong(.text(heading)),
                        .text(" – \(item.text)"),
                        .unwrap(item.link) { .group(.text(" "), .a(.href(Layout.attribute($0.1)), .attribute(named: "rel", value: "noreferrer"), .text($0.0))) },
                        .unwrap(item.quoted) { quoted in
                            .element(named: "details", nodes: [.class("quoted"),
                                .element(named: "summary", text: "Trích dẫn thư trước (\(quoted.split(separator: "\n").count) dòng)"),
                                .element(named: "pre", nodes: [.style("white-space:pre-wrap"), .text(Excerpt.of(quoted, limit: 20_000))])])
                        })
                }))),
            ReplyController.card(req, record: r, plan: d.replyPlan),
            .h2(.text("Lịch sử xử lý")),
            .ol(.class("timeline"), .id("history"), .forEach(d.events) { historyItem(req, $0, details: d) }))
        ))
    }

    static func previewNode(_ d: Details) -> Node<HTML.BodyContext> {
        guard let preview = d.preview else { return .empty }
        let heading = d.status == .approved ? "Xem trước nội dung công khai" : "Nội dung đã công khai"
        let hidden = d.record.hideIdentityPublic ? "; người gửi yêu cầu ẩn danh tính" : ""
        let count = preview.title.spans.count + preview.description.spans.count + preview.answer.spans.count
        return .div(.class("card"), .id("publication-preview"),
            .h2(.text(heading)),
            .p(.class("muted"), .text("Thông tin cá nhân được che tự động\(hidden).")),
            .h3(.peoplesWords, .group(highlighted(preview.title.text))),
            .p(.peoplesWords, .style("white-space:pre-line"), .group(highlighted(preview.description.text))),
            .h3(.text("Trả lời")), .p(.peoplesWords, .style("white-space:pre-line"), .id("preview-answer"), .group(highlighted(preview.answer.text))),
            .p(.class("muted"), .text("Đã che \(count) thông tin cá nhân.")))
    }

    static func assignmentItem(_ a: Assignment, name: String, officer: String?) -> Node<HTML.ListContext> {
        let role = a.role.label
        let ended = a.active ? "" : " (đã kết thúc)"
        let named = officer.map { " – cán bộ: \($0)" } ?? ""
        return .li(.text("\(name) – \(role) – \(a.status.label)\(ended) – chuyển \(Layout.date(a.forwardedAt)), hạn \(Layout.date(a.dueAt))\(named)"))
    }

    /// Naming the officer on the viewer's agency's active assignment (issue 14): a leader picks any officer of the
    /// agency; an officer takes the case for themselves.
    static func officerForm(_ req: Request, _ d: Details) -> Node<HTML.BodyContext> {
        guard let own = d.ownAssignment, let me = d.acting.userID else { return .empty }
        let action = SiteURL.staffOfficer(d.record.id!).path
        if !d.assignableOfficers.isEmpty {
            return .form(.class("card"), .id("officer-form"), .method(.post), .action(action), Layout.csrfField(req),
                FormFields.select("officerID", label: "Cán bộ xử lý của đơn vị", options: d.assignableOfficers.map { ($0.id!.uuidString, $0.fullName) },
                                  selected: own.officerID?.uuidString, required: true, emptyLabel: "— Chọn cán bộ —"),
                .button(.type(.submit), .text("Giao xử lý")))
        }
        guard own.officerID != me else { return .p(.class("muted"), .id("officer-mine"), .text("Bạn đang xử lý phản ánh này.")) }
        // A colleague's case is reassigned by the leader, not taken.
        guard own.officerID == nil else { return .empty }
        return .form(.class("card"), .id("officer-form"), .method(.post), .action(action), Layout.csrfField(req),
            .input(.type(.hidden), .name("officerID"), .value(me.uuidString)),
            .button(.type(.submit), .text("Nhận xử lý phản ánh này")))
    }

    /// How an attachment came, after its size in the file list.
    static func purposeNote(_ purpose: AttachmentPurpose) -> String {
        switch purpose {
        case .submission: ""
        case .answer: ", kèm trả lời"
        case .message: ", từ tin nhắn"
        }
    }

    /// The moves a page offers first; the others (refusals, redirections) fold away under "Thao tác khác".
    static let primaryActions: [WorkflowAction] = [.forward, .accept, .answer, .approve, .publish, .supplyInformation, .answerDirectly]

    /// Masked text with each placeholder highlighted, so the coordinator sees what publication hides.
    static func highlighted(_ text: String) -> [Node<HTML.BodyContext>] {
        var nodes: [Node<HTML.BodyContext>] = []
        var rest = Substring(text)
        while let range = rest.range(of: #"\[[^\]]{1,40} đã ẩn\]"#, options: .regularExpression) {
            nodes.append(.text(String(rest[..<range.lowerBound])))
            nodes.append(.element(named: "mark", nodes: [.class("masked"), .text(String(rest[range]))]))
            rest = rest[range.upperBound...]
        }
        nodes.append(.text(String(rest)))
        return nodes
    }

    static func historyItem(_ req: Request, _ e: EventRecord, details d: Details) -> Node<HTML.ListContext> {
        let label = e.action.label
        let head = Node<HTML.BodyContext>.strong(.text(Layout.date(e.occurredAt)))
        let internalMark: Node<HTML.BodyContext> = e.isPublic ? .empty : .span(.class("muted"), .text(" (nội bộ)"))
        let note: Node<HTML.BodyContext> = e.note.map { .div(.peoplesWords, .class("muted"), .style("white-space:pre-line"), .text($0)) } ?? .empty
        // Where the note stands with the public, and the coordinator's review of a note its author wants public.
        let visibility: Node<HTML.BodyContext> = e.note == nil ? .empty
            : .div(.class("note-visibility \(e.noteVisibility.rawValue)"), .text("Ghi chú: \(e.noteVisibility.label)"
                + (e.noteVisibility == .approved ? " (ghi là của \(e.noteAuthor ?? "Trung tâm 1022"))" : "")))
        var review: Node<HTML.BodyContext> = .empty
        if e.noteVisibility == .proposed, d.acting.role == .coordinator, let id = e.id, let requestID = d.record.id {
            let preview = e.note ?? ""
            review = .div(.class("card note-review"),
                .p(.text("Người xem công khai sẽ thấy (đã che thông tin cá nhân): ")),
                .p(.peoplesWords, .style("white-space:pre-line"), .text(d.noteMasking?.mask(preview).text ?? preview)),
                .form(.method(.post), .action(SiteURL.staffNoteDecision(requestID, id, approve: true).path), .style("display:inline"),
                      Layout.csrfField(req), .button(.type(.submit), .text("Duyệt công khai"))),
                .form(.method(.post), .action(SiteURL.staffNoteDecision(requestID, id, approve: false).path), .style("display:inline"),
                      Layout.csrfField(req), .button(.type(.submit), .class("secondary"), .text("Giữ nội bộ"))))
        }
        return .li(head, .text(" – \(label) – \(e.actorLabel)"), internalMark, note, visibility, review)
    }

    static func triageForm(_ req: Request, _ d: Details) -> Node<HTML.BodyContext> {
        let r = d.record
        return .form(.class("card"), .id("triage-form"), .method(.post), .action(SiteURL.staffTriage(r.id!).path),
            .attribute(named: "data-warn-unsaved", value: "1"),
            Layout.csrfField(req),
            .h2(.text("Phân loại")),
            d.suggestion.map(suggestionHint) ?? .empty,
            FormFields.text("title", label: "Tiêu đề", value: r.title, maxLength: Intake.titleLength.upperBound),
            FormFields.groupedSelect("serviceCode", label: "Lĩnh vực", groups: ReferenceQueries.serviceGroups(d.services), selected: r.serviceCode, emptyLabel: "Chưa phân loại"),
            FormFields.select("urgency", label: "Mức độ", options: Urgency.allCases.map { ($0.rawValue, UrgencyLabel.of($0)) }, selected: r.urgency?.rawValue, emptyLabel: "Chưa xác định"),
            d.formerUnitHint.map(formerUnitHint) ?? .empty,
            FormFields.select("communeCode", label: "Xã, phường", options: d.communes.map { ($0.id ?? "", communeLabel($0)) }, selected: r.communeCode),
            .button(.type(.submit), .text("Lưu phân loại")))
    }

    /// Likely duplicates with their similarity, each with a one-click "merge into it" (the move to `duplicate`).
    static func duplicateSuggestions(_ req: Request, _ d: Details) -> Node<HTML.BodyContext> {
        let id = d.record.id!
        return .section(.class("card"), .id("duplicate-suggestions"),
            .h2(.text("Có thể trùng với")),
            .p(.class("muted"), .text("Phản ánh cùng xã, phường, nhận trong khoảng thời gian gần, nội dung giống nhau (so theo từ, không dấu).")),
            .ul(.forEach(d.duplicates) { other in
                .li(.a(.href(SiteURL.staffRequest(other.id).path), .text(other.trackingCode)),
                    .text(" – "), .span(.peoplesWords, .text(other.title)),
                    .text(" – \(Layout.date(other.receivedAt)) – \(other.status.label) – giống \(other.percent) % "),
                    .form(.class("inline"), .method(.post), .action(SiteURL.staffAction(id, .markDuplicate).path), .enctype(.multipartData),
                          Layout.csrfField(req),
                          .input(.type(.hidden), .name("duplicateOf"), .value(other.trackingCode)),
                          .input(.type(.hidden), .name("note"), .value("Trùng với phản ánh \(other.trackingCode).")),
                          .button(.type(.submit), .class("secondary"), .text("Gộp vào phản ánh này"))))
            }))
    }

    /// The knowledge base beside the answer (issue 14): a search (a GET form of its own, diacritic-blind) and the
    /// articles it finds — by default those of the case's field — each of which can be put in the answer box: as the
    /// whole answer for the operator's on-the-spot answer, quoted for an agency's answer. The answer then records it.
    static func knowledgeBox(_ req: Request, _ d: Details) -> Node<HTML.BodyContext> {
        let id = d.record.id!
        let direct = d.actions.contains(.answerDirectly)
        let target = direct ? WorkflowAction.answerDirectly : .answer
        return .section(.class("card"), .id("knowledge-box"),
            .h2(.text("Kiến thức")),
            .form(.method(.get), .action(SiteURL.staffRequest(id).path + "#knowledge-box"), .attribute(named: "role", value: "search"),
                FormFields.text("kb", label: "Tìm bài viết (có dấu hoặc không dấu)", value: d.knowledgeQuery, maxLength: 200, id: "kb"),
                .button(.type(.submit), .class("secondary"), .text("Tìm"))),
            .if(d.articles.isEmpty, .p(.class("muted"), .text("Không có bài viết phù hợp."))),
            .ul(.forEach(d.articles) { article in
                .li(.a(.href(SiteURL.knowledgeArticle(article.id!).path), .attribute(named: "target", value: "_blank"), .peoplesWords, .text(article.title)),
                    .text(" – "),
                    .a(.class("use-article"), .href(Layout.attribute(SiteURL.staffRequest(id).path + "?bai=\(article.id!.uuidString.lowercased())#action-\(target.rawValue)")),
                       .text(direct ? "Trả lời bằng bài này" : "Trích vào câu trả lời")))
            }))
    }

    /// A commune's name in the triage list; one no longer in force (the case's own) says since when:
    /// "Phường Quy Nhơn (hết hiệu lực sau 31/7/2026)".
    static func communeLabel(_ commune: Commune) -> String {
        guard let last = commune.validTo.flatMap(SolarDay.init(isoString:)) else { return commune.fullName }
        return "\(commune.fullName) (hết hiệu lực sau \(last.day)/\(last.month)/\(last.year))"
    }

    /// The address names a commune of before the 2025 reform: what it is now, for the operator to choose (nothing is
    /// selected by itself).
    static func formerUnitHint(_ hint: AdministrativeUnits.Hint) -> Node<HTML.FormContext> {
        .div(.class("hint"), .id("former-unit-hint"),
             .p(.text(hint.text + ".")),
             .if(hint.mapped.isSplit, .p(.class("muted"), .text("Xã, phường cũ này được chia cho nhiều đơn vị mới: chọn theo địa chỉ cụ thể."))))
    }

    /// The triage suggestions beside the form: advice read from the text, never applied by itself.
    static func suggestionHint(_ hint: Suggestions.Hint) -> Node<HTML.FormContext> {
        .div(.class("hint"), .id("triage-suggestions"),
            .p(.strong(.text("Gợi ý từ nội dung (để tham khảo): ")),
               // One element per field, so that each field's name is read (and translated) as itself.
               .text("lĩnh vực: "),
               .group(hint.fields.enumerated().map { index, field in
                   .span(.text("\(field.name) (\(field.percent) %)\(index == hint.fields.count - 1 ? "." : ",") "))
               })),
            hint.outcome.map { .p(.strong(.text("Có thể cần: ")), .text("\($0) (\(hint.outcomePercent) %).")) } ?? .empty,
            hint.urgency.map { .p(.text("Mức độ: \($0) (\(hint.urgencyPercent) %).")) } ?? .empty)
    }

    static func actionForm(_ req: Request, _ d: Details, _ action: WorkflowAction) -> Node<HTML.BodyContext> {
        let id = d.record.id!
        let agencyOptions = d.agencies.map { ($0.id!.uuidString, $0.name) }
        let extra: Node<HTML.FormContext>
        switch action {
        case .reject:
            extra = FormFields.select("rejectionReason", label: "Lý do từ chối", options: RejectionReason.allCases.map { ($0.rawValue, $0.label) }, selected: nil, required: true, emptyLabel: "— Chọn lý do —")
        case .redirectToEmergency:
            extra = FormFields.select("emergencyService", label: "Chuyển đến", options: EmergencyService.allCases.map { ($0.rawValue, $0.label) }, selected: nil, required: true, emptyLabel: "— Chọn —")
        case .markDuplicate:
            extra = FormFields.text("duplicateOf", label: "Mã phản ánh gốc", value: nil, required: true)
        case .forward:
            extra = .group(
                FormFields.select("leadAgencyID", label: "Cơ quan chủ trì\(d.proposedAgencyID != nil ? " (đề xuất theo quy tắc chuyển)" : "")", options: agencyOptions,
                                  selected: d.proposedAgencyID?.uuidString, required: true, emptyLabel: "— Chọn cơ quan —"),
                .label(.for("coHandlerIDs-\(action.rawValue)"), .text("Cơ quan phối hợp (không bắt buộc; trên máy tính giữ Ctrl để chọn nhiều)")),
                .select(.id("coHandlerIDs-\(action.rawValue)"), .attribute(named: "name", value: "coHandlerIDs[]"), .attribute(named: "multiple"), .attribute(named: "size", value: "5"),
                        .forEach(agencyOptions) { value, label in FormFields.option(value, label, selected: false) }))
        case .answer:
            extra = .group(
                .label(.for("answer-files"), .text("Tệp kèm trả lời (JPEG, PNG, PDF)")),
                .input(.type(.file), .id("answer-files"), .name("attachments[]"), .multiple(true), .attribute(named: "accept", value: "image/jpeg,image/png,application/pdf")))
        default:
            extra = .empty
        }
        let noteLabel: String
        switch action {
        case .answer, .answerDirectly: noteLabel = "Nội dung trả lời"
        case .requestInformation: noteLabel = "Thông tin cần người gửi bổ sung (người gửi sẽ thấy)"
        default: noteLabel = action.requiresNote ? "Lý do, ghi chú" : "Ghi chú (không bắt buộc)"
        }
        let isAnswer = action == .answer || action == .answerDirectly
        // The template picker: a GET form of its own (forms do not nest) that reloads the page with the text in the box.
        let picker: Node<HTML.BodyContext> = isAnswer && !d.templates.isEmpty
            ? .form(.class("card template-picker"), .method(.get), .action(SiteURL.staffRequest(id).path + "#action-\(action.rawValue)"),
                    FormFields.select("mau", label: "Mẫu trả lời", options: d.templates.map { ($0.id!.uuidString.lowercased(), $0.title) },
                                      selected: nil, emptyLabel: "— Chọn mẫu —"),
                    .button(.type(.submit), .class("secondary"), .text("Dùng mẫu")))
            : .empty
        return .group(picker, .form(.class("card action"), .id("action-\(action.rawValue)"), .method(.post), .action(SiteURL.staffAction(id, action).path),
            .attribute(named: "data-warn-unsaved", value: "1"),
            .enctype(.multipartData),
            Layout.csrfField(req),
            .h3(.text(action.label)),
            extra,
            .if(isAnswer && d.pickedArticle != nil, .group(
                .input(.type(.hidden), .name("articleID"), .value(d.pickedArticle?.id?.uuidString ?? "")),
                .p(.class("hint"), .id("article-picked"), .text("Lấy từ bài viết “\(d.pickedArticle?.title ?? "")”; có thể sửa trước khi gửi.")))),
            FormFields.textarea("note", label: noteLabel, value: isAnswer ? d.answerDraft : nil, required: action.requiresNote, maxLength: 5000,
                                id: "note-\(action.rawValue)"),
            .if(action.isPublicByDefault && action != .publish,
                .label(.class("check"), .input(.type(.checkbox), .name("notePublic"), .value("on"), .id("notePublic-\(action.rawValue)")),
                       .text(d.acting.role == .coordinator ? "Công khai ghi chú này (đã che thông tin cá nhân)"
                                                          : "Đề nghị công khai ghi chú này (điều phối viên duyệt trước khi công khai)"))),
            .button(.type(.submit), .attribute(named: "name", value: "submit"), .text(action.label))))
    }
}
