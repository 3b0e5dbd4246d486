import Foundation
import SwitchyardCore
import SwitchyardModelAPI
import Synchronization

/// Serves many generations at once on one model (continuous batching): requests join and leave a running batch
/// at token boundaries, and each step is one forward pass over every running sequence, so the weights are
/// streamed once per step instead of once per sequence. Each sequence keeps its own KV cache, sampler, stop
/// sequences and constraint.
///
/// - Prompts are evaluated in chunks of `prefillChunk` tokens, at most `prefillTokensPerStep` per step, beside a
///   decode token of every other sequence, so a long prompt does not freeze the others' streams.
/// - The KV of whole prompt chunks is kept per tenant and reused by later requests of the same tenant that start
///   with the same tokens (never across tenants), within a byte budget, least recently used first out.
/// - At most `maxSequences` run and their KV reservations stay under `maxKVBytes`; others wait, highest tier
///   first, then the tenant with the fewest running sequences, then in arrival order.
/// - Cancelling the consuming task (or dropping the stream) removes a waiting request at once and frees a running
///   one's place at the next token boundary.
///
/// Numerics: every token is computed with the kernels it would get if its sequence ran alone on an
/// `InferenceSession` (prompt chunks of the same size, one decode token at a time), so a greedy answer in a batch is
/// bit-identical to the same request alone, and reusing a prefix gives the same output as evaluating it.
/// (llama.cpp's server does not promise this: its kernels depend on the size of the whole batch, so its
/// answers may change with the load.)
///
/// The work runs on a dedicated thread while there is any (blocking compute stays off the cooperative pool); the
/// model's forward lock serializes it with `InferenceSession`s on the same model.
public final class BatchEngine: Sendable {
    /// The model served.
    public let languageModel: LanguageModel
    /// Limits.
    public let options: BatchEngineOptions
    /// Positions per sequence.
    public let contextLength: Int
    /// Tokens per prompt chunk: `InferenceSession`'s, so a prompt is evaluated exactly as it would be alone.
    public static let prefillChunk = InferenceSession.chunk

    struct Pending: Sendable {
        let prompt: [Int32]
        let options: GenerationOptions
        let continuation: AsyncThrowingStream<GenerationEvent, any Error>.Continuation
    }

    struct State {
        var queue: AdmissionQueue<Pending>
        var load = AdmissionQueue<Pending>.Load()
        var running = false
        var nextID = 0
        var cancelled: Set<Int> = []
        var stats = BatchEngineStats()
    }

    let state: Mutex<State>
    let core: BatchEngineCore

    /// Creates an engine for `languageModel`; no thread runs until the first request.
    ///
    /// - Parameters:
    ///   - languageModel: The loaded model (its weights, tokenizer and compute threads are shared).
    ///   - options: Batch size, KV-cache budget, prefill chunking and prefix reuse.
    public init(_ languageModel: LanguageModel, options: BatchEngineOptions = BatchEngineOptions()) {
        self.languageModel = languageModel
        self.options = options
        let c = languageModel.model.config
        contextLength = min(options.contextLength ?? c.contextLength, c.contextLength)
        state = Mutex(State(queue: AdmissionQueue(maxSequences: options.maxSequences, maxKVBytes: options.maxKVBytes)))
        core = BatchEngineCore(model: languageModel.model, options: options, chunk: Self.prefillChunk)
    }

    /// Counters (running, waiting, steps, prefix reuse, cancellations).
    public var stats: BatchEngineStats {
        state.withLock { s in
            var out = s.stats
            out.running = s.load.sequences
            out.waiting = s.queue.waiting.count
            return out
        }
    }

    /// Streams a generation of `prompt` for `tenant`; the last event is `.finished`. Waits for a place in the
    /// batch when the engine is full (`tier`: higher runs first). Throws through the stream `empty_prompt`,
    /// `context_length_exceeded` or `invalid_token` for a prompt that cannot run.
    ///
    /// - Parameters:
    ///   - prompt: Token ids of the prompt.
    ///   - options: Maximum tokens, sampling, stop strings, constraint.
    ///   - tenant: Whose request it is (fairness and the per-tenant prefix cache).
    ///   - tier: The tenant's tier; higher tiers are admitted first.
    public func generate(
        prompt: [Int32], options: GenerationOptions, tenant: TenantID, tier: Int = 0
    ) -> AsyncThrowingStream<GenerationEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(
            of: GenerationEvent.self, throwing: (any Error).self)
        if let error = validate(prompt) {
            continuation.finish(throwing: error)
            return stream
        }
        let id = state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
        continuation.onTermination = { [weak self] termination in
            if case .cancelled = termination { self?.cancel(id) }
        }
        let positions = min(prompt.count + max(0, options.maxTokens), contextLength)
        let entry = AdmissionQueue<Pending>.Entry(
            id: id, tenant: tenant, tier: tier, kvBytes: positions * core.bytesPerPosition,
            request: Pending(prompt: prompt, options: options, continuation: continuation))
        let start = state.withLock { s in
            s.queue.enqueue(entry)
            if s.running { return false }
            s.running = true
            return true
        }
        if start { startWorker() }
        return stream
    }

    private func validate(_ prompt: [Int32]) -> SwitchyardError? {
        if let error = PromptCheck.error(prompt, contextLimit: contextLength) { return error }
        let vocab = languageModel.model.config.vocabSize
        if let bad = prompt.first(where: { $0 < 0 || Int($0) >= vocab }) {
            return SwitchyardError(
                code: .invalidToken, message: "token id \(bad) is outside the vocabulary (0..<\(vocab)).")
        }
        return nil
    }

    /// The consumer went away: drop the request if it waits, else free its place at the next token boundary.
    private func cancel(_ id: Int) {
        state.withLock { s in
            if s.queue.remove(id: id) != nil {
                s.stats.cancelled += 1
            } else {
                s.cancelled.insert(id)
            }
        }
    }

    private func startWorker() {
        let thread = Thread { [self] in work() }
        thread.name = "switchyard-batch"
        thread.stackSize = 1 << 22
        thread.start()
    }
}
