import Fluent
import Foundation
import PAKNDomain

/// The demo knowledge base (issue 14): a dozen articles as a 1022 centre writes them — procedures citizens ask the
/// hotline about, incidents and whom they go to, the hotline's own rules and call script — published, internal and
/// one proposal waiting for the coordinator. Fictional where it names a local unit; the rules of law it cites are
/// the ones in force (Luật Hộ tịch 2014, Luật Cư trú 2020, Luật Căn cước 2023, Luật Khiếu nại 2011, Luật Tố cáo 2018).
enum KnowledgeSeed {
    struct Entry {
        let title: String
        let field: String?
        let tags: String
        let owner: String?
        let status: KnowledgeArticleStatus
        /// Days from today to the review day (negative: already due).
        let reviewInDays: Int
        let body: String
    }

    static let entries: [Entry] = [
        Entry(title: "Đăng ký khai sinh cho trẻ em", field: "ho_tich_cu_tru", tags: "khai sinh, hộ tịch, trẻ em", owner: "Sở Tư pháp",
              status: .published, reviewInDays: 180, body: """
            Trong 60 ngày kể từ ngày sinh, cha hoặc mẹ đăng ký khai sinh cho con (Luật Hộ tịch 2014, Điều 15).
            Nơi làm: Ủy ban nhân dân xã, phường nơi cư trú của cha hoặc mẹ, hoặc nộp trực tuyến trên Cổng Dịch vụ công quốc gia (liên thông khai sinh – đăng ký thường trú – cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi).
            Giấy tờ: giấy chứng sinh (hoặc văn bản của người làm chứng nếu không có); giấy tờ tùy thân của người đi đăng ký; giấy chứng nhận kết hôn nếu cha mẹ đã đăng ký kết hôn.
            Không mất lệ phí khi đăng ký đúng hạn. Kết quả trả trong ngày nếu nộp đủ hồ sơ trước 15 giờ.
            """),
        Entry(title: "Đăng ký thường trú, tạm trú", field: "ho_tich_cu_tru", tags: "cư trú, thường trú, tạm trú, VNeID", owner: "Công an tỉnh",
              status: .published, reviewInDays: 180, body: """
            Người dân đăng ký thường trú, tạm trú tại Công an xã, phường nơi ở, hoặc trực tuyến trên ứng dụng VNeID hay Cổng Dịch vụ công quốc gia (Luật Cư trú 2020).
            Hồ sơ thường trú: tờ khai thay đổi thông tin cư trú; giấy tờ chứng minh chỗ ở hợp pháp; ý kiến đồng ý của chủ hộ, chủ sở hữu chỗ ở nếu ở nhờ, ở thuê.
            Thời hạn giải quyết đăng ký thường trú: 7 ngày làm việc kể từ khi nhận đủ hồ sơ.
            Nếu quá hạn chưa có kết quả, người dân có thể gọi 1022 kèm mã hồ sơ để được chuyển Công an tỉnh kiểm tra.
            """),
        Entry(title: "Cấp, đổi, cấp lại thẻ Căn cước", field: "ho_tich_cu_tru", tags: "căn cước, CCCD, giấy tờ tùy thân", owner: "Công an tỉnh",
              status: .published, reviewInDays: 90, body: """
            Công dân đổi thẻ Căn cước khi đủ 14, 25, 40 và 60 tuổi (Luật Căn cước 2023, Điều 21); cấp lại khi bị mất, hư hỏng hoặc thay đổi thông tin.
            Nơi làm: Công an xã, phường hoặc Phòng Cảnh sát quản lý hành chính về trật tự xã hội – Công an tỉnh; cấp lại, cấp đổi có thể nộp trực tuyến trên VNeID.
            Mang theo thẻ cũ (nếu còn). Cấp lần đầu và đổi thẻ khi đủ tuổi không mất lệ phí.
            Thời hạn trả thẻ: không quá 7 ngày làm việc kể từ khi nhận đủ hồ sơ.
            """),
        Entry(title: "Hồ sơ thủ tục hành chính bị trễ hẹn", field: "tthc_cham_tre", tags: "trễ hẹn, hồ sơ, một cửa, xin lỗi",
              owner: "Trung tâm Phục vụ hành chính công tỉnh", status: .published, reviewInDays: 120, body: """
            Tra cứu tình trạng hồ sơ bằng mã hồ sơ ghi trên giấy tiếp nhận và hẹn trả kết quả, trên Cổng Dịch vụ công của tỉnh.
            Hồ sơ quá hạn: cơ quan giải quyết phải gửi văn bản xin lỗi và hẹn lại ngày trả kết quả (Nghị định 61/2018/NĐ-CP về cơ chế một cửa).
            Nếu không nhận được văn bản xin lỗi hoặc đã quá ngày hẹn lại, hãy gọi 1022 và đọc mã hồ sơ; tổng đài viên chuyển Trung tâm Phục vụ hành chính công tỉnh đôn đốc.
            """),
        Entry(title: "Đăng ký hộ kinh doanh", field: "dang_ky_kinh_doanh", tags: "hộ kinh doanh, đăng ký kinh doanh",
              owner: "Trung tâm Phục vụ hành chính công tỉnh", status: .published, reviewInDays: -10, body: """
            Hộ kinh doanh đăng ký tại bộ phận một cửa Ủy ban nhân dân xã, phường nơi đặt địa điểm kinh doanh, hoặc trực tuyến trên Cổng Dịch vụ công quốc gia.
            Hồ sơ: giấy đề nghị đăng ký hộ kinh doanh; bản sao giấy tờ pháp lý của chủ hộ; biên bản họp thành viên hộ gia đình nếu các thành viên cùng đăng ký.
            Thời hạn: 3 ngày làm việc kể từ khi nhận hồ sơ hợp lệ.
            """),
        Entry(title: "Mất, hỏng thẻ bảo hiểm y tế", field: "an_sinh_bhxh", tags: "BHYT, thẻ bảo hiểm y tế, VssID", owner: "Bảo hiểm xã hội tỉnh",
              status: .published, reviewInDays: 180, body: """
            Khi khám chữa bệnh bảo hiểm y tế, người dân có thể dùng thẻ Căn cước gắn chip hoặc ứng dụng VNeID, VssID thay cho thẻ giấy.
            Cần thẻ giấy: đề nghị cấp lại trên ứng dụng VssID hoặc tại cơ quan bảo hiểm xã hội nơi cư trú; không phải nộp lệ phí.
            """),
        Entry(title: "Mất điện, dây điện bị đứt hoặc võng thấp", field: "mat_dien_dut_day", tags: "điện, mất điện, dây điện, an toàn",
              owner: "Công ty Điện lực Gia Lai", status: .published, reviewInDays: 365, body: """
            Không lại gần, không chạm vào dây điện bị đứt, võng thấp hay cột điện nghiêng; giữ khoảng cách và cảnh báo người đi đường.
            Báo ngay Tổng đài chăm sóc khách hàng điện lực miền Trung 1900 1909 (24/7) hoặc gọi 1022, cho biết địa chỉ chính xác, mã khách hàng nếu có.
            Có cháy, có người bị điện giật: gọi ngay 114 và 115.
            """),
        Entry(title: "Vỡ ống nước, mất nước sinh hoạt", field: "vo_ong_nuoc", tags: "cấp nước, vỡ ống, mất nước",
              owner: "Công ty Cổ phần Cấp thoát nước Gia Lai", status: .published, reviewInDays: 365, body: """
            Khi thấy ống nước bị vỡ, nước chảy tràn mặt đường, hãy gọi 1022 hoặc gửi phản ánh kèm ảnh và địa chỉ (số nhà, tên đường, xã, phường).
            Đơn vị cấp nước khóa van và sửa chữa; mất nước theo kế hoạch được thông báo trước trên trang của đơn vị cấp nước.
            Không tự ý đào, khóa van trên đường ống chung.
            """),
        Entry(title: "Khiếu nại, tố cáo: nộp ở đâu", field: nil, tags: "khiếu nại, tố cáo, tiếp công dân", owner: nil,
              status: .published, reviewInDays: 365, body: """
            Khiếu nại quyết định, hành vi hành chính được giải quyết theo Luật Khiếu nại 2011; tố cáo hành vi vi phạm theo Luật Tố cáo 2018. Đây là thủ tục riêng, không giải quyết như phản ánh, kiến nghị.
            Nộp đơn tại Ban Tiếp công dân tỉnh, trụ sở tiếp công dân của xã, phường, hoặc gửi qua đường bưu điện đến cơ quan có thẩm quyền.
            Nếu bạn gửi khiếu nại, tố cáo qua 1022, nội dung được chuyển cán bộ tiếp công dân và không công khai.
            """),
        Entry(title: "Khi nào chuyển 113, 114, 115", field: nil, tags: "khẩn cấp, 113, 114, 115, quy định tổng đài", owner: nil,
              status: .internal, reviewInDays: 365, body: """
            113 (Công an): đang có đánh nhau, trộm cướp, gây rối, tai nạn giao thông có người bị thương cần phong tỏa hiện trường.
            114 (Cứu nạn, cứu hộ – PCCC): cháy, nổ, sập nhà, người mắc kẹt, đuối nước, cây đổ đè người.
            115 (Cấp cứu): người bị thương nặng, bất tỉnh, khó thở, điện giật.
            Tổng đài viên hướng dẫn người gọi gọi ngay số khẩn cấp; vẫn ghi nhận phản ánh và chọn “Chuyển 113/114/115” để có lịch sử.
            """),
        Entry(title: "Kịch bản chào và kết thúc cuộc gọi", field: nil, tags: "kịch bản, tổng đài, cuộc gọi", owner: nil,
              status: .internal, reviewInDays: 180, body: """
            Chào: “Tổng đài 1022 xin nghe, tôi là [tên], tôi có thể giúp gì cho anh/chị?”
            Xác nhận: nhắc lại nội dung, địa điểm (xã, phường, số nhà, tên đường), hỏi số điện thoại để báo kết quả.
            Kết thúc: đọc chậm mã tra cứu 10 chữ số, hẹn thời hạn trả lời theo lĩnh vực, “Cảm ơn anh/chị đã liên hệ tổng đài 1022.”
            """),
        Entry(title: "Ổ gà, hư hỏng mặt đường: thông tin cần hỏi", field: "su_co_duong", tags: "ổ gà, mặt đường, giao thông", owner: "Sở Xây dựng",
              status: .proposed, reviewInDays: 90, body: """
            Hỏi: tên đường, đoạn gần số nhà hoặc cột điện nào, xã, phường; kích thước, độ sâu ước chừng; đã có tai nạn chưa.
            Ổ gà sâu trên tuyến đông xe: chọn mức độ khẩn, Sở Xây dựng cử đơn vị quản lý đường rào chắn trong ngày.
            """),
    ]

    /// Adds the articles when the knowledge base is empty. `agencies`: the demo agencies by name.
    static func seedIfEmpty(on db: Database, agencies: [String: Agency], today: Date = Date()) async throws {
        guard try await KnowledgeArticle.query(on: db).count() == 0 else { return }
        let day = SolarDay(today, in: VietnamTime.timeZone)
        for entry in entries {
            let article = KnowledgeArticle()
            article.title = entry.title
            article.body = VietnameseText.nfc(entry.body)
            article.serviceCode = entry.field
            article.tags = entry.tags
            article.ownerAgencyID = entry.owner.flatMap { agencies[$0]?.id }
            article.status = entry.status
            article.reviewOn = day.adding(days: entry.reviewInDays).isoString
            article.searchText = KnowledgeBase.searchText(title: entry.title, tags: entry.tags, body: article.body)
            try await article.create(on: db)
        }
    }
}
