import PAKNDomain
import Plot
import Vapor

/// The home page: what 1022 is, the two main actions, and the latest published answers.
enum HomePage {
    static func render(_ req: Request, recent: [ServiceRequestRecord]) -> String {
        let identity = req.paknConfiguration.identity
        return Layout.render(title: "Trang chủ", for: req, body: .div(
            .p(.class("muted"), .id("authority"), .text(identity.authority.uppercased())),
            .h1(.text(identity.siteName)),
            .p(.text("Gửi phản ánh, kiến nghị về thủ tục hành chính, kinh tế – xã hội, dịch vụ công và sự cố hạ tầng. Mỗi phản ánh có một mã tra cứu để theo dõi quá trình xử lý.")),
            .p(.class("hotline"), .text("Gọi tổng đài "), .a(.href(identity.hotlineLink), .strong(.text(identity.hotline))),
               .text(" (\(identity.hotlineHours)), hoặc gửi trực tuyến dưới đây.")),
            .p(.class("muted"), .text("Trường hợp khẩn cấp: gọi 113 (công an), 114 (cứu hỏa, cứu nạn), 115 (cấp cứu). Khiếu nại, tố cáo được giải quyết theo thủ tục riêng.")),
            .p(.a(.class("button"), .href(SiteURL.submit.path), .text("Gửi phản ánh, kiến nghị"))),
            .form(.class("card"), .method(.get), .action(SiteURL.lookup.path),
                  FormFields.text("ma", label: "Tra cứu theo mã", value: nil, type: .text, hint: "Mã gồm 10 chữ số, ví dụ 123-456-7894", autocomplete: "off", inputMode: "numeric"),
                  .button(.type(.submit), .text("Tra cứu"))),
            .h2(.text("Trả lời mới công khai")),
            .if(recent.isEmpty, .p(.class("muted"), .text("Chưa có trả lời nào được công khai."))),
            .forEach(recent) { PublishedPage.item($0) },
            .p(.a(.href(SiteURL.published.path), .text("Xem tất cả kết quả trả lời")), .text(" · "),
               .a(.href(SiteURL.publicStatistics.path), .text("Thống kê tình hình tiếp nhận, trả lời")), .text(" · "),
               .a(.href(SiteURL.publicMap.path), .text("Bản đồ")))
        ))
    }
}
