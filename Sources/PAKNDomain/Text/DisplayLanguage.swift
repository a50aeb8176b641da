import Foundation

/// The language the pages speak (issue 14, "English"): Vietnamese first, English second.
///
/// Vietnamese is the source language: every page is written in Vietnamese, and English is a catalogue of the
/// Vietnamese texts' translations applied when the page is rendered.
public enum DisplayLanguage: String, CaseIterable, Sendable, Codable {
    case vietnamese = "vi"
    case english = "en"

    /// The BCP 47 tag of the language (`vi`, `en`), as `<html lang>`, `Content-Language` and the `lang` switch use.
    public var tag: String { rawValue }

    /// The language's own name, as a switch offers it to someone who may not read the current page's language.
    public var nativeName: String {
        switch self {
        case .vietnamese: "Tiếng Việt"
        case .english: "English"
        }
    }

    /// The language named by a tag such as `en`, `en-GB`, `vi-VN` or `VI` (primary subtag, any case), or `nil`.
    public init?(tag: String) {
        let primary = tag.split(separator: "-").first.map { $0.lowercased() } ?? ""
        guard let language = DisplayLanguage(rawValue: primary) else { return nil }
        self = language
    }

    /// The browser's preferred language among ours, from an `Accept-Language` header (RFC 9110 §12.5.4): ranges are
    /// weighed by their `q` value (default 1, `q=0` meaning "not acceptable"), ties keep the header's order, and `*`
    /// stands for Vietnamese. `nil` when the header names none of ours (the caller then speaks Vietnamese).
    public static func preferred(acceptLanguage header: String) -> DisplayLanguage? {
        var best: (language: DisplayLanguage, weight: Double)?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let range = parts.first, !range.isEmpty else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            guard weight > 0 else { continue }
            let language = range == "*" ? DisplayLanguage.vietnamese : DisplayLanguage(tag: range)
            guard let language else { continue }
            if best == nil || weight > best!.weight { best = (language, weight) }
        }
        return best?.language
    }
}

extension DisplayLanguage {
    /// Whether `text` holds a letter with a Vietnamese mark or `đ` (see ``VietnameseText``: the same test that tells
    /// text written "không dấu"), so it is Vietnamese, not English: the pages' English holds none.
    public static func hasVietnameseLetters(_ text: String) -> Bool {
        !VietnameseText.isWithoutDiacritics(text)
    }
}
