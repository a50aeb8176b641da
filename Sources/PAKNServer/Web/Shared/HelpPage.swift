import Foundation
import PAKNDomain
import Plot
import Vapor

/// Short guides in Vietnamese, one per role (issue 14, "Help"): `/huong-dan` lists them and `/huong-dan/{topic}` shows
/// one. Linked from every page's footer; a staff member's page opens their own role's guide from the menu. Public:
/// nothing here is secret, and a citizen may read how their request is handled.
enum HelpPage {
    /// One guide: its address segment, title, who it is for and its steps.
    struct Guide: Sendable {
        let topic: String
        let title: String
        let audience: String
        let sections: [(heading: String, steps: [String])]
    }

    static let guides: [Guide] = [
        Guide(topic: "nguoi-dan", title: "Người dân, tổ chức: gửi và theo dõi phản ánh", audience: "Người dân, doanh nghiệp, tổ chức", sections: [
            ("Gửi phản ánh, kiến nghị", [
                "Gọi tổng đài 1022, hoặc chọn “Gửi phản ánh” trên trang này, hoặc nhắn qua Zalo, Facebook, thư điện tử của Trung tâm.",
                "Ghi rõ sự việc, địa điểm (xã, phường, số nhà, tên đường) và thời gian; có thể đính kèm ảnh hoặc tệp PDF.",
                "Việc khẩn cấp về an ninh, cháy nổ, cấp cứu xin gọi ngay 113, 114, 115. Khiếu nại, tố cáo được giải quyết theo thủ tục riêng.",
            ]),
            ("Theo dõi và đánh giá", [
                "Sau khi gửi, bạn nhận mã tra cứu 10 chữ số. Vào “Tra cứu”, nhập mã để xem cơ quan nào đang xử lý và hạn trả lời.",
                "Khi có trả lời, bạn được báo qua kênh đã dùng (tin nhắn, thư, Zalo, Facebook). Bạn có thể đánh giá câu trả lời hoặc phản ánh lại nếu chưa thỏa đáng.",
                "Thông tin cá nhân của bạn không bao giờ được công khai; nội dung công khai đã được che họ tên, số điện thoại, địa chỉ.",
            ]),
            ("Hỏi đáp", ["Trang “Hỏi đáp” có hướng dẫn thủ tục và câu trả lời cho câu hỏi thường gặp; hãy tìm ở đó trước khi gửi."]),
        ]),
        Guide(topic: "tong-dai-vien", title: "Tổng đài viên: tiếp nhận cuộc gọi và tin nhắn", audience: "Tổng đài viên", sections: [
            ("Khi có cuộc gọi", [
                "Mở “Cuộc gọi”: cuộc gọi mới hiện ở đầu danh sách; chọn “Tạo phản ánh từ cuộc gọi này” để mở phiếu tiếp nhận có sẵn số người gọi.",
                "Ở “Tiếp nhận cuộc gọi”, nhập số người gọi và chọn “Xem phản ánh trước đây” để biết họ đã phản ánh gì.",
                "Nhập nội dung người dân trình bày, chọn xã, phường; nếu họ hỏi về thủ tục, tìm ở “Kiến thức” và trả lời ngay.",
                "Đọc lại mã tra cứu cho người gọi trước khi kết thúc cuộc gọi.",
            ]),
            ("Phân loại", [
                "Trên trang phản ánh, xem gợi ý lĩnh vực, mức độ và các phản ánh có thể trùng; gợi ý chỉ để tham khảo.",
                "Việc khẩn cấp: chọn “Thao tác khác” → chuyển 113/114/115. Khiếu nại, tố cáo: chuyển thủ tục khiếu nại, tố cáo.",
                "Trả lời trực tiếp: ở ô “Kiến thức” chọn “Trả lời bằng bài này”, sửa nếu cần, rồi gửi; phản ánh ghi lại bài đã dùng.",
            ]),
            ("Tin nhắn đến", ["“Tin nhắn đến” gom Zalo, Facebook, thư điện tử và SMS: gắn tin vào phản ánh đang có hoặc tạo phản ánh mới từ tin đó."]),
        ]),
        Guide(topic: "dieu-phoi-vien", title: "Điều phối viên: chuyển xử lý, duyệt và công khai", audience: "Điều phối viên của Trung tâm", sections: [
            ("Chuyển xử lý", [
                "Mở phản ánh đã phân loại, chọn cơ quan chủ trì (hệ thống đề xuất theo quy tắc chuyển) và cơ quan phối hợp nếu cần.",
                "Theo dõi hạn ở “Hàng đợi” (lọc quá hạn, sắp đến hạn); duyệt hoặc từ chối đề nghị gia hạn của cơ quan.",
            ]),
            ("Công khai", [
                "Xem trước nội dung công khai: phần thông tin cá nhân được che tự động và tô màu; sửa nếu còn sót rồi công khai.",
                "Ghi chú mà cơ quan đề nghị công khai chỉ hiện với người dân sau khi bạn duyệt.",
            ]),
            ("Kiến thức và mẫu trả lời", ["Duyệt bài viết cơ quan đề xuất; công khai bài phù hợp lên trang Hỏi đáp; đặt ngày rà soát lại cho mỗi bài."]),
        ]),
        Guide(topic: "co-quan", title: "Cán bộ và lãnh đạo cơ quan: xử lý và trả lời", audience: "Cán bộ xử lý, lãnh đạo đơn vị", sections: [
            ("Tiếp nhận", [
                "“Hàng đợi” chỉ có phản ánh của cơ quan bạn. Tiếp nhận trong thời hạn; nếu không thuộc thẩm quyền, trả lại kèm lý do.",
                "Cần thêm thời gian: đề nghị gia hạn kèm lý do; cần người dân bổ sung: yêu cầu bổ sung thông tin (đồng hồ tạm dừng).",
            ]),
            ("Trả lời", [
                "Soạn trả lời (có thể chọn mẫu trả lời hoặc trích bài viết kiến thức), đính kèm văn bản nếu có; lãnh đạo đơn vị duyệt trước khi gửi Trung tâm.",
                "Lãnh đạo có thể trả lại dự thảo để sửa; phản ánh quay về cán bộ xử lý với ghi chú của lãnh đạo.",
            ]),
            ("Hạn xử lý", ["Hạn tính theo ngày làm việc, trừ thứ Bảy, Chủ nhật và ngày nghỉ lễ, Tết theo lịch của tỉnh."]),
        ]),
        Guide(topic: "lanh-dao", title: "Lãnh đạo: theo dõi và báo cáo", audience: "Lãnh đạo tỉnh, lãnh đạo sở, ngành, địa phương", sections: [
            ("Thống kê", [
                "“Thống kê” cho số lượng tiếp nhận, tỷ lệ đúng hạn, số quá hạn theo cơ quan, lĩnh vực, kênh, xã, phường và mức độ; mỗi con số mở được danh sách phản ánh.",
                "“Báo cáo” in được theo mẫu văn bản hành chính; xuất Excel hoặc CSV từ hàng đợi và thống kê.",
            ]),
            ("Bản đồ", ["“Bản đồ” cho biết phản ánh đang xử lý, quá hạn, đã trả lời theo từng xã, phường."]),
        ]),
        Guide(topic: "quan-tri", title: "Quản trị hệ thống", audience: "Cán bộ công nghệ thông tin", sections: [
            ("Danh mục", [
                "Quản lý cơ quan, người dùng và vai trò, lĩnh vực, quy tắc chuyển xử lý, lịch nghỉ lễ và giờ làm việc, thời hạn xử lý.",
                "Kết nối kênh (Zalo, Facebook, thư điện tử, SMS, tổng đài) ở “Kênh kết nối”; khóa API cho phần mềm đối tác.",
            ]),
            ("Vận hành", [
                "Sao lưu: lệnh pakn backup; khôi phục: pakn restore vào thư mục dữ liệu hoặc cơ sở dữ liệu trống.",
                "Nhật ký truy cập ghi mọi lần xem thông tin liên hệ và mọi thay đổi quản trị.",
            ]),
        ]),
    ]

    /// The guide for a staff role.
    static func topic(for role: Role) -> String {
        switch role {
        case .operator: "tong-dai-vien"
        case .coordinator, .complaintOfficer: "dieu-phoi-vien"
        case .agencyOfficer, .agencyLeader: "co-quan"
        case .provincialLeader: "lanh-dao"
        case .admin: "quan-tri"
        }
    }

    static func index(_ req: Request) async throws -> Response {
        Layout.response(Layout.render(title: "Hướng dẫn sử dụng", for: req, body: .div(
            .h1(.text("Hướng dẫn sử dụng")),
            .ul(.id("guides"), .forEach(guides) { guide in
                .li(.a(.href(SiteURL.helpTopic(guide.topic).path), .text(guide.title)), .text(" – \(guide.audience)"))
            }))))
    }

    /// `GET /huong-dan/{topic}`: 404 for an unknown topic.
    static func show(_ req: Request) async throws -> Response {
        guard let guide = guides.first(where: { $0.topic == req.parameters.get("topic") }) else { throw AppError.notFound() }
        return Layout.response(Layout.render(title: guide.title, for: req, body: .div(
            .p(.a(.href(SiteURL.help.path), .text("« Hướng dẫn sử dụng"))),
            .h1(.text(guide.title)),
            .p(.class("muted"), .text("Dành cho: \(guide.audience)")),
            .forEach(guide.sections) { section in
                .section(.class("card"), .h2(.text(section.heading)), .ol(.forEach(section.steps) { .li(.text($0)) }))
            })))
    }
}
