/// Vietnamese phone numbers in national form.
public enum PhoneNumber {
    /// The national form ("0912345678") of a Vietnamese number written in any usual way: "0912 345 678",
    /// "0912.345.678", "+84 912 345 678", "+84 (0) 912 345 678", "0084 912 345 678", "(0269) 3822 123".
    /// Numbering plan since 2017–2018 (Thông tư 22/2014/TT-BTTTT as revised; landline area codes changed in 2017):
    /// mobiles are 10 digits starting 03, 05, 07, 08 or 09; landlines are 11 digits starting 02.
    /// Returns `nil` for anything else.
    public static func normalize(_ input: String) -> String? {
        let allowed = Set("0123456789 .-()+")
        guard !input.isEmpty, input.allSatisfy({ allowed.contains($0) }) else { return nil }
        let trimmed = input.drop(while: { $0 == " " })
        var digits = String(input.filter(\.isNumber))
        if trimmed.hasPrefix("+") {
            guard digits.hasPrefix("84") else { return nil }
            digits = String(digits.dropFirst(2))
        } else if digits.hasPrefix("0084") {
            digits = String(digits.dropFirst(4))
        } else if digits.hasPrefix("84"), digits.count == 11 || digits.count == 12 {
            digits = String(digits.dropFirst(2))
        }
        if !digits.hasPrefix("0") { digits = "0" + digits }
        // "+84 (0) 912…" leaves a doubled trunk prefix.
        if digits.hasPrefix("00") { digits = String(digits.dropFirst()) }
        guard digits.count >= 2 else { return nil }
        let second = digits[digits.index(after: digits.startIndex)]
        switch second {
        case "3", "5", "7", "8", "9": return digits.count == 10 ? digits : nil
        case "2": return digits.count == 11 ? digits : nil
        default: return nil
        }
    }

    /// A national number grouped for reading: mobiles 4-3-3 ("0905 111 222"), landlines 4-4-3 ("0269 3822 123").
    /// Anything else is returned unchanged.
    public static func display(_ national: String) -> String {
        let digits = Array(national)
        guard digits.allSatisfy(\.isNumber) else { return national }
        let groups: [Int]
        switch digits.count {
        case 10: groups = [4, 3, 3]
        case 11: groups = [4, 4, 3]
        default: return national
        }
        var parts: [String] = []
        var index = 0
        for size in groups { parts.append(String(digits[index..<index + size])); index += size }
        return parts.joined(separator: " ")
    }

    /// The last four digits, used as the second factor of a public look-up.
    public static func lastFour(_ national: String) -> String { String(national.suffix(4)) }
}
