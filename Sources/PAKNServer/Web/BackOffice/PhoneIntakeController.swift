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

    static func render(_ req: Request, phone: String) async throws -> Response {
        let acting = try requireOperator(req)
        var form = PublicController.SubmissionForm()
        form.phone = phone
        let message = try await sourceMessage(req.query[String.self, at: "tin-nhan"], on: req.db)
        if let message { form.content = message.body }
        let call = try await sourceCall(req.query[String.self, at: "call"], on: req.db)
        if let call, phone.isEmpty { form.phone = call.citizenPhone }
        let earlier = try await earlierRequests(phone: form.phone ?? "", acting: acting, on: req.db)
        return Layout.response(try await page(req, form: form, errors: [], earlier: earlier, message: message, call: call))
    }

    static func create(_ req: Request) async throws -> Response {
        let acting = try requireOperator(req)
        let form = try req.formFields(PublicController.SubmissionForm.self)
        let message = try await sourceMessage(req.uploadForm?.value("messageID") ?? (try? req.content.get(String.self, at: "messageID")), on: req.db)
        let call = try await sourceCall(req.uploadForm?.value("callID") ?? (try? req.content.get(String.self, at: "callID")), on: req.db)
        let channel = message?.channel ?? .phone
        let result = try await IntakeService.submit(form.submission, files: req.uploadedFiles, channel: channel, acting: acting,
                                                    config: req.paknConfiguration, on: req.db)
        switch result {
        case .success(let record):
            if let message { try await ChannelInboxController.attach(message, to: record.requireID(), on: req.db) }
            if let call {
                call.requestID = try record.requireID()
                try await call.save(on: req.db)
            }
            return req.redirect(to: SiteURL.staffRequest(try record.requireID()).path)
        case .failure(let failure):
            let errors = failure.errors
            let earlier = try await earlierRequests(phone: form.phone ?? "", acting: acting, on: req.db)
            return Layout.response(try await page(req, form: form, errors: errors, earlier: earlier, message: message, call: call), status: .unprocessableEntity)
        }
    }

    /// The call with this id that has no request yet, if any (`?call=`).
    static func sourceCall(_ id: String?, on db: Database) async throws -> CallRecord? {
        guard let id = id.flatMap(UUID.init(uuidString:)), let call = try await CallRecord.find(id, on: db),
              call.requestID == nil else { return nil }
        return call
    }

    /// The unattached inbound message with this id, if any.
    static func sourceMessage(_ id: String?, on db: Database) async throws -> MessageRecord? {
        guard let id = id.flatMap(UUID.init(uuidString:)),
              let message = try await MessageRecord.find(id, on: db),
              message.requestID == nil, message.direction == .inbound else { return nil }
        return message
    }

    static func requireOperator(_ req: Request) throws -> Acting {
        let acting = try req.requireActing()
        guard acting.role == .operator || acting.role == .coordinator else { throw AppError.forbidden() }
        return acting
    }

    /// Earlier cases of the contacts with this phone number, within what the operator may see (newest first, at most
    /// 20).
    static func earlierRequests(phone: String, acting: Acting, on db: Database) async throws -> [ServiceRequestRecord] {
        guard let digits = PhoneNumber.normalize(phone) else { return [] }
        return try await earlierRequests(phones: [digits], acting: acting, on: db)[digits] ?? []
    }

    /// The same for many numbers (normalised, `PhoneNumber.normalize`) in three queries, keyed by number: the list of
    /// recent calls asks for a hundred at once.
    static func earlierRequests(phones: Set<String>, acting: Acting, on db: Database) async throws -> [String: [ServiceRequestRecord]] {
        guard !phones.isEmpty else { return [:] }
        let contacts = try await Contact.query(on: db).filter(\.$phoneDigits ~~ Array(phones)).all()
        guard !contacts.isEmpty else { return [:] }
        let links = try await RequestContact.query(on: db).filter(\.$contactID ~~ contacts.compactMap(\.id)).all()
        guard !links.isEmpty else { return [:] }
        let cases = try await CaseAccess.visibleCases(to: acting, on: db).filter(\.$id ~~ Array(Set(links.map(\.sourceRequestID))))
            .sort(\.$receivedAt, .descending).all()
        var phoneOfContact: [UUID: String] = [:]
        for contact in contacts { if let id = contact.id, let digits = contact.phoneDigits { phoneOfContact[id] = digits } }
        var casesOfPhone: [String: Set<UUID>] = [:]
        for link in links { if let digits = phoneOfContact[link.contactID] { casesOfPhone[digits, default: []].insert(link.sourceRequestID) } }
        return casesOfPhone.mapValues { ids in Array(cases.filter { $0.id.map(ids.contains) ?? false }.prefix(20)) }
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
            .form(.method(.post), .action(SiteURL.phoneIntake.path + "/tra-so"), .class("card"),
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
