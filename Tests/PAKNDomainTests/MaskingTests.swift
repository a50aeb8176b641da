import Foundation
import Testing
@testable import PAKNDomain

@Suite struct MaskingTests {
    let masking = Masking()

    /// Masks `text` and returns the masked text.
    func masked(_ text: String) -> String { masking.mask(text).text }

    // MARK: Phones

    @Test(arguments: [
        "0912345678", "0912 345 678", "0912.345.678", "0912-345-678", "+84 912 345 678", "+84912345678",
        "84912345678", "(0269) 3822 123", "0269.3822.123", "0269 3 822 123", "02693822123", "0269 3822 123",
        "0332 123 456", "0563.123.456", "0707 123 456", "0812 345 678", "09 12 34 56 78", "+84 269 3822 123",
        "(+84) 912 345 678", "+1 415 555 0100", "024 3822 1234", "028.3822.1234",
    ])
    func masksPhoneNumbers(phone: String) {
        // setup
        let text = "Liên hệ qua số \(phone) nhé."
        // act
        let result = masking.mask(text)
        // check
        #expect(result.text == "Liên hệ qua số [SĐT đã ẩn] nhé.", "\(phone)")
        #expect(result.spans.map(\.kind) == [.phone])
        #expect(result.spans.first.map { String(text[$0.range]) }?.hasSuffix(phone.suffix(3)) == true)
    }

    @Test func phoneInParenthesesKeepsTheParentheses() {
        #expect(masked("Tôi là Lê Văn An (0912 345 678).") == "Tôi là [họ tên đã ẩn] ([SĐT đã ẩn]).")
        #expect(masked("SĐT:0912345678,") == "SĐT:[SĐT đã ẩn],")
    }

    @Test func organisationBeforeItsHotlineIsNotAName() {
        #expect(masked("Điện lực Gia Lai: 0269 3822 123") == "Điện lực Gia Lai: [SĐT đã ẩn]")
    }

    @Test func twoPhonesSideBySide() {
        #expect(masked("0912345678 0987654321") == "[SĐT đã ẩn] [SĐT đã ẩn]")
        #expect(masked("0912 345 678 hoặc 0269.3822.123") == "[SĐT đã ẩn] hoặc [SĐT đã ẩn]")
    }

    // MARK: Emails and ID numbers

    @Test(arguments: ["tranminhkhoa.hc@gmail.com", "a.b+pakn@so-tttt.gialai.gov.vn", "X_Y@Example.COM"])
    func masksEmails(email: String) {
        #expect(masked("Email: \(email).") == "Email: [email đã ẩn].")
    }

    @Test func notAnEmail() {
        #expect(masked("Gặp nhau @ chợ lúc 7h, gửi tới @admin") == "Gặp nhau @ chợ lúc 7h, gửi tới @admin")
    }

    @Test(arguments: [
        "064176003158", "064 176 003 158", "064.176.003.158", "0641 7600 3158", "230123456", "230 123 456",
        "230.123.456",
    ])
    func masksIDNumbers(id: String) {
        #expect(masked("CCCD \(id), cấp ngày 12/3/2021") == "CCCD [số giấy tờ đã ẩn], cấp ngày 12/3/2021")
        #expect(masked("số \(id).") == "số [số giấy tờ đã ẩn].")
    }

    @Test func idNumberWithUnitIsMoneyUnlessIntroducedAsID() {
        #expect(masked("bồi thường 150.000.000 đồng") == "bồi thường 150.000.000 đồng")
        #expect(masked("CMND 150.000.000 đ") == "CMND [số giấy tờ đã ẩn] đ")
    }

    // MARK: Names

    @Test(arguments: [
        ("Ông Hứa Văn Kiệt (SĐT 0936 741 259) gọi phản ánh", "Ông [họ tên đã ẩn] (SĐT [SĐT đã ẩn]) gọi phản ánh"),
        ("Bà Nguyễn Thị Kim Oanh gọi đến", "Bà [họ tên đã ẩn] gọi đến"),
        ("Anh Lê Hoàng Phúc gọi", "Anh [họ tên đã ẩn] gọi"),
        ("Chị Kpă H'Ly gọi", "Chị [họ tên đã ẩn] gọi"),
        ("Cô Trần Thị Lan dạy lớp 3", "Cô [họ tên đã ẩn] dạy lớp 3"),
        ("Chú Rơ Mah Blih nói", "Chú [họ tên đã ẩn] nói"),
        ("Lớp có em Rơ Lan Thảo (8 tuổi)", "Lớp có em [họ tên đã ẩn] (8 tuổi)"),
        ("Cháu Nguyễn Văn Bình bị ngã", "Cháu [họ tên đã ẩn] bị ngã"),
        ("Tôi là Nay Blưh, người Jrai", "Tôi là [họ tên đã ẩn], người Jrai"),
        ("tôi tên Võ Văn Thắng, ngụ thôn 2", "tôi tên [họ tên đã ẩn], ngụ thôn 2"),
        ("Tôi tên là Võ Văn Thắng.", "Tôi tên là [họ tên đã ẩn]."),
        ("một cán bộ tên Tuấn ở bộ phận một cửa", "một cán bộ tên [họ tên đã ẩn] ở bộ phận một cửa"),
        ("Họ tên: Đặng Minh Quân", "Họ tên: [họ tên đã ẩn]"),
        ("Công dân Phạm Văn Sang phản ánh", "Công dân [họ tên đã ẩn] phản ánh"),
        ("Người gửi: Lương Gia Bảo, 0944 305 718.", "Người gửi: [họ tên đã ẩn], [SĐT đã ẩn]."),
        ("Ký tên: Bùi Văn Toàn", "Ký tên: [họ tên đã ẩn]"),
        ("Toi ten Le Thi Hoa, nha o thon 7", "Toi ten [họ tên đã ẩn], nha o thon 7"),
        ("em la Dinh Thi Kieu", "em la [họ tên đã ẩn]"),
        ("Thưa Bà Trương Thị Hồng", "Thưa Bà [họ tên đã ẩn]"),
        ("tố cáo ông Phạm Quốc Hưng, công chức", "tố cáo ông [họ tên đã ẩn], công chức"),
        ("Tôi là tổ trưởng tổ dân phố, Trương Văn Bảy, SĐT 0913 580 462.",
         "Tôi là tổ trưởng tổ dân phố, [họ tên đã ẩn], SĐT [SĐT đã ẩn]."),
        ("Thông tin của tôi: Rơ Châm H'Linh, số định danh 064198006251.",
         "Thông tin của tôi: [họ tên đã ẩn], số định danh [số giấy tờ đã ẩn]."),
        ("Ông NGUYỄN VĂN AN gọi", "Ông [họ tên đã ẩn] gọi"),
        ("ông Y Moan Niê nói", "ông [họ tên đã ẩn] nói"),
        ("Tôi là Nguyen Van Nam", "Tôi là [họ tên đã ẩn]"),
        ("Tôi, Nguyễn Văn Nam, trú tại thôn 3", "Tôi, [họ tên đã ẩn], trú tại thôn 3"),
        ("NGUYỄN VĂN NAM, SĐT 0912345678", "[họ tên đã ẩn], SĐT [SĐT đã ẩn]"),
        ("Người phản ánh: Lê Quang Huy – 0935 126 047.", "Người phản ánh: [họ tên đã ẩn] – [SĐT đã ẩn]."),
    ])
    func masksNamesAfterCues(text: String, expected: String) {
        #expect(masked(text) == expected)
    }

    @Test func cueStaysAndSpanIsTheNameOnly() throws {
        // setup
        let text = "Ông Hứa Văn Kiệt gọi"
        // act
        let result = masking.mask(text)
        // check
        let span = try #require(result.spans.first)
        #expect(result.spans.count == 1)
        #expect(span.kind == .name)
        #expect(span.original == "Hứa Văn Kiệt")
        #expect(String(text[span.range]) == "Hứa Văn Kiệt")
    }

    // MARK: Things that must survive

    @Test(arguments: [
        "tiền điện tăng gần 600 nghìn đồng",
        "thu của mỗi học sinh 1.500.000 đồng",
        "chỉ số công tơ là 4.812 trong khi đồng hồ mới 4.611",
        "Sáng ngày 14/10/2025, lúc 7 giờ 30",
        "từ năm 2003 đến năm 2025–2026",
        "đường Hai Bà Trưng, phường Diên Hồng",
        "ống nước dưới lòng đường Trần Hưng Đạo bị vỡ",
        "Đường Trần Hưng Đạo, đoạn gần bến xe",
        "ngã tư Hùng Vương – Lê Lợi mất đèn",
        "trong đầu hẻm đường Tô Hiến Thành",
        "trường tiểu học trên đường Nguyễn Thị Minh Khai",
        "Trường THPT Lê Quý Đôn",
        "Kính gửi Đường dây nóng 1022 tỉnh Gia Lai",
        "mã PAKN 123-456-7894 và 8412345678",
        "diện tích 6.000 m², giá 150.000.000 đồng",
        "Bà con xã Ia Grai và Anh em Ia Pa",
        "Cô Tô, Bà Rịa Vũng Tàu, đường Ông Ích Khiêm, đường Bà Huyện Thanh Quan",
        "Tôi là Đảng viên, Tôi là Chủ tịch Hội",
        "gọi tổng đài 1900 1234 hoặc 1022",
        "giá 120.000.000 không hợp lý, số tiền 120000000 chưa trả",
        "dân số 1.250.000 người",
        "Quyết định số 1234/QĐ-UBND ngày 2025-10-14",
        "Đoàn Thanh Niên xã tổ chức, Công ty Cao Su Chư Păh",
        "Thành phố Hồ Chí Minh, Hà Nội, Đà Nẵng, Lâm Đồng, Thái Bình",
        "Nhà văn hóa Lê Văn Tám, gặp Bác Hồ, Lê Lợi",
    ])
    func leavesNonPersonalTextAlone(text: String) {
        #expect(masked(text) == text)
    }

    // MARK: Known values

    @Test func masksKnownNamesAndValuesCaseAndDiacriticInsensitively() {
        // setup
        let masking = Masking(knownNames: ["Ksor Ấn"], knownValues: ["0912 345 678", "Tổ 3, thôn Plei Ốp", "an@x.vn"])
        let text = "ksor an, KSOR  ẤN; sđt 0912.345.678 / +84912345678; ở tổ 3 - thôn plei op; AN@X.VN; ksor ấnh."
        // act
        let result = masking.mask(text)
        // check
        #expect(result.text == "[họ tên đã ẩn], [họ tên đã ẩn]; sđt [SĐT đã ẩn] / [SĐT đã ẩn]; ở [địa chỉ đã ẩn]; [email đã ẩn]; ksor ấnh.")
        #expect(result.spans.map(\.kind) == [.name, .name, .phone, .phone, .address, .email])
    }

    @Test func overlappingFindsAreMergedOnce() {
        // setup: the known value overlaps the detected phone
        let masking = Masking(knownValues: ["345 678 và"])
        // act
        let result = masking.mask("gọi 0912 345 678 và hỏi")
        // check
        #expect(result.spans.count == 1)
        #expect(result.text == "gọi [SĐT đã ẩn] hỏi")
    }

    @Test func decomposedInputKeepsRangesInTheOriginal() throws {
        // setup: NFD text
        let text = "Ông Nguyễn Văn Đức gọi".decomposedStringWithCanonicalMapping
        // act
        let result = masking.mask(text)
        // check
        let span = try #require(result.spans.first)
        #expect(String(text[span.range]) == span.original)
        #expect(VietnameseText.nfc(span.original) == "Nguyễn Văn Đức")
        #expect(VietnameseText.nfc(result.text) == "Ông [họ tên đã ẩn] gọi")
    }

    @Test func placeholders() {
        #expect(PersonalDataKind.allCases.map(\.placeholder) == [
            "[họ tên đã ẩn]", "[SĐT đã ẩn]", "[email đã ẩn]", "[số giấy tờ đã ẩn]", "[địa chỉ đã ẩn]",
            "[ngày sinh đã ẩn]", "[biển số đã ẩn]", "[số tài khoản đã ẩn]", "[số hộ chiếu đã ẩn]",
            "[tài khoản mạng xã hội đã ẩn]",
        ])
        #expect(Set(PersonalDataKind.allCases.map(\.placeholder)).count == PersonalDataKind.allCases.count)
    }

    // MARK: Names after a title or kinship word, in any case, with or without diacritics

    @Test(arguments: [
        ("Chị Lan bán rau ở chợ Đầm", "Chị [họ tên đã ẩn] bán rau ở chợ Đầm"),
        ("hôm qua anh Tuấn bị tông xe", "hôm qua anh [họ tên đã ẩn] bị tông xe"),
        ("Bà Tư bán tạp hóa", "Bà [họ tên đã ẩn] bán tạp hóa"),
        ("cháu Tín đang học lớp 2", "cháu [họ tên đã ẩn] đang học lớp 2"),
        ("cụ Rớt 86 tuổi", "cụ [họ tên đã ẩn] 86 tuổi"),
        ("chú Bảy chạy xe ôm", "chú [họ tên đã ẩn] chạy xe ôm"),
        ("bác Hòa ở thôn 3", "bác [họ tên đã ẩn] ở thôn 3"),
        ("em Quỳnh lớp 5", "em [họ tên đã ẩn] lớp 5"),
        ("Cô giáo Hà đánh trẻ", "Cô giáo [họ tên đã ẩn] đánh trẻ"),
        ("Bé Gia Hân bị ngã", "Bé [họ tên đã ẩn] bị ngã"),
        ("gặp chị thảo ở bộ phận một cửa", "gặp chị [họ tên đã ẩn] ở bộ phận một cửa"),
        ("anh tuấn tổ trưởng thu tiền", "anh [họ tên đã ẩn] tổ trưởng thu tiền"),
        ("ông nguyễn văn an đổ rác", "ông [họ tên đã ẩn] đổ rác"),
        ("nha em o gan ong nguyen van an, ong ay do rac", "nha em o gan ong [họ tên đã ẩn], ong ay do rac"),
        ("chi lan o thon 5 bao mat dien", "chi [họ tên đã ẩn] o thon 5 bao mat dien"),
        ("ba ho thi sen bi chu no den dap pha", "ba [họ tên đã ẩn] bi chu no den dap pha"),
        ("toi ten le van hung o xa Chu Pah", "toi ten [họ tên đã ẩn] o xa Chu Pah"),
        ("em la dinh thi thu trang, sdt 0978332146", "em la [họ tên đã ẩn], sdt [SĐT đã ẩn]"),
        ("stk 0987654321 ten nguyen thi hoa", "stk [số tài khoản đã ẩn] ten [họ tên đã ẩn]"),
    ])
    func masksNamesAfterTitlesInAnyCase(text: String, expected: String) {
        #expect(masked(text) == expected)
    }

    /// Titles used as pronouns, and words that start like a title, are not names.
    @Test(arguments: [
        "Bà con thôn 6 mất nước", "Cụ thể là đoạn này", "Chú ý: đường đang thi công", "Bác sĩ trực vắng mặt",
        "Em bé bị bỏ rơi", "Anh em trong tổ góp tiền", "Chị em tiểu thương phản đối", "Ông bà tôi đã mất",
        "Cháu nội tôi học lớp 10", "Anh hùng liệt sĩ chưa được công nhận", "Cô ấy bảo nộp thêm tiền",
        "cô giáo không kèm được từng em", "anh ấy nói sẽ sửa", "em xin cảm ơn anh chị",
        "nha em mat dien, anh huong den viec hoc", "co quan chuc nang, chu nha tro, chi phi cao",
        "ba con bi mat nuoc, cu the la tu thu hai", "chi can cho em biet lich cat dien",
        "em dang ky tam tru o day", "co le van de la do dien luc", "em an com xong moi di",
        "Chi phí làm sổ đỏ quá cao", "xe tông ở ngã ba Phú Tài", "tượng đài Bác Hồ", "gặp Bác Hồ",
        "Cô Tô thì xa", "ngã ba Ông Thọ", "Khu lưu niệm Anh hùng Núp", "ngã tư Anh Hùng Núp – Phạm Văn Đồng",
        "em an tâm rồi", "chị bình thường", "ông quyết định bán", "anh bảo em chờ", "chị liên hệ lại nhé",
    ])
    func titlesThatIntroduceNoName(text: String) {
        #expect(masked(text) == text)
    }

    /// Words without diacritics in a text with diacritics are read as written: "cho" is "cho", not "chợ", so the
    /// name after it is not a market; in a text without diacritics, common words are not read as names.
    @Test(arguments: [
        ("Tôi gọi cho anh Hai ở UBND xã", "Tôi gọi cho anh [họ tên đã ẩn] ở UBND xã"),
        ("gửi cho Nguyễn Văn An ở thôn 2", "gửi cho [họ tên đã ẩn] ở thôn 2"),
        ("ong to truong thu tien rac 50k", "ong to truong thu tien rac 50k"),
        ("xe ben do dat ra duong Truong Chinh", "xe ben do dat ra duong Truong Chinh"),
        ("nho dien luc Chu Se kiem tra", "nho dien luc Chu Se kiem tra"),
        ("em la dinh thi thu trang", "em la [họ tên đã ẩn]"),
    ])
    func diacriticsDecideHowWordsAreRead(text: String, expected: String) {
        #expect(masked(text) == expected)
    }

    // MARK: Ethnic-minority names of the Central Highlands

    @Test(arguments: [
        ("Bà Rơ Mah H'Hoa ở làng Ia Băng", "Bà [họ tên đã ẩn] ở làng Ia Băng"),
        ("Ksor Y Đăm (xã Ia Pa) gọi báo", "[họ tên đã ẩn] (xã Ia Pa) gọi báo"),
        ("Cán bộ Siu H'Nhi hẹn dân nhiều lần", "Cán bộ [họ tên đã ẩn] hẹn dân nhiều lần"),
        ("Ông Y Bih Niê thuê trọ", "Ông [họ tên đã ẩn] thuê trọ"),
        ("Nay Phin và Rcom H'Bin đã đến UBND xã Ia Le", "[họ tên đã ẩn] và [họ tên đã ẩn] đã đến UBND xã Ia Le"),
        ("gồm Siu Thơm, Rơ Mah Tuin và Ksor Blui", "gồm [họ tên đã ẩn], [họ tên đã ẩn] và [họ tên đã ẩn]"),
        ("H'Yến Ayun gửi phản ánh", "[họ tên đã ẩn] gửi phản ánh"),
        ("giúp bà H'Blơm già rồi", "giúp bà [họ tên đã ẩn] già rồi"),
        ("Y Sa Mlô bỏ học", "[họ tên đã ẩn] bỏ học"),
        ("Rahlan Pưh và vợ là Siu H'Lim", "[họ tên đã ẩn] và vợ là [họ tên đã ẩn]"),
    ])
    func masksCentralHighlandsNames(text: String, expected: String) {
        #expect(masked(text) == expected)
    }

    @Test(arguments: [
        "Khu du lịch Biển Hồ T'Nưng", "Đường Kpă Klơng ngập nước", "huyện Ea H'leo cũ", "Trạm Y tế xã Ia Ly",
        "Trung tâm Y tế Chư Sê", "Ayun Pa và Krông Pa", "Hồ Ayun Hạ xả lũ", "Nay UBND xã đã trả lời",
    ])
    func centralHighlandsPlacesStay(text: String) {
        #expect(masked(text) == text)
    }

    // MARK: Places named after people stay; the place word decides

    @Test(arguments: [
        "Ổ gà trên đường Hùng Vương, trước trường THPT Lê Quý Đôn",
        "Đường Phan Đình Phùng bị đào lên", "cầu Trần Hưng Đạo rơi vãi đất đá",
        "Quảng trường Nguyễn Tất Thành có nhóm đua xe", "chợ Phan Bội Châu đông đúc",
        "bệnh viện Lê Lợi quá tải", "công viên Nguyễn Văn Cừ", "khu phố Trần Quang Diệu", "thôn Nguyễn Huệ",
        "làng Kon Kơ Tu", "buôn Ma Giai", "xã Ia Grai", "Phường Quy Nhơn", "huyện Tây Sơn cũ", "tỉnh Gia Lai",
        "Sở Xây dựng", "UBND xã Ia Grai", "trường Tiểu học Lê Văn Tám", "phòng khám Tâm Đức",
        "đoạn từ Nguyễn Thái Học đến Lê Hồng Phong", "chỗ giao với Trần Cao Vân", "Sở Nông nghiệp và Môi trường",
        "Công ty Cấp thoát nước Bình Định", "Nhà văn hóa thôn Hòa Tân",
    ])
    func placesNamedAfterPeopleStay(text: String) {
        #expect(masked(text) == text)
    }

    // MARK: House numbers and alleys

    @Test(arguments: [
        ("Nhà tôi ở số 12/4 hẻm 7 đường Lý Thái Tổ", "Nhà tôi ở [địa chỉ đã ẩn] đường Lý Thái Tổ"),
        ("chó cắn người ở kiệt 35 Ngô Mây", "chó cắn người ở [địa chỉ đã ẩn] Ngô Mây"),
        ("vào ngõ 12 ngách 3 phố Lê Lợi", "vào [địa chỉ đã ẩn] phố Lê Lợi"),
        ("Trước nhà số 45 đường Tăng Bạt Hổ", "Trước nhà [địa chỉ đã ẩn] đường Tăng Bạt Hổ"),
        ("Số 41 đường Hai Bà Trưng, phường Diên Hồng", "[địa chỉ đã ẩn] đường Hai Bà Trưng, phường Diên Hồng"),
        ("trong hẻm 58 đường Tô Hiến Thành", "trong [địa chỉ đã ẩn] đường Tô Hiến Thành"),
        ("Địa chỉ: 123/5 Trần Hưng Đạo, phường Quy Nhơn", "Địa chỉ: [địa chỉ đã ẩn] Trần Hưng Đạo, phường Quy Nhơn"),
        ("nha em o so 7 hem 21 Nguyen Thi Minh Khai", "nha em o [địa chỉ đã ẩn] Nguyen Thi Minh Khai"),
        ("Căn hộ 1203 chung cư Hoàng Quân", "Căn hộ [địa chỉ đã ẩn] chung cư Hoàng Quân"),
        ("ở lô A12 khu dân cư", "ở lô [địa chỉ đã ẩn] khu dân cư"),
        ("trước số nhà 216 Nguyễn Huệ", "trước [địa chỉ đã ẩn] Nguyễn Huệ"),
        ("Ở 45 Hùng Vương, phường Pleiku", "Ở [địa chỉ đã ẩn] Hùng Vương, phường Pleiku"),
        ("trước nhà 34 đường Hai Bà Trưng", "trước [địa chỉ đã ẩn] đường Hai Bà Trưng"),
        ("Tiệm cầm đồ số 17 Lý Thái Tổ cho vay", "Tiệm cầm đồ [địa chỉ đã ẩn] Lý Thái Tổ cho vay"),
        ("tại số 45B/12 Nguyễn Huệ", "tại [địa chỉ đã ẩn] Nguyễn Huệ"),
    ])
    func masksHouseNumbersAndAlleys(text: String, expected: String) {
        #expect(masked(text) == expected)
    }

    @Test(arguments: [
        "Theo Quyết định số 12/2025/QĐ-UBND", "Công văn số 687/STTTT-BCVT", "quầy số 3 gắt lên", "thôn 3 xã Ia Grai",
        "tổ 4 phường An Phú", "khu phố 2", "tổ dân phố 5", "Phiếu lý lịch tư pháp số 1", "xe buýt số 3", "QL19",
        "quốc lộ 1A", "lớp 3A", "nhà 2 tầng", "số 1.500.000 đồng", "đầu hẻm có quán karaoke",
        "thửa đất số 215 tờ bản đồ số 12", "Xe buýt số 3 đường Hùng Vương bỏ trạm", "gọi tổng đài số 1022 Gia Lai",
    ])
    func numbersThatAreNotAddresses(text: String) {
        #expect(masked(text) == text)
    }

    // MARK: Dates of birth

    @Test(arguments: [
        ("sinh ngày 12/03/1985, CCCD", "sinh ngày [ngày sinh đã ẩn], CCCD"),
        ("cháu sinh năm 2015 chưa có thẻ", "cháu sinh năm [ngày sinh đã ẩn] chưa có thẻ"),
        ("ngày sinh: 05-11-1972 –", "ngày sinh: [ngày sinh đã ẩn] –"),
        ("ba em sinh nam 1960 bi tai bien", "ba em sinh nam [ngày sinh đã ẩn] bi tai bien"),
        ("Mẹ tôi sinh ngày 2 tháng 9 năm 1950, đến nay", "Mẹ tôi sinh ngày [ngày sinh đã ẩn], đến nay"),
        ("Ông An (SN 1955) là thương binh", "Ông [họ tên đã ẩn] (SN [ngày sinh đã ẩn]) là thương binh"),
        ("ngày sinh 01.06.2019", "ngày sinh [ngày sinh đã ẩn]"),
        ("Năm sinh của tôi trên CCCD ghi 1979", "Năm sinh của tôi trên CCCD ghi [ngày sinh đã ẩn]"),
    ])
    func masksDatesOfBirth(text: String, expected: String) {
        #expect(VietnameseText.nfc(masked(text)) == VietnameseText.nfc(expected))
    }

    @Test(arguments: [
        "Học sinh năm học 2025–2026", "Khoản nợ phát sinh năm 2023", "đăng ký khai sinh năm ngoái",
        "Sáng ngày 14/10/2025, lúc 7 giờ 30", "từ năm 2003 đến nay", "vệ sinh năm 2024 chưa thu",
    ])
    func datesThatAreNotBirthDatesStay(text: String) {
        #expect(masked(text) == text)
    }

    // MARK: Vehicle plates, bank accounts, passports, other personal numbers

    @Test(arguments: ["81B1-234.56", "77A-123.45", "81-B1 23456", "81C-123.45", "81B1 23456", "77A 123.45",
                      "81LD-001.23", "81B123456", "29A12345"])
    func masksVehiclePlates(plate: String) {
        #expect(masked("Xe \(plate) chạy lạng lách") == "Xe [biển số đã ẩn] chạy lạng lách")
        #expect(masked("thấy \(plate).") == "thấy [biển số đã ẩn].")
    }

    @Test func plateInLowerCaseNeedsACue() {
        #expect(masked("xe máy biển 81g1-567.89 bị mất") == "xe máy biển [biển số đã ẩn] bị mất")
        #expect(masked("lúc 18h 2000 người") == "lúc 18h 2000 người")
    }

    @Test(arguments: [
        ("vào số tài khoản 0451000123456 Vietcombank", "vào số tài khoản [số tài khoản đã ẩn] Vietcombank"),
        ("STK: 1903 5567 8901 23 Techcombank", "STK: [số tài khoản đã ẩn] Techcombank"),
        ("tài khoản Agribank 4300 205 112 233 của tôi", "tài khoản Agribank [số tài khoản đã ẩn] của tôi"),
        ("chuyển vào 1027334455 ngân hàng BIDV", "chuyển vào [số tài khoản đã ẩn] ngân hàng BIDV"),
        ("Số TK nhận tiền hỗ trợ: 6280 2051 7788 (Agribank)", "Số TK nhận tiền hỗ trợ: [số tài khoản đã ẩn] (Agribank)"),
        ("chủ tài khoản Trần Văn Hậu", "chủ tài khoản [họ tên đã ẩn]"),
    ])
    func masksBankAccounts(text: String, expected: String) {
        #expect(masked(text) == expected)
    }

    @Test func moneyNearABankIsNotAnAccount() {
        let text = "Hộ tôi vay Ngân hàng Chính sách xã hội 50.000.000 đồng, tài khoản định danh mức 2 bị khóa."
        #expect(masked(text) == text)
    }

    @Test(arguments: [
        ("hộ chiếu số C1234567, cần xuất cảnh", "hộ chiếu số [số hộ chiếu đã ẩn], cần xuất cảnh"),
        ("Hộ chiếu B7654321 của tôi", "Hộ chiếu [số hộ chiếu đã ẩn] của tôi"),
        ("passport N12345678", "passport [số hộ chiếu đã ẩn]"),
        ("mất giấy tờ có số C7654321", "mất giấy tờ có số [số hộ chiếu đã ẩn]"),
    ])
    func masksPassports(text: String, expected: String) {
        #expect(masked(text) == expected)
    }

    @Test(arguments: [
        ("Mã số thuế cá nhân 8012345678 bị dùng", "Mã số thuế cá nhân [số giấy tờ đã ẩn] bị dùng"),
        ("MST: 8012345678-001", "MST: [số giấy tờ đã ẩn]"),
        ("Số thẻ BHYT GD4525212345678 bị sai", "Số thẻ BHYT [số giấy tờ đã ẩn] bị sai"),
        ("Mã số BHXH 5210123456 không tra được", "Mã số BHXH [số giấy tờ đã ẩn] không tra được"),
    ])
    func masksOtherPersonalNumbers(text: String, expected: String) {
        #expect(masked(text) == expected)
    }

    // MARK: Obfuscated e-mails, handles and profile links

    @Test(arguments: [
        "hoangyen.qn (at) gmail chấm com", "lethanh89[@]gmail.com", "ttlan a còng gmail chấm com",
        "nguyenvana [at] yahoo [dot] com", "ksorhyim2008 @ gmail . com", "an.le(a)gmail.com", "tran.b@gmail chấm vn",
        "le.c at gmail dot com", "hoa_nguyen {at} outlook {dot} com", "ttlan a cong gmail cham com",
    ])
    func masksObfuscatedEmails(email: String) {
        #expect(masked("Email: \(email) nhé") == "Email: [email đã ẩn] nhé", "\(email)")
    }

    @Test(arguments: [
        ("tài khoản @nguyenvanan.qn đăng clip", "tài khoản [tài khoản mạng xã hội đã ẩn] đăng clip"),
        ("tiktok.com/@nguyenvanan.qn.", "[tài khoản mạng xã hội đã ẩn]."),
        ("Facebook: facebook.com/tuan.pham.9081, đăng bài", "Facebook: [tài khoản mạng xã hội đã ẩn], đăng bài"),
        ("hoặc fb.com/hoalan.gl", "hoặc [tài khoản mạng xã hội đã ẩn]"),
        ("Trang https://www.facebook.com/profile.php?id=100012345678 đăng tin", "Trang [tài khoản mạng xã hội đã ẩn] đăng tin"),
        ("nhắn zalo.me/0905123478 nhé", "nhắn [tài khoản mạng xã hội đã ẩn] nhé"),
        ("zalo 0905 123 478", "zalo [SĐT đã ẩn]"),
        ("dùng nick Facebook Thu Hà Gia Lai để lừa", "dùng nick Facebook [họ tên đã ẩn] để lừa"),
    ])
    func masksSocialMedia(text: String, expected: String) {
        #expect(masked(text) == expected)
    }

    @Test func mentionsThatAreNotPeopleStay() {
        let text = "Gửi tới @admin và @all, xem trang facebook.com của 1022, Zalo OA 1022 Gia Lai"
        #expect(masked(text) == text)
        // API calls quoted in error messages are not profiles.
        let error = "HTTP 401 from graph.facebook.com/v19.0/me/messages; https://openapi.zalo.me/v3.0/oa/message/cs"
        #expect(masked(error) == error)
    }

    // MARK: Scalar offsets for command-line tools

    @Test func scalarSpansAreOffsetsIntoTheNFCText() throws {
        // setup: NFD input; in NFC "Ông " is 4 scalars, "Nguyễn Văn Đức" 14, " gọi " 5, "0912 345 678" 12
        let text = "Ông Nguyễn Văn Đức gọi 0912 345 678.".decomposedStringWithCanonicalMapping
        // act
        let report = Masking.scalarSpans(of: text)
        // check
        #expect(report.text == "Ông [họ tên đã ẩn] gọi [SĐT đã ẩn].")
        #expect(report.spans == [
            MaskingReport.Span(start: 4, end: 18, kind: .name),
            MaskingReport.Span(start: 23, end: 35, kind: .phone),
        ])
        let nfc = Array(VietnameseText.nfc(text).unicodeScalars)
        #expect(String(String.UnicodeScalarView(nfc[4..<18])) == "Nguyễn Văn Đức")
        let json = String(decoding: try JSONEncoder().encode(report.spans[0]), as: UTF8.self)
        #expect(json.contains("\"kind\":\"name\""))
    }

    @Test func scalarSpansOfUTF8Bytes() {
        let report = Masking.scalarSpans(ofUTF8: Array("Chị Lan, SN 1990".utf8))
        #expect(report.spans == [
            MaskingReport.Span(start: 4, end: 7, kind: .name),
            MaskingReport.Span(start: 12, end: 16, kind: .dateOfBirth),
        ])
    }
}
