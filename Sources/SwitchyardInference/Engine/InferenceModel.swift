import Foundation
import SwitchyardCore

/// A loaded GGUF model: validated configuration and memory-mapped weights, plus the compute threads.
/// Load once and share; each conversation gets its own `InferenceSession`. Forward passes of different
/// sessions are serialized (the compute pool runs one at a time).
public final class InferenceModel: @unchecked Sendable {
    /// The parsed file (metadata, tokenizer data).
    public let gguf: GGUFFile
    /// Hyper-parameters.
    public let config: ModelConfig
    let transformer: Transformer
    let pool: ComputePool
    let forwardLock = NSLock()

    /// Loads the model at `path` (a GGUF file), using `threads` compute threads (default: all cores).
    public init(path: String, threads: Int? = nil) throws {
        let g = try GGUFFile(path: path)
        let c = try ModelConfig(gguf: g)
        let w = try ModelWeights(gguf: g, config: c)
        gguf = g
        config = c
        transformer = Transformer(config: c, weights: w)
        pool = ComputePool(threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        g.file.adviseWillNeed()
    }

    deinit { pool.stop() }

    /// Number of compute threads.
    public var threadCount: Int { pool.threadCount }

    /// Runs the forward pass under the model's lock.
    func forward(_ tokens: ArraySlice<Int32>, start: Int, cache: KVCache, ws: Workspace, logits: Bool) {
        forwardLock.lock()
        defer { forwardLock.unlock() }
        transformer.forward(tokens, start: start, cache: cache, ws: ws, pool: pool, logits: logits)
    }

    /// Runs one batched forward pass (see `Transformer.forward(_:ws:pool:logits:)`) under the model's lock.
    func forward(_ segments: [ForwardSegment], ws: Workspace, logits: UnsafeMutablePointer<Float>) {
        forwardLock.lock()
        defer { forwardLock.unlock() }
        transformer.forward(segments, ws: ws, pool: pool, logits: logits)
    }
}
