import Foundation
import PAKNDomain

/// Threading keys of an incoming mail (channels.md §3.2), and of any message that names its tracking code.
public enum EmailThreading {
    /// Tracking codes written in a text (a mail subject, an SMS such as "PA 123-456-7894 …"), in order:
    /// `ddd-ddd-dddd` (also with spaces, dots, Unicode dashes or a full-width "＃" tag around it) or 10 digits in a
    /// row, each accepted only when its Damm check digit holds (`TrackingCode(parsing:)`). Longer digit runs (phone numbers with a country code, dates) are not split.
    public static func trackingCodes(inText text: String) -> [TrackingCode] {
        let scalars = Array(text.precomposedStringWithCanonicalMapping.unicodeScalars)
        func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
        func isSeparator(_ s: Unicode.Scalar) -> Bool {
            s == "-" || s == "." || s == " " || s == "\u{00A0}" || (0x2010...0x2015).contains(s.value) || s.value == 0x2212
        }
        var codes: [TrackingCode] = []
        var i = 0
        while i < scalars.count {
            guard isDigit(scalars[i]), i == 0 || !isDigit(scalars[i - 1]) else { i += 1; continue }
            // Read digit groups joined by at most one separator each.
            var digits = ""
            var j = i
            var groups: [Int] = []
            var current = 0
            while j < scalars.count {
                if isDigit(scalars[j]) {
                    digits.unicodeScalars.append(scalars[j]); current += 1; j += 1
                } else if isSeparator(scalars[j]), current > 0, j + 1 < scalars.count, isDigit(scalars[j + 1]), digits.count < 10 {
                    groups.append(current); current = 0; j += 1
                } else { break }
            }
            groups.append(current)
            let shapeOK = groups == [10] || groups == [3, 3, 4]
            if shapeOK, digits.count == 10, let code = TrackingCode(digits: digits), !codes.contains(code) {
                codes.append(code)
            }
            i = max(j, i + 1)
        }
        return codes
    }

    /// Tracking codes carried by Message-IDs we generated (``EmailComposer/messageID(trackingCode:domain:)``,
    /// `pakn.<ddd-ddd-dddd>.<random>@<domain>`), found in a reply's `In-Reply-To` and `References` (channels.md §3.2,
    /// Redmine's scheme). Only ids whose domain part is `domain` (case-insensitive) count, and only codes whose Damm
    /// check digit holds; order follows `messageIDs`, without repeats.
    public static func trackingCodes(inMessageIDs messageIDs: [String], domain: String) -> [TrackingCode] {
        var codes: [TrackingCode] = []
        for id in messageIDs {
            let trimmed = id.trimmingCharacters(in: CharacterSet(charactersIn: "<> \t"))
            guard let at = trimmed.lastIndex(of: "@"), trimmed[trimmed.index(after: at)...].lowercased() == domain.lowercased() else { continue }
            let fields = trimmed[..<at].split(separator: ".")
            guard fields.count >= 3, fields[0] == "pakn", let code = TrackingCode(parsing: String(fields[1])),
                  !codes.contains(code) else { continue }
            codes.append(code)
        }
        return codes
    }
}
