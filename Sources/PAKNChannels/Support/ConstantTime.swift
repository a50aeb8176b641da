/// Comparisons of secrets (signatures, tokens) whose running time does not depend on where the inputs differ.
///
/// channels.md §6 ("Compare in constant time"): an attacker who can time our answers must not learn how many leading
/// characters of a forged signature were right. Only the lengths leak, and those are public (a SHA-256 hex digest is
/// always 64 characters).
public enum ConstantTime {
    /// Whether two byte sequences are equal, looking at every byte of the longer one whatever the first difference.
    public static func equal<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
    where A.Element == UInt8, B.Element == UInt8 {
        let left = Array(a), right = Array(b)
        var difference: UInt8 = left.count == right.count ? 0 : 1
        let count = max(left.count, right.count)
        for index in 0..<count {
            let x = index < left.count ? left[index] : 0
            let y = index < right.count ? right[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }

    /// Whether two strings have the same UTF-8 bytes, in constant time (``equal(_:_:)``).
    public static func equal(_ a: String, _ b: String) -> Bool {
        equal(Array(a.utf8), Array(b.utf8))
    }
}

/// Lowercase hexadecimal of bytes (`[0xAB, 0x01]` → `"ab01"`), the form every provider's signature header uses.
public func hexString<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}
