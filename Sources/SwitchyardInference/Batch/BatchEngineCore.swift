/// The worker-side state of a `BatchEngine` that outlives one busy period: scratch buffers and the prefix cache.
///
/// `@unchecked Sendable` because it is mutable and not locked: only the engine's worker thread touches it, and
/// there is at most one worker at a time (the engine's `running` flag, set and cleared under its state lock,
/// which also orders one worker's writes before the next one's reads).
final class BatchEngineCore: @unchecked Sendable {
    let workspace: Workspace
    let logits: UnsafeMutablePointer<Float>
    let prefixes: PrefixCache?
    let bytesPerPosition: Int
    let vocabularySize: Int
    let layers: Int
    let rowWidth: Int

    init(model: InferenceModel, options: BatchEngineOptions, chunk: Int) {
        let c = model.config
        layers = c.layers
        rowWidth = c.kvHeads * c.headDim
        bytesPerPosition = 2 * layers * rowWidth * MemoryLayout<Float>.size
        vocabularySize = c.vocabSize
        let sequences = max(1, options.maxSequences)
        workspace = Workspace(
            config: c, maxTokens: sequences + max(chunk, options.prefillTokensPerStep), shares: model.threadCount)
        logits = .allocate(capacity: sequences * c.vocabSize)
        prefixes =
            options.prefixCacheBytes > 0
            ? PrefixCache(
                alignment: chunk, maxBytes: options.prefixCacheBytes,
                maxBytesPerTenant: min(options.prefixCacheBytes, options.prefixCacheBytesPerTenant))
            : nil
    }

    deinit { logits.deallocate() }
}
