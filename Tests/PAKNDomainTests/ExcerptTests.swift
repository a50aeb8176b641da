import PAKNDomain
import Testing

/// Texts cut for lists and forms, counted in characters as a reader sees them.
@Suite("Excerpts")
struct ExcerptTests {
    @Test("a text within the limit is unchanged; a longer one is cut at a space near the end, with an ellipsis")
    func cuts() {
        #expect(Excerpt.of("Đèn đường hỏng", limit: 14) == "Đèn đường hỏng")
        // 24 characters; the first 20 are "Đèn đường hỏng ở tổ"; the last space within the final fifth (4) is at 19.
        #expect(Excerpt.of("Đèn đường hỏng ở tổ 3 a", limit: 20) == "Đèn đường hỏng ở tổ…")
        #expect(Excerpt.omitted("Đèn đường hỏng ở tổ 3 a", limit: 20) == 3)
        // No space near the end: cut at the limit.
        #expect(Excerpt.of(String(repeating: "ư", count: 30), limit: 10) == String(repeating: "ư", count: 10) + "…")
        // A decomposed "ệ" (e + two combining marks) is one character, never split.
        let decomposed = String(repeating: "e\u{0302}\u{0323}", count: 5)
        #expect(Excerpt.of(decomposed, limit: 3) == String(repeating: "e\u{0302}\u{0323}", count: 3) + "…")
        #expect(Excerpt.omitted("ngắn", limit: 10) == 0)
    }
}
