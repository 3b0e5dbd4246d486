import Foundation
import SwitchyardCore
import SwitchyardModelAPI

/// One request running in a `BatchEngine`'s batch: its own KV cache, decode loop (sampler, constraint, stop
/// sequences) and stream. Touched only by the engine's worker thread.
final class BatchSequence {
    let id: Int
    let tenant: TenantID
    let kvBytes: Int
    let prompt: [Int32]
    let cache: KVCache
    let continuation: AsyncThrowingStream<GenerationEvent, any Error>.Continuation
    var loop: DecodeLoop
    /// Positions in `cache`.
    var evaluated: Int
    /// Prompt positions restored from the prefix cache.
    let reused: Int
    /// The token chosen last, to evaluate in the next step.
    var pending: Int32?
    var prefillStart: UInt64 = 0
    var prefillEnd: UInt64 = 0
    var decodeEvals = 0

    init(
        id: Int, tenant: TenantID, kvBytes: Int, prompt: [Int32], cache: KVCache, reused: Int, loop: DecodeLoop,
        continuation: AsyncThrowingStream<GenerationEvent, any Error>.Continuation
    ) {
        self.id = id
        self.tenant = tenant
        self.kvBytes = kvBytes
        self.prompt = prompt
        self.cache = cache
        self.reused = reused
        self.evaluated = reused
        self.loop = loop
        self.continuation = continuation
    }

    /// Whether prompt tokens remain to evaluate.
    var prefilling: Bool { evaluated < prompt.count }

    /// Emits an event to the consumer.
    func emit(_ event: GenerationEvent) { continuation.yield(event) }

    /// Emits the result and ends the stream.
    func finish(now: UInt64) {
        let prefillEnd = prefilling ? now : self.prefillEnd
        _ = loop.finish(
            prefilled: prompt.count - reused, prefillNanos: prefillEnd - min(prefillStart, prefillEnd),
            decodeEvals: decodeEvals, decodeNanos: now - prefillEnd, emit: emit)
        continuation.finish()
    }
}
