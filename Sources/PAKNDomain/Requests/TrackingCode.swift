import Foundation

/// The public tracking code of a PAKN (*mã PAKN*, *mã tra cứu*): what a citizen is told on the phone, reads in an SMS
/// and types into the public look-up page. It is distinct from the internal id and carries no meaning.
///
/// Shape: exactly 10 ASCII digits, 9 random digits followed by one Damm check digit (see ``Damm``), shown grouped
/// 3-3-4 as `123-456-7894`. The first digit is never `0`, so a code can never be read as a Vietnamese phone number
/// (those start with `0`). The check digit catches every single mistyped digit and every swap of two neighbouring
/// digits, so a mistyped code is rejected instead of showing somebody else's request.
///
/// With 9 × 10⁸ possible codes, collisions are rare but possible: the store must still enforce uniqueness and
/// generate again on conflict.
///
/// `Codable` uses the plain 10-digit string (`"1234567894"`); decoding applies the same validation as
/// ``init(digits:)`` and throws `DecodingError.dataCorrupted` otherwise. Ordering (`Comparable`) is the ordering of
/// the digit strings, which is also numeric ordering.
public struct TrackingCode: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// Exactly 10 ASCII digits: 9 random digits and a Damm check digit, no separators.
    public let digits: String

    /// Characters that people and phones put between digit groups and that ``init(parsing:)`` drops: whitespace
    /// (including U+00A0 no-break space), `.`, `-` and the Unicode dashes U+2010…U+2015 and U+2212 (minus sign),
    /// which word processors and Vietnamese keyboards substitute for `-`.
    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E, 0x2D, 0x2010...0x2015, 0x2212: true
        default: scalar.properties.isWhitespace
        }
    }

    /// Reads a code as a person typed it: drops separators (see above), then validates like ``init(digits:)``.
    /// `"123-456-7894"`, `"123 456 7894"`, `"123.456.7894"` and `" 1234567894 "` all parse.
    ///
    /// - Returns: `nil` unless exactly 10 ASCII digits remain and the last one is the Damm check digit of the first 9.
    ///   Letters, non-ASCII digits, 9 or 11 digits and a wrong check digit all give `nil`.
    public init?(parsing input: String) {
        var kept = String.UnicodeScalarView()
        for scalar in input.unicodeScalars where !Self.isSeparator(scalar) {
            kept.append(scalar)
        }
        self.init(digits: String(kept))
    }

    /// Validates a code that is already in its canonical form (no separators allowed).
    ///
    /// - Returns: `nil` unless `digits` is exactly 10 ASCII digits whose last digit is the Damm check digit of the
    ///   first 9.
    public init?(digits: String) {
        let scalars = Array(digits.unicodeScalars)
        guard scalars.count == 10 else { return nil }
        var values: [Int] = []
        values.reserveCapacity(10)
        for scalar in scalars {
            guard scalar.value >= 0x30, scalar.value <= 0x39 else { return nil }
            values.append(Int(scalar.value - 0x30))
        }
        guard Damm.isValid(values) else { return nil }
        self.digits = digits
    }

    /// Creates a fresh code: first digit uniform in 1…9, the next 8 uniform in 0…9, then the Damm check digit.
    ///
    /// - Parameter rng: the source of randomness; pass a seeded generator in tests.
    public static func generate<R: RandomNumberGenerator>(using rng: inout R) -> TrackingCode {
        var values = [Int.random(in: 1...9, using: &rng)]
        for _ in 0..<8 {
            values.append(Int.random(in: 0...9, using: &rng))
        }
        values.append(Damm.checkDigit(for: values))
        let text = String(values.map { Character(String($0)) })
        guard let code = TrackingCode(digits: text) else {
            preconditionFailure("generated tracking code \(text) failed its own check digit")
        }
        return code
    }

    /// Creates a fresh code from the system's cryptographically secure generator (`SystemRandomNumberGenerator`).
    public static func generate() -> TrackingCode {
        var rng = SystemRandomNumberGenerator()
        return generate(using: &rng)
    }

    /// The code grouped 3-3-4 with hyphens, as shown to citizens: `"123-456-7894"`.
    public var formatted: String {
        let d = Array(digits)
        return String(d[0..<3]) + "-" + String(d[3..<6]) + "-" + String(d[6..<10])
    }

    /// Same as ``formatted``.
    public var description: String { formatted }

    public static func < (lhs: TrackingCode, rhs: TrackingCode) -> Bool {
        lhs.digits < rhs.digits
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let code = TrackingCode(digits: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "not a tracking code (10 digits with a Damm check digit): \(text)")
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}

/// The Damm check-digit algorithm (H. Michael Damm, *Total anti-symmetrische Quasigruppen*, dissertation,
/// Philipps-Universität Marburg, 2004), with the standard weakly totally anti-symmetric quasigroup of order 10 as
/// published in that work and reproduced on Wikipedia ("Damm algorithm").
///
/// It detects all single-digit errors and all adjacent transposition errors. Used by ``TrackingCode``.
///
/// Inputs are arrays of decimal digit values (`0...9`, most significant first); any other value is a programming
/// error and traps.
public enum Damm {
    /// `table[interim][digit]`: the next interim digit.
    private static let table: [[Int]] = [
        [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
        [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
        [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
        [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
        [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
        [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
        [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
        [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
        [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
        [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
    ]

    private static func interim(_ digits: [Int]) -> Int {
        var state = 0
        for digit in digits {
            precondition((0...9).contains(digit), "Damm: \(digit) is not a decimal digit")
            state = table[state][digit]
        }
        return state
    }

    /// The check digit (0…9) to append to `digits` so that the whole sequence is valid. `[5, 7, 2]` → `4`.
    public static func checkDigit(for digits: [Int]) -> Int {
        interim(digits)
    }

    /// Whether `digits`, whose last element is the check digit, is valid. `[5, 7, 2, 4]` → `true`.
    /// An empty array is valid (the interim digit starts at 0), so callers check the length themselves.
    public static func isValid(_ digits: [Int]) -> Bool {
        interim(digits) == 0
    }
}
