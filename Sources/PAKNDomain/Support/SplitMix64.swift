/// SplitMix64 (Steele, Lea and Flood, 2014): a small, fast generator whose whole state is its seed, so a run can
/// be repeated exactly: the demo archive generator, property tests and seeded workflow walks use it. Not for secrets.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose whole sequence follows from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `0..<bound` (`bound` > 0).
    public mutating func below(_ bound: Int) -> Int { Int(next(upperBound: UInt64(bound))) }

    /// A number in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// An index drawn with the given weights (all ≥ 0, at least one > 0).
    public mutating func weighted(_ weights: [Int]) -> Int {
        var draw = below(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            if draw < weight { return index }
            draw -= weight
        }
        return weights.count - 1
    }
}
