import Foundation

/// Annotated sentences for measuring ``Masking``: fictional people, addresses and numbers in real places of Gia Lai
/// and the former Bình Định, written as citizens write to a 1022 line (formal, colloquial, without diacritics, with
/// typos).
///
/// Markup: `⟦…⟧` is personal data that must disappear from the published text (every letter and digit of it must be
/// inside a masked span); `⟪…⟫` is a place, street, school or agency name the public needs (no letter or digit of it
/// may be masked). Everything else is free: a sentence with no markup still counts for the spurious-span figure.
///
/// `development` is the set the rules were built against. `heldOut` was written after the rules were finished and
/// measured once before any change: recall 0.949, over-masking 0.000 (see ``MaskingMeasureTests/heldOutCorpus()``).
enum MaskingCorpus {
    static let development: [String] = namesAfterCues + ethnicNames + negatives + places + addresses + birthDates
        + plates + bankAccounts + passports + emails + socialMedia + contactsAndMixed

    // MARK: Names after a title, kinship word or introduction (capitalised, lower case, without diacritics)

    static let namesAfterCues: [String] = [
        "Sáng nay ông ⟦Nguyễn Văn Tám⟧ ở ⟪thôn 3⟫ ⟪xã Ia Grai⟫ ra UBND xã nộp hồ sơ nhưng không gặp cán bộ nào.",
        "Chị ⟦Lan⟧ bán rau ở ⟪chợ Đầm⟫ bị ban quản lý chợ thu phí cao gấp đôi tháng trước.",
        "Hôm qua anh ⟦Tuấn⟧ hàng xóm nhà em bị xe tải tông ở ⟪ngã ba Phú Tài⟫, đến giờ vẫn chưa ai xử lý.",
        "nha em o gan ong ⟦nguyen van an⟧, ong ay do rac ra bo suoi moi ngay, nho ⟪xa Ia Hrung⟫ xu ly giup",
        "chi ⟦lan⟧ o ⟪thon 5⟫ bao la den duong tat 2 tuan roi ma khong ai sua",
        "Cô ⟦Hạnh⟧ chủ nhiệm lớp 3A ⟪trường Tiểu học Ngô Mây⟫ thu thêm tiền học thêm mỗi tháng 300 nghìn.",
        "Chú ⟦Bảy⟧ chạy xe ôm ở ⟪bến xe Quy Nhơn⟫ bị mấy thanh niên lạ mặt đánh chảy máu đầu.",
        "Bác ⟦Đinh Văn Rin⟧, già làng ⟪làng Kon Kơ Tu⟫, nói đường vào làng sạt lở từ đầu mùa mưa.",
        "Em ⟦Ksor H'Yim⟧ học lớp 8 ⟪trường THCS Nguyễn Du⟫ bị bạn cùng lớp đánh hội đồng.",
        "Cháu ⟦Bảo Ngọc⟧ nhà tôi 5 tuổi bị chó nhà bên cắn ở ⟪khu phố 4⟫ ⟪phường Quy Nhơn Đông⟫.",
        "Cụ ⟦Phạm Thị Rớt⟧ 86 tuổi ở ⟪xã Tuy Phước⟫ chưa được nhận tiền trợ cấp tháng 10.",
        "Bà ⟦Tư⟧ bán tạp hóa ở đầu hẻm bị kẻ gian cạy cửa lấy hết tiền hàng trong đêm.",
        "Tôi là ⟦Trần Thị Mỹ Linh⟧, ở ⟪tổ 7⟫ ⟪phường Hội Phú⟫, phản ánh quán karaoke hát đến 1 giờ sáng.",
        "toi ten ⟦le van hung⟧ o ⟪xa Chu Pah⟫, xin hoi thu tuc cap lai so do bi mat",
        "Em tên ⟦Rơ Lan H'Mơ⟧, nhà ở ⟪plei Ia Pốt⟫, xin hỏi thủ tục hưởng bảo hiểm thất nghiệp.",
        "Người phản ánh: ⟦Võ Thị Kim Chi⟧, ⟦0935 221 764⟧.",
        "Mình là ⟦Hồ Quang Vinh⟧, sinh viên ⟪Trường Đại học Quy Nhơn⟫, phản ánh xe buýt tuyến số 3 bỏ trạm.",
        "Cô giáo ⟦Hà⟧ lớp 1B ⟪trường Mầm non Hoa Sen⟫ đánh trẻ, phụ huynh có clip làm bằng chứng.",
        "Con tôi bị một cô giáo tên ⟦Nhung⟧ phạt đứng ngoài nắng cả tiết.",
        "Thầy ⟦Nguyễn Đức Thịnh⟧ hiệu trưởng ⟪trường THPT Trưng Vương⟫ đã nhận đơn nhưng chưa trả lời.",
        "Xin cảm ơn anh ⟦Khoa⟧ ở ⟪Trung tâm Phục vụ hành chính công tỉnh⟫ đã hướng dẫn rất nhiệt tình.",
        "em la ⟦dinh thi thu trang⟧, sdt ⟦0978 332 146⟧, nha o ⟪thon 2⟫ ⟪xa Canh Vinh⟫",
        "Anh ⟦Lộc⟧ và chị ⟦Thủy⟧ bán bánh mì đầu ⟪đường Nguyễn Huệ⟫ bị trật tự đô thị tịch thu xe.",
        "cho em hỏi chị ⟦thảo⟧ ở bộ phận một cửa ⟪phường Bồng Sơn⟫ nghỉ rồi ạ? hồ sơ em nộp chị ấy nhận mà.",
        "Mẹ tôi là bà ⟦Trương Thị Nở⟧, sinh năm ⟦1948⟧, đến nay chưa được nhận trợ cấp.",
        "Bé ⟦Gia Hân⟧ (4 tuổi) ở ⟪khu phố 6⟫ ⟪phường Quy Nhơn Nam⟫ bị ngã xuống hố ga không có nắp.",
        "Đề nghị xử lý anh ⟦Quân⟧ (chủ quán nhậu trên ⟪đường Xuân Diệu⟫) vì lấn chiếm hết vỉa hè.",
        "ba ⟦ho thi sen⟧ nha o gan ⟪cho Khu 6⟫ bi chu no den dap pha do dac",
        "Chú ⟦A Thút⟧ người Bahnar ở ⟪xã Kbang⟫ đến nay vẫn chưa được cấp căn cước.",
        "Anh ⟦Đinh Văn Hmuih⟧ công nhân ⟪Công ty Cao su Mang Yang⟫ bị nợ lương 4 tháng.",
        "Chị ⟦Kpă H'Dung⟧, ⟦0964 881 203⟧, phản ánh đèn đường ⟪quốc lộ 25⟫ đoạn qua ⟪Phú Thiện⟫ không sáng.",
        "Sáng 14/11, tôi và anh ⟦Hải⟧ (hàng xóm) thấy nhóm người đổ trộm bùn thải xuống ⟪sông Hà Thanh⟫.",
        "Chị ⟦Hoa⟧ ở ⟪thôn 4⟫ nói cán bộ thôn thu 200 nghìn tiền làm đường mà không có biên lai.",
        "Bà ⟦Đặng Thị Lụa⟧, người nhận nuôi cháu ⟦Tín⟧, đề nghị hỗ trợ tiền học cho cháu.",
        "Tôi, ⟦Phan Văn Lộc⟧, ⟦0914 556 120⟧, đề nghị ⟪UBND phường An Nhơn⟫ giải quyết dứt điểm.",
        "Hộ ông ⟦Nguyễn Văn Hai⟧ và bà ⟦Lê Thị Ba⟧ ở ⟪làng Ốp⟫ chưa được chi trả tiền đền bù.",
        "HỌ TÊN: ⟦NGUYỄN THỊ THU⟧ – ĐỊA CHỈ: ⟪THÔN 1⟫, ⟪XÃ IA KO⟫.",
        "Tôi gặp ông ⟦hải⟧ bên địa chính thì ông ấy bảo về chờ.",
        "anh ⟦tuấn⟧ tổ trưởng tổ dân phố thu tiền rác mà không đưa biên lai",
        "Bố tôi là ông ⟦Lò Văn Páo⟧, người Thái, đang ở trọ ⟪phường Pleiku⟫.",
        "Xin cho gặp cô ⟦Thu Hà⟧ phòng tiếp dân để nộp bổ sung giấy tờ.",
        "Con trai bà là anh ⟦Trần Minh Đạt⟧ bị bắt giữ mà gia đình không được thông báo.",
    ]

    // MARK: Ethnic-minority names of the Central Highlands (Jrai, Bahnar, Ê Đê), with and without a cue

    static let ethnicNames: [String] = [
        "Ông ⟦Y Bih Niê⟧ (dân tộc Ê Đê) thuê trọ ở ⟪phường Pleiku⟫ bị chủ nhà giữ giấy tờ.",
        "Bà ⟦Rơ Mah H'Hoa⟧ ở ⟪làng Ia Băng⟫ phản ánh giếng nước sinh hoạt bị nhiễm bẩn.",
        "⟦Ksor Y Đăm⟧ (⟪xã Ia Pa⟫) gọi báo cầu treo qua suối bị đứt cáp.",
        "Cán bộ địa chính ⟦Siu H'Nhi⟧ hẹn dân nhiều lần mà không giải quyết.",
        "Chị ⟦Nay Phin⟧ ở ⟪thôn Plei Ring⟫ bị từ chối cấp thẻ BHYT cho con.",
        "Hộ bà ⟦Rcom H'Bin⟧ ở ⟪xã Chư Sê⟫ chưa được hỗ trợ làm nhà theo chương trình xóa nhà tạm.",
        "⟦Nay Phin⟧ và ⟦Rcom H'Bin⟧ đã đến ⟪UBND xã Ia Le⟫ ba lần mà chưa được tiếp.",
        "Trưởng thôn là ông ⟦Puih Hyu⟧ tự ý cho người ngoài thuê đất rẫy của làng.",
        "Đề nghị xem xét trường hợp em ⟦Rơ Châm H'Ngai⟧, học sinh lớp 10 ⟪trường THPT Ia Grai⟫, bị buộc thôi học.",
        "Cô ⟦H'Nơn Niê⟧ dạy ⟪trường Tiểu học Kim Đồng⟫ nghỉ 2 tuần không lý do, lớp bỏ trống.",
        "Chúng tôi gồm ⟦Siu Thơm⟧, ⟦Rơ Mah Tuin⟧ và ⟦Ksor Blui⟧ là hộ nghèo ⟪làng Tơ Vơn⟫.",
        "⟦H'Yến Ayun⟧ gửi phản ánh: trạm y tế ⟪xã Ia Rsai⟫ thu tiền thuốc của người có thẻ BHYT.",
        "Cháu ⟦Y Sa Mlô⟧, sn ⟦2012⟧, bỏ học đi làm thuê, gia đình không còn ai.",
        "Ông ⟦Đinh Plui⟧ ở ⟪làng Đak Tơ Pang⟫ kiến nghị làm lại nhà rông bị bão làm sập.",
        "Người làm đơn: ⟦Kpuih Thuk⟧, ⟪làng Bông Pim⟫, ⟪xã Đak Đoa⟫.",
        "⟦Rahlan Pưh⟧ và vợ là ⟦Siu H'Lim⟧ bị người ta lấn ranh đất rẫy ở ⟪làng Mơ Nang⟫.",
        "Tôi là ⟦Ksor Hương⟧, ⟪buôn Ma Giai⟫, ⟪xã Ia Rsai⟫, xin hỏi về tiền hỗ trợ lúa bị hạn.",
        "nhờ cán bộ giúp bà ⟦H'Blơm⟧ già rồi không đi lên xã được",
    ]

    // MARK: Titles and kinship words that are not followed by a name

    static let negatives: [String] = [
        "Bà con ⟪thôn Hòa Hội⟫ kiến nghị làm lại ⟪cầu Suối Cạn⟫ bị sập từ trận lũ năm ngoái.",
        "Cụ thể là đoạn từ ⟪Hùng Vương⟫ đến ⟪Lê Lợi⟫ bị ngập sâu mỗi khi mưa lớn.",
        "Chú ý: ⟪đường Trần Phú⟫ đoạn trước ⟪chợ Pleiku⟫ đang thi công mà không có biển báo.",
        "Bác sĩ trực ⟪Trạm Y tế xã Ia Ly⟫ thường xuyên vắng mặt, dân phải lên ⟪Bệnh viện Đa khoa tỉnh⟫.",
        "nha em mat dien tu sang, anh huong den viec hoc cua may dua nho, nho ⟪dien luc Chu Se⟫ kiem tra",
        "Em xin hỏi cụ thể thủ tục đổi giấy phép lái xe ở ⟪Sở Xây dựng⟫ cần những gì ạ?",
        "Anh em trong ⟪tổ dân phố 9⟫ đã tự góp tiền sửa đèn nhưng ⟪UBND phường Thống Nhất⟫ không hỗ trợ.",
        "co the cho em hoi ⟪So Giao duc va Dao tao⟫ co ho tro hoc sinh ngheo khong",
        "Chị em tiểu thương ⟪chợ Lớn Quy Nhơn⟫ phản đối việc tăng giá thuê ki-ốt.",
        "Ông bà tôi đều đã mất, nay tôi cần làm thủ tục thừa kế tại ⟪Văn phòng công chứng Quy Nhơn⟫.",
        "Tượng đài ⟪Bác Hồ⟫ với các dân tộc ⟪Tây Nguyên⟫ ở ⟪quảng trường Đại Đoàn Kết⟫ bị vẽ bậy.",
        "Khu lưu niệm ⟪Anh hùng Núp⟫ ở ⟪xã Kbang⟫ xuống cấp, mái dột.",
        "Đèn tín hiệu ở ngã tư ⟪Anh Hùng Núp⟫ – ⟪Phạm Văn Đồng⟫ bị hỏng từ hôm qua.",
        "Các cụ già neo đơn ở ⟪xã Vĩnh Thạnh⟫ mong được hỗ trợ gạo trong mùa mưa lũ.",
        "Em bé bị bỏ rơi trước cổng ⟪chùa Long Khánh⟫ sáng nay, đề nghị ⟪Công an phường Quy Nhơn⟫ vào cuộc.",
        "Cháu nội tôi học ⟪trường THPT chuyên Hùng Vương⟫ phải đi học thêm đến 9 giờ tối.",
        "Ông ta còn đe dọa sẽ cho người đến nhà nếu tôi tiếp tục phản ánh.",
        "co quan chuc nang xuong kiem tra giup, chu nha tro tang gia dien 4 nghin/so, chi phi qua cao",
        "ba con ⟪thon 6⟫ bi mat nuoc 3 ngay, cu the la tu sang thu hai",
        "chi can cho em biet lich cat dien o ⟪phuong Dien Hong⟫ thoi",
        "Chi phí làm sổ đỏ ở ⟪Văn phòng đăng ký đất đai chi nhánh An Nhơn⟫ quá cao.",
        "Học sinh năm học 2025–2026 của ⟪trường THCS Lê Lợi⟫ có được miễn học phí không?",
        "Khoản nợ thuế phát sinh năm 2023 tôi đã nộp đủ tại ⟪Chi cục Thuế⟫.",
        "Theo Quyết định số 12/2025/QĐ-UBND thì hộ tôi thuộc diện được hỗ trợ.",
        "Cán bộ quầy số 3 của ⟪Trung tâm Phục vụ hành chính công tỉnh⟫ đi trễ gần 1 tiếng.",
        "Hộ tôi vay ⟪Ngân hàng Chính sách xã hội⟫ 50.000.000 đồng nhưng chưa được giải ngân.",
        "Em cảm ơn anh chị đã tiếp nhận, mong sớm được phản hồi ạ.",
        "Nhà ông ấy xây lấn ra đường 2 mét, bà ấy thì đổ nước thải ra mương chung.",
        "Cô ấy nói phải nộp thêm 500 nghìn mới làm nhanh được.",
        "Chú thích trong bản đồ quy hoạch ghi sai tên ⟪thôn Đông Bình⟫.",
        "Anh hùng liệt sĩ mà gia đình còn chưa được xác nhận chế độ, mong cơ quan xem xét.",
        "Tôi đi từ ⟪Pleiku⟫ xuống ⟪Quy Nhơn⟫ mất 4 tiếng vì ⟪đèo An Khê⟫ sạt lở.",
        "em nghi la do cong ty cap nuoc sua ong ma chua xong, cho em hoi bao gio co nuoc lai",
        "Cô Tô thì xa, nhưng ⟪Cù Lao Xanh⟫ ở ⟪xã Nhơn Châu⟫ cũng chưa có điện lưới ổn định.",
        "Ngày mai tôi sẽ lên ⟪xã Ia Tôr⟫ gặp chủ tịch xã để hỏi lại.",
    ]

    // MARK: Streets, schools, bridges, markets, agencies named after people: must stay

    static let places: [String] = [
        "Ổ gà lớn trên ⟪đường Hùng Vương⟫, đoạn trước ⟪trường THPT Lê Quý Đôn⟫, đã làm ngã 2 học sinh.",
        "⟪Đường Phan Đình Phùng⟫ bị đào lên để lắp ống nước nhưng không hoàn trả mặt đường.",
        "Xe tải chở cát chạy trên ⟪cầu Trần Hưng Đạo⟫ làm rơi vãi đất đá.",
        "⟪Quảng trường Nguyễn Tất Thành⟫ tối nào cũng có nhóm thanh niên tụ tập đua xe.",
        "Cống thoát nước ⟪đường Nguyễn Tất Thành⟫ đoạn gần ⟪chợ Lớn⟫ bị tắc, mùi hôi nồng nặc.",
        "Đề nghị ⟪UBND xã Ia Grai⟫ sớm sửa ⟪cầu Ia Đrăng⟫ trước mùa mưa.",
        "Người dân ⟪Phường Quy Nhơn⟫ phản ánh rác ở ⟪công viên Diên Hồng⟫ không được thu gom.",
        "⟪Sở Xây dựng⟫ cần kiểm tra công trình nhà cao tầng ở ⟪khu đô thị An Phú Thịnh⟫.",
        "Học sinh ⟪trường Tiểu học Lê Văn Tám⟫ phải băng qua ⟪quốc lộ 1A⟫ mà không có người hướng dẫn.",
        "Tôi đi khám ở ⟪Bệnh viện Đa khoa tỉnh Gia Lai⟫ phải chờ từ 6 giờ sáng đến trưa.",
        "Sân bóng ⟪trường THCS Nguyễn Huệ⟫ bị người ngoài chiếm làm bãi giữ xe thu tiền.",
        "Đèn chiếu sáng ⟪đường Võ Nguyên Giáp⟫ (tuyến ven biển) tắt cả tuần nay.",
        "Đoạn từ ⟪Nguyễn Thái Học⟫ đến ⟪Lê Hồng Phong⟫ xe container đỗ kín hai bên đường.",
        "⟪Nhà văn hóa thôn Hòa Tân⟫ bị ngập nước mỗi khi mưa.",
        "Đề nghị ⟪Sở Y tế⟫ thanh tra ⟪phòng khám Tâm Đức⟫ trên ⟪đường Lê Duẩn⟫.",
        "Xe buýt tuyến ⟪Pleiku⟫ – ⟪Ia Grai⟫ thường xuyên bỏ chuyến buổi chiều.",
        "⟪Công an xã Đak Đoa⟫ chưa trả lời đơn của chúng tôi sau 2 tháng.",
        "Kiến nghị ⟪Ban Quản lý dự án đầu tư xây dựng tỉnh⟫ đẩy nhanh tiến độ ⟪đường Đông Tây⟫.",
        "Ở ⟪thôn Phú Mỹ⟫ ⟪xã Phù Mỹ Nam⟫ có cơ sở thu mua phế liệu đốt rác gây khói.",
        "Khu du lịch ⟪Biển Hồ T'Nưng⟫ có nhiều người bán hàng rong chèo kéo khách.",
        "⟪Đường Kpă Klơng⟫ đoạn gần ⟪chợ Hoa Lư⟫ ngập nước sau mỗi cơn mưa.",
        "Cây xanh trên ⟪đường Nơ Trang Long⟫ bị gãy nhánh đè lên xe máy.",
        "Trước cổng ⟪trường THCS Đinh Núp⟫ xe bán hàng rong đậu kín lối đi.",
        "⟪Phường An Nhơn Đông⟫ chưa có điểm thu gom rác cố định.",
        "Ngập nặng ở ⟪đường Tôn Đức Thắng⟫ và ⟪đường Phạm Hùng⟫ sau trận mưa chiều qua.",
        "⟪Sở Nông nghiệp và Môi trường⟫ trả lời chậm so với giấy hẹn.",
        "Con tôi học ở ⟪trường Mầm non Sơn Ca⟫ bị cô giáo bỏ đói buổi trưa.",
        "Nước ⟪sông Côn⟫ đục ngầu vì khai thác cát trái phép ở ⟪xã Tây Sơn⟫.",
        "⟪Hồ Ayun Hạ⟫ xả lũ mà không thông báo cho bà con vùng hạ du.",
        "Tuyến ⟪đường Trường Chinh⟫ đoạn từ ⟪ngã ba Hoa Lư⟫ đến ⟪cầu Phù Đổng⟫ hư hỏng nặng.",
        "⟪Bệnh viện Quy Hòa⟫ thiếu chỗ gửi xe cho người nhà bệnh nhân.",
        "⟪Trường THPT Phan Bội Châu⟫ cho học sinh nghỉ mà không báo phụ huynh.",
        "Đề nghị ⟪Điện lực Gia Lai⟫ kiểm tra trạm biến áp trên ⟪đường Lý Thường Kiệt⟫.",
        "Ở ⟪Đường Lê Thánh Tôn⟫, đoạn trước ⟪Chợ Thống Nhất⟫, có nhiều ổ gà.",
        "⟪Bến xe Đức Long⟫ thu phí gửi xe máy cao hơn giá niêm yết.",
        "Dự án ⟪Khu dân cư Hưng Thịnh⟫ chưa bàn giao hạ tầng cho ⟪phường Quy Nhơn Tây⟫.",
        "⟪Công viên Đồng Xanh⟫ cho thuê mặt bằng làm bãi xe mà không có giấy phép.",
        "Nhờ ⟪Công ty Cấp thoát nước Bình Định⟫ kiểm tra đường ống trên ⟪đường Điện Biên Phủ⟫.",
        "Lòng ⟪đường Ngô Gia Tự⟫ chỗ giao với ⟪Trần Cao Vân⟫ bị lún sâu.",
        "⟪Cầu Thị Nại⟫ ban đêm có người câu cá đứng tràn ra làn xe.",
        "Thư viện ⟪trường Đại học Quy Nhơn⟫ đóng cửa sớm hơn giờ niêm yết.",
    ]

    // MARK: House numbers and alleys (masked) next to streets and communes (kept)

    static let addresses: [String] = [
        "Nhà tôi ở ⟦số 12/4 hẻm 7⟧ ⟪đường Lý Thái Tổ⟫, nước cống tràn vào nhà mỗi lần mưa.",
        "Chó thả rông cắn người ở ⟦kiệt 35⟧ ⟪Ngô Mây⟫, đã có 2 cháu bị cắn.",
        "Đường vào ⟦ngõ 12 ngách 3⟧ ⟪phố Lê Lợi⟫ bị đào bới cả tháng nay.",
        "Trước nhà ⟦số 45⟧ ⟪đường Tăng Bạt Hổ⟫ có cây xanh bị nghiêng sắp đổ.",
        "Địa chỉ: ⟦123/5⟧ ⟪Trần Hưng Đạo⟫, ⟪phường Quy Nhơn⟫.",
        "Tôi ở ⟦hẻm 58/3⟧ ⟪đường Tô Hiến Thành⟫, cống bị nghẹt từ tuần trước.",
        "nha em o ⟦so 7 hem 21⟧ ⟪Nguyen Thi Minh Khai⟫, cong bi nghet",
        "Căn hộ ⟦1203⟧ ⟪chung cư Hoàng Quân⟫ bị thấm nước từ tầng trên xuống.",
        "Nhà tôi ở lô ⟦A12⟧ ⟪khu dân cư Bắc sông Hà Thanh⟫ vẫn chưa có điện.",
        "Cửa hàng ⟦số 88⟧ ⟪Lê Hồng Phong⟫ để hàng tràn ra vỉa hè.",
        "Ống nước bể ngay trước ⟦số nhà 216⟧ ⟪Nguyễn Huệ⟫.",
        "Đề nghị kiểm tra quán karaoke ở ⟦số 9⟧, ⟪đường Bạch Đằng⟫.",
        "Trong ⟦kiệt 14⟧ có ông hàng xóm nuôi 20 con chó, mùi hôi thối.",
        "Nhà tôi ⟦số 27⟧ ⟪tổ 5⟫ ⟪khu phố 2⟫ ⟪phường Hoài Nhơn Bắc⟫.",
        "Tôi ở ⟦ngõ 5⟧ ⟪đường Phan Chu Trinh⟫ gần ⟪chợ Đầm⟫.",
        "Cột điện nghiêng trước ⟦nhà 34⟧ ⟪đường Hai Bà Trưng⟫.",
        "Ở ⟦45⟧ ⟪Hùng Vương⟫, ⟪phường Pleiku⟫, quán nhậu lấn hết vỉa hè.",
    ]

    // MARK: Dates of birth (masked), other dates and years (kept)

    static let birthDates: [String] = [
        "Tôi tên ⟦Ngô Thị Hằng⟧, sinh ngày ⟦12/03/1985⟧, CCCD ⟦052185004417⟧.",
        "Con tôi là cháu ⟦Lê Minh Khang⟧ sinh năm ⟦2015⟧ chưa được cấp thẻ BHYT.",
        "Họ tên: ⟦Đoàn Văn Sử⟧ – ngày sinh: ⟦05-11-1972⟧ – trú tại ⟪thôn Lộc Thượng⟫.",
        "ba em sinh nam ⟦1960⟧ bi tai bien nam o nha, xin hoi ho tro o ⟪xa Hoai An⟫",
        "Mẹ tôi sinh ngày ⟦2 tháng 9 năm 1950⟧, đến nay vẫn chưa được hưởng trợ cấp người cao tuổi.",
        "Năm sinh của tôi trên CCCD ghi ⟦1979⟧ nhưng giấy khai sinh lại ghi ⟦1978⟧, xin hỏi sửa ở đâu.",
        "Ông ⟦Trần Văn Mười⟧ (SN ⟦1955⟧) là thương binh nhưng chưa được điều chỉnh chế độ.",
        "Cháu ⟦Phạm Gia Bảo⟧, ngày sinh ⟦01.06.2019⟧, học ⟪trường Mầm non Hoa Hồng⟫.",
        "Sáng ngày 14/10/2025, lúc 7 giờ 30, tôi đến ⟪UBND phường Diên Hồng⟫ nộp hồ sơ.",
        "Từ năm 2003 đến nay gia đình tôi sử dụng ổn định thửa đất này.",
    ]

    // MARK: Vehicle plates

    static let plates: [String] = [
        "Xe tải biển số ⟦81C-123.45⟧ chở quá tải chạy qua ⟪cầu Phú Cường⟫ mỗi đêm.",
        "Chiếc xe máy ⟦81B1-234.56⟧ chạy lạng lách trên ⟪đường Lê Duẩn⟫.",
        "Xe khách ⟦77B-018.62⟧ dừng đón khách trên ⟪quốc lộ 1⟫ đoạn qua ⟪Phù Cát⟫.",
        "xe ben bien so ⟦81-B1 23456⟧ do dat ra ⟪duong Truong Chinh⟫ ban dem",
        "Tôi bị xe ô tô biển ⟦77A 123.45⟧ tông rồi bỏ chạy ở ⟪ngã ba Ông Thọ⟫.",
        "Xe ⟦81B1 23456⟧ đậu trước cổng ⟪trường THPT Pleiku⟫ cả tuần không ai dời.",
        "BKS ⟦81A-098.76⟧ đỗ chắn lối đi vào ⟪chợ Thống Nhất⟫.",
        "Ảnh chụp xe ⟦81H1-456.78⟧ vượt đèn đỏ ở ngã tư ⟪Lê Lợi⟫ – ⟪Trần Phú⟫ đã gửi kèm.",
        "Xe biển kiểm soát ⟦77C-045.11⟧ chở rác đổ trộm ở ⟪xã Tuy Phước⟫.",
        "xe máy biển ⟦81g1-567.89⟧ của ông ⟦Hòa⟧ bị mất trộm trước ⟪chợ Pleiku⟫.",
    ]

    // MARK: Bank accounts

    static let bankAccounts: [String] = [
        "Tôi đã chuyển 5 triệu vào số tài khoản ⟦0451000123456⟧ Vietcombank theo yêu cầu của người tự xưng công an.",
        "STK: ⟦1903 5567 8901 23⟧ Techcombank, chủ tài khoản ⟦Trần Văn Hậu⟧.",
        "Đề nghị hoàn tiền vào tài khoản Agribank ⟦4300 205 112 233⟧ của tôi.",
        "stk ⟦0987654321⟧ mb bank ten ⟦nguyen thi hoa⟧",
        "Nhà trường bắt phụ huynh chuyển quỹ vào tài khoản cá nhân của cô giáo: ⟦1027334455⟧ ngân hàng BIDV.",
        "Số TK nhận tiền hỗ trợ: ⟦6280 2051 7788⟧ (Agribank chi nhánh ⟪Chư Sê⟫).",
    ]

    // MARK: Passports

    static let passports: [String] = [
        "Tôi là ⟦Lý Minh Tân⟧, hộ chiếu số ⟦C1234567⟧, cần làm thủ tục xuất cảnh gấp.",
        "Hộ chiếu ⟦B7654321⟧ của tôi bị mất ở ⟪sân bay Phù Cát⟫.",
        "số hộ chiếu: ⟦P0123456⟧ đã hết hạn, cho hỏi gia hạn ở đâu.",
    ]

    // MARK: E-mail addresses, plain and obfuscated

    static let emails: [String] = [
        "Email của tôi: ⟦hoangyen.qn (at) gmail chấm com⟧.",
        "Liên hệ ⟦lethanh89[@]gmail.com⟧ giúp tôi.",
        "gửi về mail ⟦ttlan a còng gmail chấm com⟧ giúp em",
        "mail ⟦nguyenvana [at] yahoo [dot] com⟧",
        "Phản hồi cho tôi qua ⟦huynh.tri@qnu.edu.vn⟧.",
        "Email: ⟦ksorhyim2008 @ gmail . com⟧",
        "Gặp nhau @ chợ lúc 7h, gửi tới @admin",
    ]

    // MARK: Social-media handles and profile links

    static let socialMedia: [String] = [
        "Người đăng clip là tài khoản ⟦@nguyenvanan.qn⟧ trên TikTok: ⟦tiktok.com/@nguyenvanan.qn⟧.",
        "Facebook của ông ấy: ⟦facebook.com/tuan.pham.9081⟧, đăng bài xúc phạm cán bộ ⟪xã Tây Sơn⟫.",
        "Liên hệ zalo ⟦0905 123 478⟧ hoặc ⟦fb.com/hoalan.gl⟧",
        "Trang ⟦https://www.facebook.com/profile.php?id=100012345678⟧ đăng tin bán đất giả.",
        "Kẻ lừa đảo dùng nick Facebook ⟦Thu Hà Gia Lai⟧ để nhận tiền đặt cọc.",
        "Zalo ⟦0356 778 912⟧ tên ⟦Minh Hiếu⟧ nhắn tin mời vay tiền lãi cao.",
    ]

    // MARK: Phones, ID numbers and texts mixing several kinds

    static let contactsAndMixed: [String] = [
        "Gọi cho tôi theo số ⟦0269.3824.555⟧ hoặc ⟦0912 045 863⟧.",
        "CCCD ⟦064 193 008 245⟧ cấp ngày 10/4/2021 tại ⟪Cục Cảnh sát quản lý hành chính về trật tự xã hội⟫.",
        "Mã số thuế cá nhân ⟦8012345678⟧ của tôi bị người khác sử dụng để mở công ty.",
        "Số thẻ BHYT ⟦GD4525212345678⟧ của con tôi bị in sai năm sinh.",
        "Mã số BHXH ⟦5210123456⟧ của tôi không tra cứu được quá trình đóng.",
        "Gửi ⟪Đường dây nóng 1022⟫: tôi là ⟦Huỳnh Thị Ngọc Diễm⟧, ⟦0799 221 448⟧, ⟦diemhuynh.gl@gmail.com⟧.",
        "Tôi ở ⟦số 12/4 hẻm 7⟧ ⟪đường Lý Thái Tổ⟫, tên ⟦Trần Văn Minh⟧, sinh ngày ⟦20/7/1990⟧, ⟦0905 661 203⟧.",
        "Kính gửi ⟪UBND tỉnh Gia Lai⟫, tôi là ⟦Võ Thị Bích Thủy⟧, trú tại ⟦số 9⟧ ⟪Lê Lợi⟫, ⟪phường Quy Nhơn⟫.",
        "Ông ⟦Đinh Văn Hrăng⟧ (⟦0868 215 330⟧) ở ⟪làng Kon Hring⟫, ⟪xã Kbang⟫ báo cây đổ chắn đường.",
        "Tôi tên ⟦Mai Xuân Thưởng⟧, ở ⟪đường Mai Xuân Thưởng⟫, trùng tên nên hay bị gửi nhầm thư.",
        "Bà ⟦Lê Thị Hồng Gấm⟧ bán nước mía trên ⟪đường Nguyễn Văn Cừ⟫, ⟪phường Pleiku⟫, bị thu tiền vỉa hè.",
        "Người gửi: ⟦Trịnh Công Sang⟧ – ⟦0976 111 245⟧ – ⟪tổ 3⟫ ⟪phường Thống Nhất⟫.",
        "Cháu ⟦Rơ Lan Vy⟧ học ⟪trường Tiểu học Võ Thị Sáu⟫ bị xe đụng trên ⟪đường Võ Thị Sáu⟫.",
        "Đề nghị ⟪Công an tỉnh⟫ điều tra vụ ông ⟦Nguyễn Quốc Bảo⟧ (⟦0903 445 678⟧) lừa bán đất ở ⟪xã Ia Hrung⟫.",
        "Thông tin liên hệ: ⟦Phan Thị Ngọc Trâm⟧, ⟦tram.phan93@gmail.com⟧, ⟪tổ 12⟫ ⟪phường Hội Phú⟫.",
    ]

    /// Held out: written after the rules were finished (see the type's documentation).
    static let heldOut: [String] = [
        "Nhờ chú ⟦Ba Tèo⟧ ở ⟪xóm Chài⟫ báo giúp, ghe của ngư dân bị sóng đánh chìm gần ⟪cửa biển Đề Gi⟫.",
        "Tôi đến ⟪UBND phường Hội Phú⟫ gặp cô ⟦Loan⟧ kế toán để hỏi tiền trợ cấp nhưng cô ấy đi vắng.",
        "bà ⟦sáu⟧ bán cá ở ⟪chợ Phú Phong⟫ bị giành chỗ ngồi, ban quản lý chợ không giải quyết.",
        "chi ⟦hanh⟧ o ⟪to 3⟫ ⟪phuong Nhon Phu⟫ noi nuoc may co mui clo rat nang",
        "ong ⟦tran van ba⟧ hang xom nha em dot rac moi toi, khoi bay vo nha",
        "Ông ⟦Rơ Ô Ngơn⟧ ở ⟪làng Kép⟫ bị mất 2 con bò, nghi có người trộm.",
        "⟦Ksor Nhel⟧ là người làm đơn, hiện ở nhờ nhà người quen tại ⟪phường Ayun Pa⟫.",
        "Cô giáo ⟦H'Luân Mlô⟧ ⟪trường Tiểu học Lê Lai⟫ chưa được nhận phụ cấp thu hút.",
        "Em ⟦Đinh Thị Hnun⟧, học sinh ⟪trường Phổ thông Dân tộc nội trú huyện Kbang⟫ cũ, bị ốm mà không ai đưa đi viện.",
        "Anh ⟦A Lâm⟧ (người Bahnar) đi rừng bị lạc 2 ngày, gia đình đã báo ⟪Công an xã Sơn Lang⟫.",
        "Chị ⟦Siu Đoan⟧ và con gái ⟦Rcom H'Pyin⟧ chưa được cấp giấy khai sinh.",
        "Xe tải chạy trên ⟪cầu Bà Di⟫ làm rung cả thành cầu, đề nghị cấm xe trên 10 tấn.",
        "Ngập sâu trên ⟪đường Bà Huyện Thanh Quan⟫ mỗi khi triều cường.",
        "Cổng ⟪trường THCS Phạm Hồng Thái⟫ bị xe bán hàng rong chắn lối ra vào.",
        "⟪Bệnh viện Đa khoa khu vực An Nhơn⟫ thu tiền gửi xe gấp đôi giá niêm yết.",
        "⟪Trung tâm Y tế Tây Sơn⟫ hết thuốc điều trị tăng huyết áp cả tháng nay.",
        "⟪Ban Chỉ huy Quân sự xã Vân Canh⟫ có thông báo tuyển quân nhưng không niêm yết công khai.",
        "⟪Hội Nông dân xã Ia Hrung⟫ thu quỹ mà không ghi phiếu thu.",
        "Đề nghị ⟪Sở Giáo dục và Đào tạo⟫ kiểm tra việc dạy thêm ở ⟪trường THPT Hùng Vương⟫.",
        "Tôi tên ⟦Lê Thị Thanh Xuân⟧, sinh năm ⟦1967⟧, hiện ở ⟪thôn Hòa Hiệp⟫.",
        "Họ và tên: ⟦Cao Minh Trí⟧ – ngày sinh ⟦3/8/1944⟧ – thương binh hạng 2/4.",
        "Con tôi ⟦Võ Gia Huy⟧ sn ⟦15/9/2001⟧ đi nghĩa vụ về chưa được giới thiệu việc làm.",
        "Bà nội tôi sinh ngày ⟦7 tháng 5 năm 1932⟧, năm nay đủ tuổi mừng thọ mà chưa được tặng quà.",
        "Xe máy ⟦81B2-345.67⟧ chạy ngược chiều trên ⟪đường Phạm Văn Đồng⟫.",
        "xe ⟦77H1-23456⟧ đậu ngay trước ⟪trường Mầm non Bình Minh⟫ cả ngày",
        "Ô tô biển số ⟦81A 234.56⟧ đỗ trên vỉa hè ⟪đường Lê Duẩn⟫ làm người đi bộ phải xuống lòng đường.",
        "Tôi bị giật túi, kẻ gian đi xe biển ⟦77F1-001.22⟧ chạy về hướng ⟪chợ Khu 6⟫.",
        "Đã chuyển 2 triệu tiền cọc vào STK ⟦0123456789⟧ Vietinbank nhưng chủ nhà không trả.",
        "Số tài khoản: ⟦2301 0000 1234⟧ (BIDV Gia Lai), chủ tài khoản ⟦Phạm Thị Ngọc⟧.",
        "Tôi chuyển khoản vào ⟦105872639401⟧ VietinBank theo hướng dẫn của cán bộ giả danh.",
        "Số hộ chiếu của tôi là ⟦C9876543⟧, đề nghị xác nhận để làm visa.",
        "Mail: ⟦ngocanh.gl (a) gmail . com⟧ – mong được trả lời sớm.",
        "Gửi kết quả về ⟦huutai123 a còng gmail.com⟧ giúp em với ạ.",
        "Facebook người bán: ⟦facebook.com/ngoc.lan.1990⟧, lừa nhận cọc rồi chặn.",
        "Tài khoản ⟦@tuananh_gialai⟧ đăng video quay lén ở ⟪công viên Diên Hồng⟫.",
        "Liên hệ qua ⟦zalo.me/0935123456⟧ hoặc ⟦instagram.com/hoa.xinh⟧ đều không được.",
        "Nhà tôi ⟦số 102/7⟧ ⟪Lê Duẩn⟫ bị nước tràn vào mỗi khi mưa lớn.",
        "Cây đổ chắn ⟦hẻm 234⟧ ⟪Trường Chinh⟫ từ sáng tới giờ.",
        "Đèn đường ⟦kiệt 12/5⟧ ⟪Ngô Mây⟫ hỏng cả tháng.",
        "Tôi ở ⟦số 5 ngõ 3⟧ ⟪đường Tăng Bạt Hổ⟫, cống bốc mùi.",
        "Địa chỉ: ⟦số nhà 48⟧, ⟪tổ 2⟫, ⟪phường Thống Nhất⟫.",
        "Nhà tôi ở lô ⟦B7⟧ ⟪khu tái định cư Hưng Long⟫ chưa có nước máy.",
        "Căn hộ ⟦805⟧ ⟪chung cư Bình Minh⟫ bị cắt nước không báo trước.",
        "Bác sĩ ở ⟪Trạm Y tế phường Ghềnh Ráng⟫ khám qua loa rồi cho về.",
        "Bà con ⟪buôn Ơi Đắk⟫ phải lội suối đi học vì ⟪cầu Ia Sol⟫ bị cuốn trôi.",
        "Cụ thể, ⟪đường Nguyễn Văn Linh⟫ đoạn từ ⟪ngã tư Phú Tài⟫ đến ⟪cầu Hoa Lư⟫ bị ngập.",
        "Anh em công nhân ⟪Khu công nghiệp Nhơn Hòa⟫ bị nợ lương 3 tháng.",
        "Chị em trong hội phụ nữ ⟪thôn Tân Lập⟫ muốn vay vốn nuôi bò.",
        "em cam on anh chi da giup, mong som co ket qua a",
        "co the giup em kiem tra lai hoa don dien thang nay khong, tang gap doi",
        "Tôi thấy anh ⟦Hùng⟧ ở xóm tôi thường xuyên đánh vợ, hàng xóm can không được.",
        "Nhờ cán bộ nhắn giúp ông ⟦Mười⟧ ở ⟪tổ 9⟫ lên ⟪phường An Nhơn Bắc⟫ nhận lại giấy tờ.",
        "Gia đình tôi gồm tôi, vợ ⟦Trần Thị Bé⟧ và 2 con, đang ở trọ ⟪phường Quy Nhơn Nam⟫.",
        "Người liên hệ: ⟦Nguyễn Hoàng Long⟧, ⟦0981 203 559⟧, ⟦longnh.qn@gmail.com⟧.",
        "Ông ⟦Y Ngông Niê Kdăm⟧ phản ánh giá phân bón ở đại lý ⟪xã Ia Lâu⟫ quá cao.",
        "Đề nghị xử lý chủ quán ⟦Lê Văn Tư⟧ trên ⟪đường Trần Phú⟫ mở nhạc lớn đến khuya.",
        "Tôi là ⟦Mai Thị Hoa⟧, ⟦0355 904 218⟧, ở ⟪xã Phù Cát⟫, xin hỏi về hỗ trợ học nghề.",
        "CCCD số ⟦052 301 004 567⟧ của tôi bị khóa định danh, đề nghị ⟪Công an tỉnh⟫ hỗ trợ.",
        "Cho hỏi ⟪Bảo hiểm xã hội tỉnh Gia Lai⟫ làm việc thứ Bảy không?",
        "Xin cảm ơn chị ⟦Ngọc Ánh⟧ ở bộ phận một cửa ⟪xã Ia Ly⟫ đã giúp đỡ tận tình.",
        "Hẹn gặp ở ⟪quảng trường Đại Đoàn Kết⟫ lúc 8 giờ, liên hệ anh ⟦Phong⟧ ⟦0914 227 630⟧.",
        "Trường hợp của ông ⟦Đỗ Văn Lâm⟧ (sinh năm ⟦1958⟧) đã nộp hồ sơ từ tháng 5.",
        "Tiệm cầm đồ ⟦số 17⟧ ⟪Lý Thái Tổ⟫ cho vay lãi nặng, đòi nợ kiểu xã hội đen.",
        "Hàng xóm tên ⟦Tài⟧ hay thả chó ra ⟪đường Hoàng Văn Thụ⟫ cắn người đi đường.",
    ]
}

/// One annotated sentence, markup removed; ranges are `Character` offsets into `text`.
struct AnnotatedSentence {
    let text: String
    let personal: [Range<Int>]
    let protected: [Range<Int>]

    init(_ marked: String) {
        var text: [Character] = []
        var personal: [Range<Int>] = []
        var protected: [Range<Int>] = []
        var openPersonal: Int?
        var openProtected: Int?
        for c in marked {
            switch c {
            case "⟦": openPersonal = text.count
            case "⟧": personal.append(openPersonal!..<text.count); openPersonal = nil
            case "⟪": openProtected = text.count
            case "⟫": protected.append(openProtected!..<text.count); openProtected = nil
            default: text.append(c)
            }
        }
        precondition(openPersonal == nil && openProtected == nil, "unbalanced markup: \(marked)")
        self.text = String(text)
        self.personal = personal
        self.protected = protected
    }

    func slice(_ r: Range<Int>) -> String {
        let chars = Array(text)
        return String(chars[r])
    }
}
