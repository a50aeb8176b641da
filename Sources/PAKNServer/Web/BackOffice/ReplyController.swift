import Fluent
import Foundation
import PAKNChannels
import PAKNDomain
import Plot
import Vapor

/// The operator's reply box under a case's conversation (issue 4 "Operator experience"): the channel the reply
/// will take and why, then a preview of the text exactly as it will go out — for SMS, without diacritics when so
/// configured, with its segment count and cost — before anything is sent.
///
/// `POST /quan-tri/phan-anh/:id/tra-loi` with `text` shows the preview; with `confirm=1` as well it queues the
/// reply (``StaffReply``) and returns to the case.
enum ReplyController {
    struct ReplyForm: Content { var text: String?; var confirm: String?; var key: String? }

    /// The reply card for the detail page, or nothing when the viewer may not reply.
    static func card(_ req: Request, record: ServiceRequestRecord, plan: DeliveryPlan?) -> Node<HTML.BodyContext> {
        guard let plan, let id = record.id else { return .empty }
        return .form(.class("card"), .id("reply-form"), .method(.post), .action(SiteURL.staffReply(id).path),
            Layout.csrfField(req),
            .h3(.text("Trả lời công dân")),
            .p(.id("reply-route"), .text(plan.summary)),
            FormFields.textarea("text", label: "Nội dung", value: nil, required: true, maxLength: StaffReply.maximumLength, id: "reply-text"),
            .button(.type(.submit), .text("Xem trước khi gửi")))
    }

    /// Preview (no `confirm`) or send (`confirm=1`).
    static func reply(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let record = try await BackOfficeController.record(req, acting: acting)
        guard StaffReply.mayReply(acting, to: record) else { throw AppError.forbidden() }
        let form = try req.content.decode(ReplyForm.self)
        let text = form.text ?? ""
        let id = try record.requireID()
        if form.confirm == "1" {
            let formKey = form.key.flatMap(UUID.init(uuidString:)) ?? UUID()
            _ = try await StaffReply.enqueue(text, about: record, acting: acting, formKey: formKey, on: req.db, now: Date())
            return req.redirect(to: SiteURL.staffRequest(id).path + "#conversation")
        }
        let clean = VietnameseText.sanitizedText(text).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !clean.isEmpty else { throw AppError.invalid("Hãy nhập nội dung trả lời.") }
        guard clean.count <= StaffReply.maximumLength else { throw AppError.invalid("Nội dung trả lời dài quá \(StaffReply.maximumLength) ký tự.") }
        var config = req.paknConfiguration
        config.channels = try await ChannelConfiguration.effective(base: config.channels, on: req.db)
        let plan = try await DeliveryPlan.make(for: record, author: .person, config: config.channels, on: req.db, now: Date())
        let signed = StaffReply.signed(clean, request: record)
        let code = TrackingCode(digits: record.trackingCode)?.formatted ?? record.trackingCode
        return Layout.response(Layout.render(title: "Xem trước trả lời \(code)", for: req, body: .div(
            .h1(.text("Xem trước trả lời – phản ánh "), .span(.class("code"), .text(code))),
            .p(.id("reply-route"), .text(plan.summary)),
            .forEach(plan.steps.prefix(1)) { step in stepPreview(step, text: signed, config: config) },
            .if(plan.steps.isEmpty, .div(.class("card"),
                .p(.strong(.text("Nội dung được lưu vào hội thoại để cán bộ liên hệ công dân:"))),
                .p(.id("reply-preview"), .style("white-space:pre-line"), .text(signed)))),
            .if(plan.steps.count > 1, .p(.class("muted"), .id("reply-fallbacks"),
                .text("Nếu không gửi được: " + plan.steps.dropFirst().map(\.channel.label).joined(separator: ", sau đó ") + "."))),
            .form(.method(.post), .action(SiteURL.staffReply(id).path),
                Layout.csrfField(req),
                .input(.type(.hidden), .name("text"), .value(Layout.attribute(clean))),
                .input(.type(.hidden), .name("confirm"), .value("1")),
                // One id per preview: sending the same form twice queues one reply.
                .input(.type(.hidden), .name("key"), .value(UUID().uuidString.lowercased())),
                .button(.type(.submit), .id("reply-confirm"), .text(plan.steps.isEmpty ? "Lưu để liên hệ sau" : "Gửi"))),
            .p(.a(.href(SiteURL.staffRequest(id).path), .text("Quay lại, sửa nội dung")))
        )))
    }

    /// What the first step will send: the exact text, and for SMS its segments and price.
    static func stepPreview(_ step: DeliveryPlan.Step, text: String, config: AppConfiguration) -> Node<HTML.BodyContext> {
        let sent = NotificationDelivery.render(text, for: step.channel, config: config)
        var facts: [String] = []
        switch step {
        case .sms:
            let count = SMSText.count(sent)
            let price = count.segments * config.channels.smsSegmentPriceVND
            facts.append("\(count.segments) tin SMS (\(count.encoding == .gsm7 ? "không dấu, GSM-7" : "có dấu, UCS-2"), \(count.units) ký tự, \(count.unitsPerSegment) ký tự mỗi tin)")
            facts.append("chi phí khoảng \(grouped(price)) đ")
            if count.encoding == .ucs2 { facts.append("gửi có dấu tốn gấp khoảng 2,3 lần") }
        case .chat:
            let parts = TextSplitting.split(sent, maximumCharacters: NotificationDelivery.chatPartLimit).count
            if parts > 1 { facts.append("chia thành \(parts) tin (tối đa \(NotificationDelivery.chatPartLimit) ký tự mỗi tin)") }
        case .email:
            facts.append("thư có mã phản ánh trong tiêu đề, trả lời vào chuỗi thư của công dân")
        }
        return .div(.class("card"),
            .p(.strong(.text("Nội dung sẽ gửi qua \(step.channel.label):"))),
            .p(.id("reply-preview"), .style("white-space:pre-line"), .text(sent)),
            .if(!facts.isEmpty, .p(.class("muted"), .id("reply-cost"), .text(facts.joined(separator: " · ")))))
    }

    /// 1600 → "1.600" (Vietnamese digit grouping).
    static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(".") }
            out.append(digit)
        }
        return out
    }
}
