import Foundation
import PAKNDomain
import Testing

/// Reading a row of the previous portal's export (issue 15 item 11): dates in Vietnamese, ISO and Excel forms
/// (Asia/Ho_Chi_Minh), channels and statuses as old portals write them, and every problem of a row at once.
@Suite("Archive rows")
struct ArchiveRowTests {
    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("dates: dd/mm/yyyy [hh:mm[:ss]] and yyyy-mm-dd in +07:00, ISO 8601 with its offset, Excel day numbers; impossible days refused")
    func dates() {
        #expect(ArchiveDate.parse("05/03/2025 14:30") == Self.utc("2025-03-05T07:30:00Z"))
        #expect(ArchiveDate.parse("5-3-2025") == Self.utc("2025-03-04T17:00:00Z"))
        #expect(ArchiveDate.parse("2025-03-05 08:00:15") == Self.utc("2025-03-05T01:00:15Z"))
        #expect(ArchiveDate.parse("2025-03-05T14:30:00+07:00") == Self.utc("2025-03-05T07:30:00Z"))
        // Excel: 45658 is 1 January 2025 (day 1 is 1900-01-01, with Excel's 29 February 1900); 45721 is 5 March.
        #expect(ArchiveDate.parse("45658") == Self.utc("2024-12-31T17:00:00Z"))
        #expect(ArchiveDate.parse("45721.5") == Self.utc("2025-03-05T05:00:00Z"))
        #expect(ArchiveDate.parse("31/02/2025") == nil)
        #expect(ArchiveDate.parse("05/03/2025 25:00") == nil)
        #expect(ArchiveDate.parse("hôm qua") == nil)
    }

    @Test("channels and statuses in old portals' words")
    func vocabulary() {
        #expect(ArchiveVocabulary.channel("Tổng đài 1022") == .phone)
        #expect(ArchiveVocabulary.channel("Cổng thông tin điện tử") == .web)
        #expect(ArchiveVocabulary.channel("Facebook") == .messenger)
        #expect(ArchiveVocabulary.channel("Thư điện tử") == .email)
        #expect(ArchiveVocabulary.channel("zalo") == .zalo)
        #expect(ArchiveVocabulary.channel("Cổng Dịch vụ công quốc gia") == .nationalPortal)
        #expect(ArchiveVocabulary.channel("Bồ câu đưa thư") == nil)
        #expect(ArchiveVocabulary.outcome("Đã trả lời", hasAnswer: true) == .answered)
        #expect(ArchiveVocabulary.outcome("Hoàn thành", hasAnswer: true) == .answered)
        #expect(ArchiveVocabulary.outcome("Đang xử lý", hasAnswer: false) == .open)
        #expect(ArchiveVocabulary.outcome("Không thụ lý", hasAnswer: false) == .rejected)
        #expect(ArchiveVocabulary.outcome("", hasAnswer: true) == .answered)
        #expect(ArchiveVocabulary.outcome("", hasAnswer: false) == .open)
        #expect(ArchiveVocabulary.outcome("Lưu kho", hasAnswer: false) == nil)
    }

    @Test("a row by its Vietnamese headers in any order; every problem of a bad row at once")
    func rows() throws {
        let header = ["STT", "Nội dung", "Mã hồ sơ", "Ngày tiếp nhận", "Kênh tiếp nhận", "Trạng thái", "Nội dung trả lời", "Xã, phường"]
        let index = ArchiveRow.columnIndex(header)
        #expect(ArchiveRow.headerProblems(index).isEmpty)
        #expect(ArchiveRow.headerProblems(ArchiveRow.columnIndex(["STT", "Tiêu đề"])) == ["Thiếu cột \"Mã hồ sơ\".", "Thiếu cột \"Ngày tiếp nhận\".", "Thiếu cột \"Nội dung\"."])
        let row = try ArchiveRow.read(["1", "Đèn đường hỏng trước chợ", "PA-2024-0001", "02/01/2024 09:15", "Website", "Đã trả lời",
                                       "Đã thay bóng đèn.", "Phường Thị Nại"], index: index).get()
        #expect(row.sourceCode == "PA-2024-0001" && row.channel == .web && row.outcome == .answered && row.answer == "Đã thay bóng đèn.")
        #expect(row.receivedAt == Self.utc("2024-01-02T02:15:00Z") && row.title == "Đèn đường hỏng trước chợ" && row.commune == "Phường Thị Nại")
        guard case .failure(let problems) = ArchiveRow.read(["2", "", "", "31/02/2024", "Bồ câu", "Đã trả lời", "", ""], index: index) else {
            Issue.record("a bad row was read"); return
        }
        #expect(problems.messages == ["Mã hồ sơ trống hoặc dài quá 60 ký tự.", "Ngày tiếp nhận \"31/02/2024\" không đọc được (dd/mm/yyyy [hh:mm]).",
                                      "Kênh \"Bồ câu\" không rõ.", "Nội dung trống.", "Đã trả lời nhưng thiếu nội dung trả lời."])
    }
}
