import Foundation
import SwitchyardCore
import Synchronization

/// A loaded GGUF model: validated configuration and memory-mapped weights, plus the compute threads.
/// Load once and share; each conversation gets its own `InferenceSession`. Forward passes of different
/// sessions are serialized (the compute pool runs one at a time).
public final class InferenceModel: Sendable {
    /// The parsed file (metadata, tokenizer data).
    public let gguf: GGUFFile
    /// Hyper-parameters.
    public let config: ModelConfig
    let transformer: Transformer
    let pool: ComputePool
    /// Held for a whole forward pass: the compute pool runs one job at a time.
    let forwardLock = Mutex(())

    /// Loads the model at `path` (a GGUF file), using `threads` compute threads (default: all cores).
    ///
    /// - Parameters:
    ///   - path: A GGUF file.
    ///   - threads: Compute threads (nil: every active core).
    /// - Throws: `SwitchyardError` when the file is unreadable, corrupt or a model the engine does not support.
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
        forwardLock.withLock { _ in
            transformer.forward(tokens, start: start, cache: cache, ws: ws, pool: pool, logits: logits)
        }
    }

    /// Runs one batched forward pass (see `Transformer.forward(_:ws:pool:logits:)`) under the model's lock.
    func forward(_ segments: [ForwardSegment], ws: Workspace, logits: UnsafeMutablePointer<Float>) {
        forwardLock.withLock { _ in
            transformer.forward(segments, ws: ws, pool: pool, logits: logits)
        }
    }
}
