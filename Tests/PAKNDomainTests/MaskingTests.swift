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
        "Số 41 đường Hai Bà Trưng, phường Diên Hồng",
        "ống nước dưới lòng đường Trần Hưng Đạo bị vỡ",
        "Đường Trần Hưng Đạo, đoạn gần bến xe",
        "ngã tư Hùng Vương – Lê Lợi mất đèn",
        "trong hẻm 58 đường Tô Hiến Thành",
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
        let text = "ksor an, KSOR  ẤN; sđt 0912.345.678 / +84912345678; ở tổ 3 - thôn plei op; AN@X.VN; Ksor Ấnh."
        // act
        let result = masking.mask(text)
        // check
        #expect(result.text == "[họ tên đã ẩn], [họ tên đã ẩn]; sđt [SĐT đã ẩn] / [SĐT đã ẩn]; ở [địa chỉ đã ẩn]; [email đã ẩn]; Ksor Ấnh.")
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
        ])
    }
}
