/// A text cut to what a list or a form can show (issue 14: one 8 MB subject made the intake page 8.6 MB).
public enum Excerpt {
    /// `text` when it has at most `limit` characters (grapheme clusters: "ệ" is one, whatever its scalars);
    /// otherwise its first `limit` characters, cut back to the last space within the final fifth so a word is not
    /// split, followed by "…". `limit` ≥ 1.
    public static func of(_ text: String, limit: Int) -> String {
        guard text.count > limit else { return text }
        var cut = String(text.prefix(max(limit, 1)))
        if let space = cut.lastIndex(of: " "), cut.distance(from: space, to: cut.endIndex) <= max(limit / 5, 1) {
            cut = String(cut[..<space])
        }
        return cut + "…"
    }

    /// How many characters `of(text, limit:)` leaves out (0 when nothing is cut).
    public static func omitted(_ text: String, limit: Int) -> Int {
        max(text.count - limit, 0)
    }
}
