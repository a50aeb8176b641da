import Fluent
import Foundation
import PAKNDomain
import Plot
import Vapor

/// What staff see of a case's deadlines: due instants, time left in working hours, pauses, extensions.
struct DeadlineSummary {
    let stage: DeadlineClock.Stage
    let due: Date?
    let originalDue: Date?
    /// Working seconds left (negative: overdue).
    let secondsLeft: TimeInterval
    let isPaused: Bool
    let pendingExtension: DeadlineClock.ExtensionRequest?
    let outcome: DeadlineClock.Timeliness?

    init?(lead: Assignment, context: DeadlineContext, now: Date = Date()) {
        guard let clock = lead.currentClock else { return nil }
        let calendar = context.calendar(for: lead.agencyID)
        stage = clock.stage
        due = clock.due(in: calendar)
        originalDue = clock.originalDue(in: calendar)
        secondsLeft = clock.workingSecondsLeft(at: now, in: calendar)
        isPaused = clock.isPaused
        pendingExtension = clock.extensionRequests.last.flatMap { $0.decision == nil ? $0 : nil }
        outcome = lead.outcome
    }

    /// "còn 5,5 giờ làm việc" / "quá hạn 2 giờ làm việc" / "tạm dừng (chờ bổ sung)".
    var timeLeftText: String {
        if isPaused { return "tạm dừng – chờ người gửi bổ sung (còn \(Self.hours(secondsLeft)) giờ làm việc)" }
        if let outcome { return outcome == .onTime ? "đã trả lời đúng hạn" : "đã trả lời trễ hạn" }
        return secondsLeft >= 0 ? "còn \(Self.hours(secondsLeft)) giờ làm việc" : "quá hạn \(Self.hours(-secondsLeft)) giờ làm việc"
    }

    var isOverdue: Bool { !isPaused && outcome == nil && secondsLeft < 0 }

    static func hours(_ seconds: TimeInterval) -> String {
        Layout.decimal(seconds / 3600)
    }
}

enum DeadlineViews {
    /// The deadline card of a case page, with the extension forms for whoever may use them.
    static func card(_ req: Request, requestID: UUID, summary: DeadlineSummary?, canRequestExtension: Bool, canDecide: Bool) -> Node<HTML.BodyContext> {
        guard let summary else { return .empty }
        let stage = summary.stage == .acceptance ? "Hạn tiếp nhận" : "Hạn xử lý"
        let extended = summary.due != nil && summary.originalDue != nil && summary.due != summary.originalDue
        let request: Node<HTML.BodyContext> = canRequestExtension && summary.pendingExtension == nil
            ? .form(.method(.post), .action(SiteURL.staffExtension(requestID).path), .id("extension-form"),
                    Layout.csrfField(req),
                    .h3(.text("Xin gia hạn")),
                    FormFields.text("proposedDue", label: "Hạn đề xuất (giờ Việt Nam)", value: nil, type: .text, required: true,
                                    hint: "Ví dụ 2026-12-15 16:00"),
                    FormFields.textarea("reason", label: "Lý do", value: nil, required: true, maxLength: 2000),
                    .button(.type(.submit), .class("secondary"), .text("Gửi đề nghị gia hạn")))
            : .empty
        let pending: Node<HTML.BodyContext> = summary.pendingExtension.map { ext in
            .div(.id("pending-extension"),
                .p(.strong(.text("Đề nghị gia hạn đến \(Layout.date(ext.proposedDue)): ")), .text(ext.reason)),
                .if(canDecide, .form(.method(.post), .action(SiteURL.staffExtensionDecision(requestID).path), .id("extension-decision"),
                    Layout.csrfField(req),
                    FormFields.textarea("reason", label: "Ghi chú (bắt buộc khi từ chối)", value: nil, maxLength: 2000),
                    .button(.type(.submit), .attribute(named: "name", value: "decision"), .attribute(named: "value", value: "approve"), .text("Đồng ý gia hạn")),
                    .button(.type(.submit), .class("secondary"), .attribute(named: "name", value: "decision"), .attribute(named: "value", value: "refuse"), .text("Từ chối")))))
        } ?? .empty
        return .div(.class("card"), .id("deadline"),
            .h2(.text("Thời hạn")),
            .p(.text("\(stage): \(Layout.date(summary.due))"), .if(extended, .text(" (hạn ban đầu \(Layout.date(summary.originalDue)))"))),
            .p(.class(summary.isOverdue ? "urgent" : "muted"), .id("time-left"), .text(summary.timeLeftText)),
            pending,
            request)
    }
}

extension DeadlineSummary {
    /// The summaries of the lead assignments of these cases, with one query and one calendar load.
    static func forRequests(_ ids: [UUID], on db: Database, now: Date = Date()) async throws -> [UUID: DeadlineSummary] {
        guard !ids.isEmpty else { return [:] }
        let context = try await DeadlineStore.load(on: db)
        let leads = try await Assignment.query(on: db).filter(\.$requestID ~~ ids).filter(\.$active == true).filter(\.$role == .lead).allReadable(logger: db.logger)
        var result: [UUID: DeadlineSummary] = [:]
        for lead in leads { result[lead.requestID] = DeadlineSummary(lead: lead, context: context, now: now) }
        return result
    }
}
