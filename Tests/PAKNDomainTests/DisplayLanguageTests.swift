import PAKNDomain
import Testing

/// The browser's language among ours, from `Accept-Language` (RFC 9110 §12.5.4).
@Suite("Display language")
struct DisplayLanguageTests {
    @Test("ranges are weighed by q, ties keep the header's order, q=0 refuses, a subtag or case does not matter")
    func acceptLanguage() {
        // RFC 9110's example: "da, en-gb;q=0.8, en;q=0.7" — Danish is not ours, British English is.
        #expect(DisplayLanguage.preferred(acceptLanguage: "da, en-gb;q=0.8, en;q=0.7") == .english)
        #expect(DisplayLanguage.preferred(acceptLanguage: "vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7") == .vietnamese)
        #expect(DisplayLanguage.preferred(acceptLanguage: "en;q=0.5, vi;q=0.6") == .vietnamese)
        #expect(DisplayLanguage.preferred(acceptLanguage: "EN-gb") == .english)
        // Equal weights: the first named wins.
        #expect(DisplayLanguage.preferred(acceptLanguage: "en, vi") == .english)
        // q=0 means "not acceptable"; the wildcard stands for Vietnamese.
        #expect(DisplayLanguage.preferred(acceptLanguage: "en;q=0, fr") == nil)
        #expect(DisplayLanguage.preferred(acceptLanguage: "fr, *;q=0.1") == .vietnamese)
        #expect(DisplayLanguage.preferred(acceptLanguage: "") == nil)
    }

    @Test("a tag names a language by its primary subtag")
    func tags() {
        #expect(DisplayLanguage(tag: "en-GB") == .english)
        #expect(DisplayLanguage(tag: "vi") == .vietnamese)
        #expect(DisplayLanguage(tag: "fr") == nil)
        #expect(DisplayLanguage.hasVietnameseLetters("Đường"))
        #expect(!DisplayLanguage.hasVietnameseLetters("Duong Le Loi 12"))
    }
}
