/// Vietnamese phone numbers in national form.
public enum PhoneNumber {
    /// The national form ("0912345678") of a Vietnamese mobile or landline number written in any usual way:
    /// "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678", "(0269) 3822 123".
    /// Returns `nil` unless the result is 10 digits starting with 0 (mobiles 03/05/07/08/09, landlines 02x),
    /// or 11 digits for the old landline form — the numbering plan of Thông tư 22/2014/TT-BTTTT as revised in 2018.
    public static func normalize(_ input: String) -> String? {
        let allowed = Set("0123456789 .-()+")
        guard !input.isEmpty, input.allSatisfy({ allowed.contains($0) }) else { return nil }
        var digits = input.filter(\.isNumber).map(String.init).joined()
        if input.trimmingPrefixSpaces().hasPrefix("+") || (digits.hasPrefix("84") && digits.count >= 11) {
            guard digits.hasPrefix("84") else { return nil }
            digits = "0" + digits.dropFirst(2)
        }
        guard digits.hasPrefix("0"), digits.count == 10 || (digits.count == 11 && digits.hasPrefix("02")) else { return nil }
        let second = digits[digits.index(after: digits.startIndex)]
        guard "235789".contains(second) else { return nil }
        return digits
    }

    /// The last four digits, used as the second factor of a public look-up.
    public static func lastFour(_ national: String) -> String { String(national.suffix(4)) }
}

private extension String {
    func trimmingPrefixSpaces() -> Substring { drop(while: { $0 == " " }) }
}
