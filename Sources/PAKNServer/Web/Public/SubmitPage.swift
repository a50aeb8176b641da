import Fluent
import PAKNDomain
import Plot
import Vapor

/// The submission form. Plain HTML: a commune `<select>` and file input that work without scripts,
/// consent never pre-ticked, errors next to each field.
enum SubmitPage {
    static let privacyNotice = """
    Thông tin cá nhân (họ tên, số điện thoại, email) chỉ dùng để xử lý và trả lời phản ánh của bạn, được lưu riêng \
    và không bao giờ công khai. Nội dung trả lời được công khai sau khi che thông tin cá nhân. Bạn có thể yêu cầu \
    xem, sửa hoặc xóa dữ liệu của mình (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15).
    """

    static func render(_ req: Request, form: PublicController.SubmissionForm, errors: [FieldError], choices: ReferenceQueries.Choices) -> String {
        let config = req.paknConfiguration
        let communes = choices.communes, services = choices.services
        return Layout.render(title: "Gửi phản ánh, kiến nghị", for: req, body: .div(
            .h1(.text("Gửi phản ánh, kiến nghị")),
            .if(!errors.isEmpty, .div(.class("errors"), .attribute(named: "role", value: "alert"),
                .p(.text("Vui lòng sửa các lỗi sau:")),
                .ul(.forEach(errors) { .li(.text($0.message)) }))),
            .form(.method(.post), .action(SiteURL.submit.path), .enctype(.multipartData),
                Layout.csrfField(req),
                .input(.type(.hidden), .name("formID"), .value(Layout.attribute(form.formID.flatMap(UUID.init(uuidString:))?.uuidString ?? UUID().uuidString))),
                .fieldset(.element(named: "legend", text: "Nội dung"),
                    FormFields.select("kind", label: "Loại", options: RequestKind.allCases.map { ($0.rawValue, $0.label) },
                                      selected: form.kind ?? RequestKind.report.rawValue, errors: errors, required: true),
                    FormFields.text("title", label: "Tiêu đề", value: form.title, errors: errors, required: true, maxLength: Intake.titleLength.upperBound),
                    FormFields.textarea("content", label: "Nội dung", value: form.content, errors: errors, required: true, maxLength: Intake.contentLength.upperBound),
                    FormFields.groupedSelect("serviceCode", label: "Lĩnh vực", groups: ReferenceQueries.serviceGroups(services), selected: form.serviceCode, errors: errors, emptyLabel: "Chưa rõ – tổng đài viên sẽ phân loại")
                ),
                .fieldset(.element(named: "legend", text: "Địa điểm"),
                    FormFields.select("communeCode", label: "Xã, phường", options: communes.map { ($0.id ?? "", $0.fullName) },
                                      selected: form.communeCode, errors: errors, required: true, emptyLabel: "— Chọn xã, phường —"),
                    FormFields.text("address", label: "Địa chỉ cụ thể (số nhà, đường, thôn)", value: form.address, errors: errors, maxLength: Intake.addressMaxLength),
                    .p(.class("muted"), .text("Tọa độ trên bản đồ (không bắt buộc), ví dụ 13.7765 và 109.2237. Tọa độ không bao giờ được công khai.")),
                    // The map pin and "my location" (pakn-map.js) go here; without scripts the fields below are all.
                    .div(.id("pin-map-slot")),
                    .div(.class("filters"),
                        .div(FormFields.text("latitude", label: "Vĩ độ", value: form.latitude, errors: errors, inputMode: "decimal")),
                        .div(FormFields.text("longitude", label: "Kinh độ", value: form.longitude, errors: errors, inputMode: "decimal")))
                ),
                .fieldset(.element(named: "legend", text: "Tệp đính kèm (không bắt buộc)"),
                    .p(.class("muted"), .text("Tối đa \(config.maxAttachments) tệp ảnh JPEG, PNG hoặc PDF, mỗi tệp không quá \(config.maxAttachmentBytes / (1024 * 1024)) MB. Thông tin vị trí (GPS) trong ảnh được xóa trước khi lưu.")),
                    .label(.for("attachments"), .text("Chọn tệp")),
                    .input(.type(.file), .id("attachments"), .name("attachments[]"), .multiple(true),
                           .attribute(named: "accept", value: "image/jpeg,image/png,application/pdf")),
                    FormFields.errorNode(errors, "attachments")
                ),
                .fieldset(.element(named: "legend", text: "Thông tin người gửi"),
                    FormFields.text("fullName", label: "Họ và tên", value: form.fullName, errors: errors, required: true, maxLength: Intake.nameLength.upperBound, autocomplete: "name"),
                    FormFields.text("phone", label: "Số điện thoại", value: form.phone, errors: errors, type: .tel, hint: "Cần số điện thoại hoặc email để nhận kết quả.", autocomplete: "tel"),
                    FormFields.text("email", label: "Email", value: form.email, errors: errors, type: .email, maxLength: Intake.emailMaxLength, autocomplete: "email"),
                    FormFields.checkbox("hideIdentityPublic", label: "Ẩn danh tính của tôi khi công khai kết quả", checked: form.hideIdentityPublic == "on"),
                    FormFields.checkbox("hideIdentityFromAgency", label: "Ẩn danh tính của tôi với cơ quan xử lý", checked: form.hideIdentityFromAgency == "on")
                ),
                .fieldset(.element(named: "legend", text: "Thông báo xử lý dữ liệu cá nhân (phiên bản \(config.privacyNoticeVersion))"),
                    .p(.text(privacyNotice)),
                    FormFields.checkbox("consent", label: "Tôi đã đọc và đồng ý với thông báo trên", checked: form.consent == "on", errors: errors)
                ),
                .button(.type(.submit), .text("Gửi phản ánh"))
            ),
            MapEnhancement.scripts(req)
        ))
    }
}

/// The page after a successful submission: the tracking code, large and easy to read aloud.
enum ConfirmationPage {
    static func render(_ req: Request, trackingCode digits: String) -> String {
        let code = TrackingCode(digits: digits)?.formatted ?? digits
        return Layout.render(title: "Đã tiếp nhận", for: req, body: .div(
            .h1(.text("Đã tiếp nhận phản ánh của bạn")),
            .div(.class("card"),
                .p(.text("Mã tra cứu của bạn:")),
                .p(.class("code"), .id("tracking-code"), .text(code)),
                .p(.class("muted"), .text("Hãy ghi lại mã này. Bạn có thể tra cứu trên trang này hoặc gọi tổng đài 1022 và đọc mã cho tổng đài viên."))),
            .p(.a(.class("button"), .href(SiteURL.lookupCode(digits).path), .text("Theo dõi xử lý")))
        ))
    }
}
