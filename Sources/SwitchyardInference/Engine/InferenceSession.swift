import SwitchyardCore

/// One conversation's state on a shared `InferenceModel`: the tokens evaluated so far and their KV cache.
/// Not thread-safe; use one session per task.
public final class InferenceSession {
    /// The model this session runs on.
    public let model: InferenceModel
    /// Maximum number of positions (prompt + generated tokens).
    public let contextLength: Int
    /// Tokens evaluated so far, in order.
    public private(set) var tokens: [Int32] = []
    let cache: KVCache
    let ws: Workspace
    /// Tokens per prefill chunk.
    static let chunk = 64

    /// Creates a session with room for `contextLength` positions (default and maximum: the model's
    /// trained context).
    ///
    /// - Parameters:
    ///   - model: The loaded model.
    ///   - contextLength: Positions the session holds (nil: the model's trained context).
    public init(model: InferenceModel, contextLength: Int? = nil) {
        self.model = model
        let c = model.config
        self.contextLength = min(contextLength ?? c.contextLength, c.contextLength)
        cache = KVCache(layers: c.layers, rowWidth: c.kvHeads * c.headDim, capacity: self.contextLength)
        ws = Workspace(config: c, maxTokens: Self.chunk, shares: model.pool.threadCount)
    }

    /// Appends `newTokens` and returns the logits (vocabulary-sized) that predict the next token.
    /// Throws `context_length_exceeded` when the tokens do not fit and `invalid_token` for an id outside
    /// the vocabulary.
    ///
    /// - Parameter newTokens: Token ids to append.
    /// - Throws: `SwitchyardError`: `context_length_exceeded`, `invalid_token`.
    public func evaluate(_ newTokens: [Int32]) throws -> [Float] {
        guard !newTokens.isEmpty else {
            throw SwitchyardError(code: .emptyInput, message: "nothing to evaluate: the token list is empty.")
        }
        guard tokens.count + newTokens.count <= contextLength else {
            throw SwitchyardError(
                code: .contextLengthExceeded,
                message: "\(tokens.count + newTokens.count) tokens exceed the context limit of \(contextLength) tokens "
                    + "for this model; shorten the prompt or lower max tokens.")
        }
        let vocab = model.config.vocabSize
        if let bad = newTokens.first(where: { $0 < 0 || Int($0) >= vocab }) {
            throw SwitchyardError(
                code: .invalidToken, message: "token id \(bad) is outside the vocabulary (0..<\(vocab)).")
        }
        var i = 0
        while i < newTokens.count {
            let j = min(newTokens.count, i + Self.chunk)
            model.forward(newTokens[i..<j], start: tokens.count + i, cache: cache, ws: ws, logits: j == newTokens.count)
            i = j
        }
        tokens += newTokens
        return Array(UnsafeBufferPointer(start: ws.logits, count: vocab))
    }

    /// Forgets everything (the KV cache memory is kept for reuse).
    public func reset() { tokens = [] }

    /// Drops evaluated tokens after the first `count` (to reuse a shared prompt prefix).
    ///
    /// - Parameter count: How many evaluated tokens to keep.
    public func truncate(to count: Int) { tokens = Array(tokens.prefix(max(0, count))) }

    /// Bytes held by the KV cache.
    public var cacheBytes: Int { cache.bytes }
}
