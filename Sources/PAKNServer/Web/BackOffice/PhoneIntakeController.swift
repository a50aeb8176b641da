import Fluent
import Foundation
import PAKNDomain
import Plot
import Vapor

/// An operator enters a request on behalf of a caller (channel = phone) and sees the number's earlier requests.
/// With `?tin-nhan=<message id>` the form is prefilled from an unattached channel message (Zalo, Messenger, …): the
/// request gets that message's channel and the message (with the sender's other unattached ones) is attached.
enum PhoneIntakeController {
    static func form(_ req: Request) async throws -> Response {
        try await render(req, phone: "")
    }

    struct LookupForm: Content { var sdt: String? }

    /// The caller's earlier requests. A POST, so the number never appears in a URL, a history or a proxy log.
    static func lookup(_ req: Request) async throws -> Response {
        try await render(req, phone: try req.content.decode(LookupForm.self).sdt ?? "")
    }

    /// The form from a channel message: its text (cut to what a request holds), and for a mail the sender's name,
    /// address (a sufficient contact: no phone number is needed) and subject as the title; for an SMS the number.
    static func prefill(_ form: inout PublicController.SubmissionForm, from message: MessageRecord) {
        form.content = Excerpt.of(message.body, limit: Intake.contentLength.upperBound - 1)
        let details = MessageRecord.decodeDetails(message.details)
        switch message.channel {
        case .email:
            form.email = message.senderID
            if let name = details["from_name"], !name.isEmpty { form.fullName = Excerpt.of(name, limit: Intake.nameLength.upperBound - 1) }
            if let subject = details["subject"], !subject.isEmpty { form.title = Excerpt.of(subject, limit: Intake.titleLength.upperBound - 1) }
        case .sms:
            if let number = message.senderID, (form.phone ?? "").isEmpty { form.phone = number }
        default:
            break
        }
    }

    static func render(_ req: Request, phone: String) async throws -> Response {
        let acting = try req.requireOperator()
        var form = PublicController.SubmissionForm()
        form.phone = phone
        let message = try await ChannelInbox.unattachedMessage(req.query[String.self, at: "tin-nhan"], on: req.db)
        if let message { prefill(&form, from: message) }
        let call = try await Switchboard.unlinkedCall(req.query[String.self, at: "call"], on: req.db)
        if let call, phone.isEmpty { form.phone = call.citizenPhone }
        let earlier = try await Switchboard.earlierRequests(phone: form.phone ?? "", acting: acting, on: req.db)
        return Layout.response(try await page(req, form: form, errors: [], earlier: earlier, message: message, call: call))
    }

    static func create(_ req: Request) async throws -> Response {
        let acting = try req.requireOperator()
        let form = try req.formFields(PublicController.SubmissionForm.self)
        let message = try await ChannelInbox.unattachedMessage(req.uploadForm?.value("messageID") ?? (try? req.content.get(String.self, at: "messageID")), on: req.db)
        let call = try await Switchboard.unlinkedCall(req.uploadForm?.value("callID") ?? (try? req.content.get(String.self, at: "callID")), on: req.db)
        let result = try await AssistedIntake.submit(form.submission, files: req.uploadedFiles, message: message, call: call, acting: acting,
                                                     config: req.paknConfiguration, on: req.db)
        switch result {
        case .success(let record):
            return req.redirect(to: SiteURL.staffRequest(try record.requireID()).path)
        case .failure(let failure):
            let errors = failure.errors
            let earlier = try await Switchboard.earlierRequests(phone: form.phone ?? "", acting: acting, on: req.db)
            return Layout.response(try await page(req, form: form, errors: errors, earlier: earlier, message: message, call: call), status: .unprocessableEntity)
        }
    }

    static func page(_ req: Request, form: PublicController.SubmissionForm, errors: [FieldError], earlier: [ServiceRequestRecord],
                     message: MessageRecord? = nil, call: CallRecord? = nil) async throws -> String {
        let config = req.paknConfiguration
        let communes = try await ReferenceQueries.communes(province: config.provinceCode, on: req.db)
        let services = try await ReferenceQueries.services(on: req.db)
        return Layout.render(title: "Tiếp nhận cuộc gọi", for: req, body: .div(
            .h1(.text("Tiếp nhận cuộc gọi")),
            .unwrap(call) { c in .p(.class("card"), .id("from-call"),
                .text("Tạo phản ánh từ cuộc gọi của \(c.fromNumber) lúc \(Layout.date(c.initializedAt)).")) },
            .unwrap(message) { m in .p(.class("card"), .id("from-message"),
                .text("Tạo phản ánh từ tin nhắn \(m.channel.label) lúc \(Layout.date(m.createdAt)).")) },
            .form(.method(.post), .action(SiteURL.phoneIntakeLookup.path), .class("card"),
                  Layout.csrfField(req),
                  FormFields.text("sdt", label: "Số điện thoại người gọi", value: form.phone, type: .tel),
                  .button(.type(.submit), .class("secondary"), .text("Xem phản ánh trước đây"))),
            .if(!earlier.isEmpty, .div(.class("card"), .id("earlier"),
                .h2(.text("Phản ánh trước đây của số này")),
                .ul(.forEach(earlier) { r in .li(.a(.href(SiteURL.staffRequest(r.id!).path),
                    .text("\(TrackingCode(digits: r.trackingCode)?.formatted ?? r.trackingCode) – \(r.title) – \(r.status.label)"))) }))),
            .if(!errors.isEmpty, .div(.class("errors"), .ul(.forEach(errors) { .li(.text($0.message)) }))),
            .form(.method(.post), .action(SiteURL.phoneIntake.path), .enctype(.multipartData),
                Layout.csrfField(req),
                .unwrap(message) { m in .input(.type(.hidden), .name("messageID"), .value(m.id?.uuidString ?? "")) },
                .unwrap(call) { c in .input(.type(.hidden), .name("callID"), .value(c.id?.uuidString ?? "")) },
                FormFields.text("fullName", label: "Họ tên người gọi", value: form.fullName, errors: errors, required: true),
                FormFields.text("phone", label: "Số điện thoại", value: form.phone, errors: errors, type: .tel, required: true),
                FormFields.text("email", label: "Email", value: form.email, errors: errors, type: .email),
                FormFields.select("kind", label: "Loại", options: RequestKind.allCases.map { ($0.rawValue, $0.label) }, selected: form.kind ?? "phan_anh", errors: errors),
                FormFields.text("title", label: "Tiêu đề", value: form.title, errors: errors, required: true),
                FormFields.textarea("content", label: "Nội dung cuộc gọi", value: form.content, errors: errors, required: true),
                FormFields.groupedSelect("serviceCode", label: "Lĩnh vực", groups: ReferenceQueries.serviceGroups(services), selected: form.serviceCode, errors: errors, emptyLabel: "Chưa phân loại"),
                FormFields.select("communeCode", label: "Xã, phường", options: communes.map { ($0.id ?? "", $0.fullName) }, selected: form.communeCode, errors: errors, required: true, emptyLabel: "— Chọn —"),
                FormFields.text("address", label: "Địa chỉ", value: form.address, errors: errors),
                FormFields.checkbox("hideIdentityPublic", label: "Người gọi yêu cầu ẩn danh tính khi công khai", checked: form.hideIdentityPublic == "on"),
                FormFields.checkbox("hideIdentityFromAgency", label: "Người gọi yêu cầu ẩn danh tính với cơ quan xử lý", checked: form.hideIdentityFromAgency == "on"),
                FormFields.checkbox("consent", label: "Đã đọc thông báo xử lý dữ liệu cá nhân cho người gọi và người gọi đồng ý", checked: form.consent == "on", errors: errors),
                .button(.type(.submit), .text("Tạo phản ánh")))
        ))
    }
}
