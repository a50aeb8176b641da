import Fluent
import Foundation
import PAKNDomain

/// Accent-insensitive search on both databases without extensions: the folded text is stored with a space
/// before every word, and each folded query term must begin a word (`LIKE '% term%'`). "duong" finds "Đường";
/// "dong" does not find "không"; terms may be word prefixes ("ngap" finds "ngập").
/// SQLite's FTS5 does not fold "đ" into "d", hence our own folding (style.md).
enum SearchText {
    /// The stored form: " word word …".
    static func indexed(_ text: String) -> String { " " + VietnameseText.fold(text) }

    /// Every term of `query`, as a LIKE pattern body that must begin a word.
    static func patterns(_ query: String?) -> [String] {
        VietnameseText.searchTerms(query ?? "").prefix(8).map { " " + $0.filter { $0.isLetter || $0.isNumber } }.filter { $0.count > 1 }
    }
}
