import SwitchyardModelAPI

/// Options of one generation.
public struct GenerationOptions: Sendable {
    /// Maximum number of tokens to generate.
    public var maxTokens: Int
    /// Sampler settings.
    public var sampling: SamplingOptions
    /// Generation stops before the first occurrence of any of these strings (which are not returned).
    public var stop: [String]
    /// Keep going past end-of-generation tokens (benchmarks that need a fixed token count).
    public var ignoreEndOfGeneration = false
    /// What the output must match (JSON Schema, regex, choice, tool call); nil = free text. Disallowed
    /// tokens get logit -∞ before sampling; the generation stops as soon as the output is complete and can
    /// only end at an accepting point. See `DecodingConstraint`.
    public var constraint: DecodingConstraint?

    /// Options; the constraint and `ignoreEndOfGeneration` are set on the value.
    ///
    /// - Parameters:
    ///   - maxTokens: Maximum number of tokens to generate.
    ///   - sampling: Sampler settings.
    ///   - stop: Strings that end the generation.
    public init(maxTokens: Int = 256, sampling: SamplingOptions = SamplingOptions(), stop: [String] = []) {
        self.maxTokens = maxTokens
        self.sampling = sampling
        self.stop = stop
    }
}

/// Why a generation ended.
public enum FinishReason: String, Sendable, Codable {
    /// An end-of-generation token or a stop sequence.
    case stop
    /// `maxTokens` reached or the context is full.
    case length
    /// The consumer cancelled.
    case cancelled
}

/// The outcome of a generation, with timings.
public struct GenerationResult: Sendable, Codable, Equatable {
    /// Generated text (stop sequence excluded).
    public var text: String
    /// Generated token ids (the final end-of-generation token included when one was produced).
    public var tokens: [Int32]
    public var promptTokens: Int
    public var completionTokens: Int
    public var prefillTokensPerSecond: Double
    public var decodeTokensPerSecond: Double
    public var finishReason: FinishReason
    /// With a constraint: whether the output is complete (valid). False when the generation ran out of tokens
    /// or context first (`finishReason` is then `length`), was cancelled, or was cut by a stop sequence; nil
    /// without a constraint.
    public var constraintSatisfied: Bool? = nil
    /// With a constraint: time spent in it during decoding (masks, sampling on masked logits, budget checks,
    /// advancing the automaton), included in the decode timing; nil without a constraint.
    public var constraintMilliseconds: Double? = nil

    enum CodingKeys: String, CodingKey {
        case text, tokens
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case prefillTokensPerSecond = "prefill_tokens_per_s"
        case decodeTokensPerSecond = "decode_tokens_per_s"
        case finishReason = "finish_reason"
        case constraintSatisfied = "constraint_satisfied"
        case constraintMilliseconds = "constraint_ms"
    }
}

/// One element of a generation stream.
public enum GenerationEvent: Sendable {
    /// New text (possibly empty while a multi-byte character or a possible stop sequence is pending),
    /// produced by `token`.
    case token(id: Int32, text: String)
    /// The generation finished; always the last event.
    case finished(GenerationResult)
}
