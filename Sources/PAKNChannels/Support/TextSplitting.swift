/// Splitting long answers into messages a provider accepts (channels.md §1.10 item 10, §6 "Text").
public enum TextSplitting {
    /// `text` cut into parts of at most `maximumCharacters` `Character`s (grapheme clusters, so "ệ" is never split),
    /// preferring to cut after a space or line break in the second half of a part. Empty text gives no parts.
    public static func split(_ text: String, maximumCharacters: Int) -> [String] {
        precondition(maximumCharacters > 0)
        var parts: [String] = []
        var rest = Substring(text)
        while rest.count > maximumCharacters {
            let limit = rest.index(rest.startIndex, offsetBy: maximumCharacters)
            var cut = limit
            let half = rest.index(rest.startIndex, offsetBy: maximumCharacters / 2)
            if let space = rest[half..<limit].lastIndex(where: { $0 == " " || $0 == "\n" }) {
                cut = rest.index(after: space)
            }
            parts.append(String(rest[..<cut]))
            rest = rest[cut...]
        }
        if !rest.isEmpty { parts.append(String(rest)) }
        return parts
    }
}
