import PAKNDomain
import Testing

@Suite("Answer template placeholders")
struct AnswerTemplateTextTests {
    @Test("placeholders are replaced by the case's values; one without a value, or unknown, stays as written")
    func render() {
        let body = "Kính gửi ông/bà, phản ánh {ma} đã được {co_quan} xử lý ngày {ngay}. {ghi_chu} {han"
        let text = AnswerTemplateText.render(body, values: ["ma": "123-456-7894", "co_quan": "Sở Xây dựng", "ngay": "04/12/2026"])
        #expect(text == "Kính gửi ông/bà, phản ánh 123-456-7894 đã được Sở Xây dựng xử lý ngày 04/12/2026. {ghi_chu} {han")
        #expect(AnswerTemplateText.unknownPlaceholders(in: body) == ["ghi_chu"])
        #expect(AnswerTemplateText.unknownPlaceholders(in: "{ma} {ma_so} {ma_so} {}") == ["ma_so", ""])
    }
}
