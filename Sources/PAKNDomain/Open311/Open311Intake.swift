import Foundation

/// How an Open311 GeoReport v2 `POST requests` becomes a `Submission` (the parts that need no database).
///
/// Open311 has no title and splits the name in two; our intake needs a title and one full name.
public enum Open311Intake {
    /// At most this many characters in a derived title.
    public static let titleMaxLength = 80
    /// GeoReport v2, POST requests: "description … may not exceed 4,000 characters".
    public static let descriptionMaxLength = 4000

    /// A title from the description: its first non-empty line, cut at a word boundary to at most 80 characters
    /// (with "…" when cut). FixMyStreet puts the report's title on the first line ("title / detail / url").
    public static func title(fromDescription description: String) -> String {
        let line = description.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty } ?? ""
        guard line.count > titleMaxLength else { return line }
        let cut = String(line.prefix(titleMaxLength - 1))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) >= titleMaxLength / 2 {
            return String(cut[..<space]) + "…"
        }
        return cut + "…"
    }

    /// `first_name` and `last_name` joined in that order. FixMyStreet splits a full name at its first space
    /// (`first_name` = first word), so "Nguyễn Văn An" arrives as "Nguyễn" + "Văn An" and joins back unchanged.
    public static func fullName(first: String?, last: String?) -> String {
        [first, last].compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}
