import Foundation
import PAKNDomain

/// What the demo's agencies answer (issue 14: "answers that answer the question"): per field, what such an agency
/// does and writes back, naming the place the citizen named; and what the operator says on the spot. Fictional,
/// written as a Vietnamese agency writes an answer (the action taken, when, and what follows).
enum DemoAnswers {
    /// The agency's answer to a sample about `field` at `address`, done on `day` (dd/MM/yyyy).
    static func answer(field: String, title: String, address: String, day: String) -> String {
        let place = address.isEmpty ? "vị trí phản ánh" : address
        switch field {
        case "su_co_duong", "giao_thong":
            return "Ngày \(day), đơn vị quản lý đường bộ đã kiểm tra tại \(place), vá các ổ gà bằng bê tông nhựa và cắm biển cảnh báo trong thời gian thi công. Mặt đường đã thông xe an toàn."
        case "su_co_ho_ga":
            return "Ngày \(day), đơn vị thoát nước đã thay nắp hố ga bằng nắp gang chịu lực tại \(place) và kiểm tra các hố ga lân cận trên tuyến."
        case "ngap_ung":
            return "Ngày \(day), đơn vị thoát nước đã nạo vét cống, khơi thông cửa thu nước tại \(place). Tuyến cống được đưa vào kế hoạch cải tạo năm tới để hết ngập khi mưa lớn."
        case "cay_do", "cay_xanh":
            return "Ngày \(day), đội cây xanh đã cắt tỉa cành khô, hạ cây có nguy cơ gãy đổ và dọn sạch lòng đường tại \(place); cây mới sẽ được trồng thay trong mùa mưa."
        case "chieu_sang":
            return "Ngày \(day), đơn vị chiếu sáng đã thay bóng đèn LED và sửa dây nguồn tại \(place); hệ thống đèn đã sáng trở lại từ tối cùng ngày."
        case "den_tin_hieu":
            return "Ngày \(day), đơn vị quản lý đã sửa bộ điều khiển đèn tín hiệu tại \(place) và chỉnh lại chu kỳ đèn theo lưu lượng giờ cao điểm."
        case "rac_ve_sinh", "moi_truong":
            return "Ngày \(day), đơn vị vệ sinh môi trường đã thu dọn rác tồn đọng tại \(place), bố trí thêm thùng chứa và tăng tần suất thu gom lên một lần mỗi ngày."
        case "mat_dien_dut_day", "dien":
            return "Ngày \(day), Điện lực đã cử đội sửa chữa xử lý sự cố tại \(place), thay đoạn dây hư hỏng và cấp điện trở lại. Người dân không tự ý xử lý khi thấy dây điện đứt, xin gọi tổng đài điện lực 1900 1909."
        case "vo_ong_nuoc", "cap_nuoc":
            return "Ngày \(day), đơn vị cấp nước đã khóa van, thay đoạn ống bị vỡ tại \(place) và cấp nước trở lại; mặt đường đào được hoàn trả trong ngày."
        case "xe_buyt":
            return "Sở Xây dựng đã làm việc với đơn vị vận tải; từ ngày \(day), tuyến xe buýt chạy đúng giờ theo biểu đồ đã công bố và nhân viên được nhắc nhở thái độ phục vụ."
        case "an_ninh_trat_tu":
            return "Ngày \(day), lực lượng công an và trật tự đô thị địa phương đã kiểm tra tại \(place), lập biên bản các trường hợp vi phạm và tăng cường tuần tra."
        case "tthc_cham_tre", "tthc_huong_dan", "dang_ky_kinh_doanh", "ho_tich_cu_tru":
            return "Đơn vị đã kiểm tra hồ sơ theo nội dung phản ánh \"\(title)\". Hồ sơ đã được giải quyết và trả kết quả ngày \(day); đơn vị đã gửi văn bản xin lỗi vì trễ hẹn và nhắc nhở bộ phận một cửa."
        case "tthc_thai_do":
            return "Đơn vị đã xác minh nội dung phản ánh \"\(title)\", làm việc với cán bộ liên quan và yêu cầu kiểm điểm, rút kinh nghiệm; kết quả xử lý được thông báo ngày \(day)."
        default:
            return "Ngày \(day), đơn vị đã kiểm tra tại \(place) theo nội dung phản ánh \"\(title)\" và xử lý xong; đơn vị sẽ tiếp tục theo dõi để không tái diễn."
        }
    }

    /// The operator's on-the-spot answer for a sample of `field`: the published knowledge article of that field when
    /// there is one (as an operator would send it), otherwise the general guidance.
    static func onTheSpot(field: String) -> String {
        if let article = KnowledgeSeed.entries.first(where: { $0.field == field && $0.status == .published }) {
            return KnowledgeArticleUse.answer.text(title: article.title, body: article.body)
        }
        return "Tổng đài viên đã hướng dẫn trình tự, hồ sơ cần chuẩn bị và nơi nộp: bộ phận một cửa của Ủy ban nhân dân xã, phường nơi cư trú, hoặc nộp trực tuyến trên Cổng Dịch vụ công quốc gia."
    }
}
