import Foundation
import SwitchyardCore
import SwitchyardModelAPI

/// Runs generations on a session: prefill (reusing the session's cached prefix), sampling, streaming text,
/// stop tokens and sequences, limits and cancellation.
public enum Generator {
    /// Generates synchronously, calling `emit` for each token; `isCancelled` is polled between tokens.
    /// Throws `context_length_exceeded` (naming the limit) when the prompt does not fit.
    public static func run(
        session: InferenceSession, prompt: [Int32], tokenizer: any GenerationTokenizer, options: GenerationOptions,
        isCancelled: () -> Bool = { false }, emit: (GenerationEvent) -> Void = { _ in }
    ) throws -> GenerationResult {
        guard !prompt.isEmpty else {
            throw SwitchyardError(code: .emptyPrompt, message: "the prompt is empty; give some text to continue.")
        }
        let limit = session.contextLength
        guard prompt.count < limit else {
            throw SwitchyardError(
                code: .contextLengthExceeded,
                message: "the prompt has \(prompt.count) tokens but the model's context limit is \(limit) tokens "
                    + "(including at least one generated token); shorten the prompt.")
        }
        // Reuse the longest cached prefix, but always evaluate at least one token to get logits.
        var common = 0
        while common < min(session.tokens.count, prompt.count - 1) && session.tokens[common] == prompt[common] {
            common += 1
        }
        session.truncate(to: common)
        var sampler = Sampler(options: options.sampling)
        var streamer = TextStreamer(stops: options.stop)
        // The token trie is built once per loaded model (about 50 ms for 49k tokens), before the timers start.
        var guide = options.constraint.map {
            ConstraintGuide(
                constraint: $0, tokenizer: tokenizer, vocabularySize: session.model.config.vocabSize,
                allowStop: !options.ignoreEndOfGeneration)
        }
        var constraintNanos: UInt64 = 0
        let t0 = DispatchTime.now().uptimeNanoseconds
        var logits = try session.evaluate(Array(prompt[common...]))
        let t1 = DispatchTime.now().uptimeNanoseconds
        let prefilled = prompt.count - common
        var generated: [Int32] = []
        var decodeEvals = 0
        var finish = FinishReason.length
        var history = prompt
        while generated.count < options.maxTokens {
            if isCancelled() { finish = .cancelled; break }
            var next: Int32
            if guide == nil {
                next = sampler.sample(logits, history: history)
            } else {
                let c0 = DispatchTime.now().uptimeNanoseconds
                if guide!.state.isComplete { finish = .stop; break }
                let remaining = min(options.maxTokens - generated.count, limit - session.tokens.count)
                switch guide!.choose(&logits, remaining: remaining, sample: { sampler.sample($0, history: history) }) {
                case .token(let t): next = t
                case .finish, .stuck: next = -1
                }
                if next < 0 { finish = .length; break }
                if !tokenizer.stopTokens.contains(next) { guide!.advance(next) }
                constraintNanos += DispatchTime.now().uptimeNanoseconds - c0
            }
            generated.append(next)
            history.append(next)
            if !options.ignoreEndOfGeneration && tokenizer.stopTokens.contains(next) {
                finish = .stop
                emit(.token(id: next, text: ""))
                break
            }
            let text = streamer.push(tokenizer.pieceBytes(next))
            emit(.token(id: next, text: text))
            if streamer.stopped { finish = .stop; break }
            if guide?.state.isComplete == true { finish = .stop; break }
            if generated.count >= options.maxTokens { break }
            if session.tokens.count + 1 >= limit { finish = .length; break }
            logits = try session.evaluate([next])
            decodeEvals += 1
        }
        let t2 = DispatchTime.now().uptimeNanoseconds
        let tail = streamer.flush()
        if !tail.isEmpty { emit(.token(id: generated.last ?? -1, text: tail)) }
        let prefillS = Double(t1 - t0) / 1e9, decodeS = Double(t2 - t1) / 1e9
        let result = GenerationResult(
            text: streamer.text, tokens: generated, promptTokens: prompt.count, completionTokens: generated.count,
            prefillTokensPerSecond: prefillS > 0 ? Double(prefilled) / prefillS : 0,
            decodeTokensPerSecond: decodeS > 0 && decodeEvals > 0 ? Double(decodeEvals) / decodeS : 0,
            finishReason: finish, constraintSatisfied: guide.map { $0.state.isAccepting && !streamer.stopped },
            constraintMilliseconds: guide == nil ? nil : Double(constraintNanos) / 1e6)
        emit(.finished(result))
        return result
    }

    /// Generates on a dedicated thread (blocking work stays off the cooperative pool) and streams events;
    /// the last event is `.finished`. Cancelling the consuming task (or dropping the stream) stops generation
    /// after the current token.
    public static func stream(
        session: InferenceSession, prompt: [Int32], tokenizer: any GenerationTokenizer, options: GenerationOptions
    ) -> AsyncThrowingStream<GenerationEvent, Error> {
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

struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ v: T) { value = v }
}
