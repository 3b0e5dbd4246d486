import Foundation
import SwitchyardCore
import SwitchyardModelAPI

/// Runs generations on a session: prefill (reusing the session's cached prefix), sampling, streaming text,
/// stop tokens and sequences, limits and cancellation.
public enum Generator {
    /// Generates synchronously, calling `emit` for each token; `isCancelled` is polled between tokens.
    /// Throws `context_length_exceeded` (naming the limit) when the prompt does not fit.
    ///
    /// - Parameters:
    ///   - session: The session (its cache is reused from the longest common prefix).
    ///   - prompt: Token ids to generate from.
    ///   - tokenizer: Decodes tokens to text and knows the stop tokens.
    ///   - options: Maximum tokens, sampling, stop strings, constraint.
    ///   - isCancelled: Polled between tokens; true stops the generation.
    ///   - emit: Called with each event, the last being `.finished`.
    /// - Throws: `SwitchyardError`: `empty_prompt`, `context_length_exceeded`, `invalid_token`.
    public static func run(
        session: InferenceSession, prompt: [Int32], tokenizer: any GenerationTokenizer, options: GenerationOptions,
        isCancelled: () -> Bool = { false }, emit: (GenerationEvent) -> Void = { _ in }
    ) throws -> GenerationResult {
        var loop = try DecodeLoop(
            prompt: prompt, options: options, tokenizer: tokenizer, vocabularySize: session.model.config.vocabSize,
            contextLimit: session.contextLength)
        // Reuse the longest cached prefix, but always evaluate at least one token to get logits.
        var common = 0
        while common < min(session.tokens.count, prompt.count - 1) && session.tokens[common] == prompt[common] {
            common += 1
        }
        session.truncate(to: common)
        let t0 = DispatchTime.now().uptimeNanoseconds
        var logits = try session.evaluate(Array(prompt[common...]))
        let t1 = DispatchTime.now().uptimeNanoseconds
        var decodeEvals = 0
        while true {
            if isCancelled() {
                loop.cancel()
                break
            }
            guard let next = loop.step(&logits, evaluated: session.tokens.count, emit: emit) else { break }
            logits = try session.evaluate([next])
            decodeEvals += 1
        }
        let t2 = DispatchTime.now().uptimeNanoseconds
        return loop.finish(
            prefilled: prompt.count - common, prefillNanos: t1 - t0, decodeEvals: decodeEvals, decodeNanos: t2 - t1,
            emit: emit)
    }

    /// Generates on a dedicated thread (blocking work stays off the cooperative pool) and streams events;
    /// the last event is `.finished`. Cancelling the consuming task (or dropping the stream) stops generation
    /// after the current token.
    ///
    /// - Parameters:
    ///   - session: The session (one generation at a time).
    ///   - prompt: Token ids to generate from.
    ///   - tokenizer: Decodes tokens to text and knows the stop tokens.
    ///   - options: Maximum tokens, sampling, stop strings, constraint.
    public static func stream(
        session: InferenceSession, prompt: [Int32], tokenizer: any GenerationTokenizer, options: GenerationOptions
    ) -> AsyncThrowingStream<GenerationEvent, any Error> {
        let cancelled = AtomicFlag()
        let box = UncheckedBox(session)
        return AsyncThrowingStream { continuation in
            continuation.onTermination = { _ in cancelled.set() }
            let thread = Thread {
                do {
                    _ = try run(
                        session: box.value, prompt: prompt, tokenizer: tokenizer, options: options,
                        isCancelled: { cancelled.isSet }, emit: { continuation.yield($0) })
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            thread.stackSize = 1 << 22
            thread.start()
        }
    }
}

/// Hands one non-Sendable value (a session) to the one generation thread.
// @unchecked: the sender never touches the value again once the thread has it.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ v: T) { value = v }
}
