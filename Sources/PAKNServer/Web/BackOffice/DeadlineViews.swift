import Fluent
import Foundation
import PAKNDomain
import Plot
import Vapor

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
                .p(.strong(.text("Đề nghị gia hạn đến \(Layout.date(ext.proposedDue)): ")), .span(.peoplesWords, .text(ext.reason))),
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
