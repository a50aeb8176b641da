import Foundation

/// A JSON value that providers send sometimes as a string and sometimes as a number (Zalo ids and ms timestamps,
/// file sizes, coordinates; channels.md §1.9 and §6 "Tolerant decoding"), kept as the exact decimal text.
///
/// Integers are decoded as `Int64`/`UInt64` before any floating point, so 19-digit Zalo ids keep every digit.
/// `null` is not accepted here: wrap the property in an optional.
public struct LenientString: Decodable, Sendable, Hashable, CustomStringConvertible {
    /// The value as text: the string itself, or the integer's decimal digits, or the double's shortest form.
    public let value: String

    /// Wraps a value already known as text.
    public init(_ value: String) { self.value = value }

    /// Decodes a JSON string, integer or floating-point number; throws `DecodingError.typeMismatch` otherwise.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            value = string
        } else if let integer = try? container.decode(Int64.self) {
            value = String(integer)
        } else if let unsigned = try? container.decode(UInt64.self) {
            value = String(unsigned)
        } else if let double = try? container.decode(Double.self) {
            value = double.rounded() == double && abs(double) < 1e15 ? String(Int64(double)) : String(double)
        } else if let bool = try? container.decode(Bool.self) {
            value = bool ? "true" : "false"
        } else {
            throw DecodingError.typeMismatch(String.self, .init(codingPath: decoder.codingPath,
                                                                debugDescription: "expected a string or a number"))
        }
    }

    public var description: String { value }

    /// The value as a number (`"13.9833"` → 13.9833), `nil` when empty or not a number.
    public var double: Double? { Double(value.trimmingCharacters(in: .whitespaces)) }

    /// The value as an integer (`"1024000"` → 1024000), `nil` when empty or not an integer.
    public var int64: Int64? { Int64(value.trimmingCharacters(in: .whitespaces)) }
}

/// Decodes an array element by element, keeping `nil` for elements that do not decode instead of failing the whole
/// array: one malformed event in a Messenger batch must not lose the others (channels.md §2.5 item 3).
struct Failable<Wrapped: Decodable>: Decodable {
    let wrapped: Wrapped?
    init(from decoder: any Decoder) throws {
        wrapped = try? Wrapped(from: decoder)
    }
}

extension Date {
    /// The instant of an epoch timestamp in milliseconds, or in seconds when the value is below 10^11
    /// (channels.md §6: Zalo sends ms strings, Messenger ms numbers, some vendors seconds).
    init?(epoch text: String) {
        guard let number = Double(text.trimmingCharacters(in: .whitespaces)), number > 0 else { return nil }
        self = Date(timeIntervalSince1970: number < 1e11 ? number : number / 1000)
    }
}
