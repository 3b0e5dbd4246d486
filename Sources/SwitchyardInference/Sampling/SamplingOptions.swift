/// How the next token is chosen from the logits. Temperature 0 is greedy decoding (argmax after penalties).
/// Filters apply in llama.cpp's default order: repetition penalty, top-k, top-p, min-p, temperature.
public struct SamplingOptions: Sendable, Equatable {
    /// Softmax temperature; 0 (or less) = greedy.
    public var temperature: Float
    /// Keep only the `topK` most likely tokens (0 = off).
    public var topK: Int
    /// Keep the smallest set of tokens whose probability mass reaches `topP` (1 = off).
    public var topP: Float
    /// Drop tokens whose probability is below `minP` × the top token's (0 = off).
    public var minP: Float
    /// Divide positive / multiply negative logits of recently seen tokens by this (1 = off).
    public var repeatPenalty: Float
    /// How many recent tokens the repetition penalty looks at.
    public var repeatLastN: Int
    /// RNG seed: the same seed, prompt and options give the same text. Nil = random.
    public var seed: UInt64?

    /// Options; the defaults are llama.cpp's.
    ///
    /// - Parameters:
    ///   - temperature: Softmax temperature; 0 = greedy.
    ///   - topK: Keep only the `topK` most likely tokens (0 = off).
    ///   - topP: Keep the smallest set of tokens whose mass reaches `topP` (1 = off).
    ///   - minP: Drop tokens below `minP` × the top token's probability (0 = off).
    ///   - repeatPenalty: Penalty for recently seen tokens (1 = off).
    ///   - repeatLastN: How many recent tokens the penalty looks at.
    ///   - seed: RNG seed (nil: random).
    public init(
        temperature: Float = 0.8, topK: Int = 40, topP: Float = 0.95, minP: Float = 0.05,
        repeatPenalty: Float = 1.0, repeatLastN: Int = 64, seed: UInt64? = nil
    ) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.minP = minP
        self.repeatPenalty = repeatPenalty
        self.repeatLastN = repeatLastN
        self.seed = seed
    }

    /// Greedy decoding.
    public static let greedy = SamplingOptions(temperature: 0)
}
