import Fluent
import Foundation
import PAKNDomain
import Plot
import Vapor

/// Look-up by tracking code: the public timeline and, once published, the masked answer.
/// Personal details and the original text are shown only after the second factor
/// (last 4 digits of the phone, or the email).
enum LookupPage {
    /// What the page shows, loaded by ``LookupDetail/load``.
    typealias Details = LookupDetail

    static func renderForm(_ req: Request, code: String, error: String?) -> String {
        Layout.render(title: "Tra cứu", for: req, body: .div(
            .h1(.text("Tra cứu phản ánh")),
            .form(.method(.get), .action(SiteURL.lookup.path),
                  FormFields.text("ma", label: "Mã tra cứu", value: code, hint: "10 chữ số, có thể gõ kèm dấu cách hoặc gạch ngang", autocomplete: "off", inputMode: "numeric"),
                  .unwrap(error) { .p(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) },
                  .button(.type(.submit), .text("Tra cứu")))
        ))
    }

    static func render(_ req: Request, details d: Details, verifyError: String? = nil) -> String {
        let r = d.record
        let published = r.publishedAt != nil && [.published, .closed, .reopened].contains(d.status)
        return Layout.render(title: "Phản ánh \(d.code)", for: req, body: .div(
            .h1(.text("Phản ánh mã "), .span(.class("code"), .id("tracking-code"), .text(d.code))),
            .p(.text("Trạng thái: "), .span(.class("status"), .id("status"), .text(d.status.label))),
            .div(.class("card"),
                .p(.text("Ngày tiếp nhận: \(Layout.date(r.receivedAt))")),
                .unwrap(d.serviceName) { .p(.text("Lĩnh vực: \($0)")) },
                .unwrap(d.communeName) { .p(.text("Địa bàn: \($0)")) },
                .unwrap(d.agencyName) { .p(.text("Cơ quan xử lý: \($0)")) },
                .if(d.status.isActive && r.dueAt != nil, .p(.text("Hạn xử lý: \(Layout.date(r.dueAt))")))
            ),
            .if(published, .div(.class("card"), .id("answer"),
                .h2(.peoplesWords, .text(r.publicTitle ?? "")),
                .p(.peoplesWords, .style("white-space:pre-line"), .text(r.publicDescription ?? "")),
                .h2(.text("Trả lời")),
                .p(.peoplesWords, .style("white-space:pre-line"), .id("answer-text"), .text(r.publicAnswer ?? "")),
                .forEach(d.publicFiles) { file in .p(.a(.href(SiteURL.publicAttachment(file.id!).path), .text("Tệp: \(file.filename)"))) }
            )),
            .h2(.text("Quá trình xử lý")),
            .ol(.class("timeline"), .forEach(d.events) { event in
                .li(.strong(.text(Layout.date(event.date))), .text(" – \(event.label)"),
                    .unwrap(event.note) { .div(.peoplesWords, .class("muted"), .text($0)) })
            }),
            ratingSection(req, d, published: published),
            verifiedSection(req, d, verifyError: verifyError)
        ))
    }

    static func ratingSection(_ req: Request, _ d: Details, published: Bool) -> Node<HTML.BodyContext> {
        if let rating = d.rating {
            return .div(.class("card"), .id("rating"), .p(.text("Đánh giá của người gửi: \(rating.stars)/5 sao.")))
        }
        guard published, d.verified, Workflow.ratableStatuses.contains(d.status) else { return .empty }
        return .form(.class("card"), .id("rating-form"), .method(.post), .action(SiteURL.rate(d.record.trackingCode).path),
            Layout.csrfField(req),
            .h2(.text("Đánh giá mức độ hài lòng")),
            FormFields.select("stars", label: "Số sao", options: (1...5).reversed().map { ("\($0)", "\($0) sao") }, selected: "5", required: true),
            FormFields.textarea("comment", label: "Nhận xét (không bắt buộc)", value: nil, maxLength: 1000),
            .button(.type(.submit), .text("Gửi đánh giá")))
    }

    static func verifiedSection(_ req: Request, _ d: Details, verifyError: String?) -> Node<HTML.BodyContext> {
        guard d.verified else {
            return .form(.class("card"), .id("verify-form"), .method(.post), .action(SiteURL.verify(d.record.trackingCode).path),
                Layout.csrfField(req),
                .h2(.text("Bạn là người gửi?")),
                FormFields.text("factor", label: "4 số cuối điện thoại hoặc email đã dùng khi gửi", value: nil, autocomplete: "off"),
                .unwrap(verifyError) { .p(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) },
                .button(.type(.submit), .text("Xác minh")))
        }
        let r = d.record
        return .div(
            .div(.class("card"), .id("personal"),
                .h2(.text("Thông tin bạn đã gửi")),
                .unwrap(d.contact) { c in .group(
                    .p(.text("Họ tên: \(c.fullName)")),
                    .unwrap(c.phone) { .p(.text("Điện thoại: \(PhoneNumber.display($0))")) },
                    .unwrap(c.email) { .p(.text("Email: \($0)")) }) },
                .p(.strong(.peoplesWords, .text(r.title))),
                .p(.peoplesWords, .style("white-space:pre-line"), .text(r.description))),
            .if(d.status == .awaitingCitizen, .form(.class("card"), .method(.post), .action(SiteURL.supply(r.trackingCode).path),
                Layout.csrfField(req),
                FormFields.textarea("note", label: "Bổ sung thông tin theo yêu cầu", value: nil, required: true, maxLength: 5000),
                .button(.type(.submit), .text("Gửi bổ sung")))),
            .if(d.canReopen, .form(.class("card"), .method(.post), .action(SiteURL.reopen(r.trackingCode).path),
                Layout.csrfField(req),
                FormFields.textarea("note", label: "Sự việc chưa được khắc phục? Phản ánh lại", value: nil, required: true, maxLength: 5000),
                .button(.type(.submit), .class("secondary"), .text("Phản ánh lại"))))
        )
    }
}
