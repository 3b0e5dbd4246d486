/// A small seeded random generator (SplitMix64, Steele et al. 2014), the one home for seeded randomness: HNSW
/// levels are drawn from it (an index built twice from the same vectors is the same graph), and tests and
/// fuzzers use it so a failure can be replayed from its printed seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state (the HNSW index persists it).
    public var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    ///
    /// - Parameter seed: Any value; the same seed gives the same sequence.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
