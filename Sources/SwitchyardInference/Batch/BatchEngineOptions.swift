/// Limits of a `BatchEngine`.
public struct BatchEngineOptions: Sendable, Equatable {
    /// Most sequences in the running batch; more requests wait (by tier, then fairness across tenants).
    public var maxSequences: Int
    /// Most KV-cache bytes the running sequences may reserve (each reserves prompt + max tokens positions, up to
    /// the context length); more requests wait. The first request always runs.
    public var maxKVBytes: Int
    /// Prompt tokens evaluated per step across the sequences being prefilled, in chunks of
    /// `BatchEngine.prefillChunk` tokens, beside one decode token of every other sequence: a long prompt does not
    /// stall the others' streams.
    public var prefillTokensPerStep: Int
    /// Bytes of prompt-prefix KV kept for reuse, all tenants together (0 turns prefix reuse off).
    public var prefixCacheBytes: Int
    /// Bytes of prompt-prefix KV kept for one tenant.
    public var prefixCacheBytesPerTenant: Int
    /// Positions per sequence (default and maximum: the model's trained context).
    public var contextLength: Int?

    /// Limits; every one has a default.
    ///
    /// - Parameters:
    ///   - maxSequences: Most sequences in the running batch.
    ///   - maxKVBytes: Most KV-cache bytes the running sequences may reserve.
    ///   - prefillTokensPerStep: Prompt tokens evaluated per step.
    ///   - prefixCacheBytes: Bytes of prompt-prefix KV kept for reuse, all tenants together.
    ///   - prefixCacheBytesPerTenant: Bytes of prompt-prefix KV kept for one tenant.
    ///   - contextLength: Positions per sequence (nil: the model's trained context).
    public init(
        maxSequences: Int = 16, maxKVBytes: Int = 1 << 30, prefillTokensPerStep: Int = 256,
        prefixCacheBytes: Int = 256 << 20, prefixCacheBytesPerTenant: Int = 64 << 20, contextLength: Int? = nil
    ) {
        self.maxSequences = maxSequences
        self.maxKVBytes = maxKVBytes
        self.prefillTokensPerStep = prefillTokensPerStep
        self.prefixCacheBytes = prefixCacheBytes
        self.prefixCacheBytesPerTenant = prefixCacheBytesPerTenant
        self.contextLength = contextLength
    }
}

/// Counters of a `BatchEngine`, for tests, benchmarks and metrics.
public struct BatchEngineStats: Sendable, Equatable {
    /// Sequences in the running batch.
    public var running = 0
    /// Requests waiting for a place.
    public var waiting = 0
    /// Forward passes run.
    public var steps = 0
    /// Largest number of sequences seen in one step.
    public var largestBatch = 0
    /// Requests that started from a kept prefix, and the prompt tokens that saved.
    public var prefixHits = 0
    public var prefixTokensReused = 0
    /// Prefix-cache entries and bytes.
    public var prefixEntries = 0
    public var prefixBytes = 0
    /// Requests cancelled by their consumer.
    public var cancelled = 0
}
