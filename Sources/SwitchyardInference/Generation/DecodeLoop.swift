import Foundation
import SwitchyardCore
import SwitchyardModelAPI

/// The per-sequence half of a generation, apart from the forward pass: sampling (with the constraint's mask),
/// stop tokens and sequences, streaming text, limits and the result. `Generator` drives one on a session;
/// `BatchEngine` drives one per sequence of its batch, so both stop, stream and report the same way.
struct DecodeLoop {
    let prompt: [Int32]
    let options: GenerationOptions
    let tokenizer: any GenerationTokenizer
    /// Maximum positions of the sequence (prompt + generated).
    let contextLimit: Int
    private var sampler: Sampler
    private var streamer: TextStreamer
    private var guide: ConstraintGuide?
    private var constraintNanos: UInt64 = 0
    private var history: [Int32]
    private(set) var generated: [Int32] = []
    /// Why the generation ended (valid once `step` returned nil).
    private(set) var finish = FinishReason.length

    /// Checks the prompt against the context (throws `empty_prompt`, `context_length_exceeded`).
    init(
        prompt: [Int32], options: GenerationOptions, tokenizer: any GenerationTokenizer, vocabularySize: Int,
        contextLimit: Int
    ) throws {
        if let error = PromptCheck.error(prompt, contextLimit: contextLimit) { throw error }
        self.prompt = prompt
        self.options = options
        self.tokenizer = tokenizer
        self.contextLimit = contextLimit
        sampler = Sampler(options: options.sampling)
        streamer = TextStreamer(stops: options.stop)
        history = prompt
        // The token trie is built once per loaded model (about 50 ms for 49k tokens), before the timers start.
        guide = options.constraint.map {
            ConstraintGuide(
                constraint: $0, tokenizer: tokenizer, vocabularySize: vocabularySize,
                allowStop: !options.ignoreEndOfGeneration)
        }
    }

    /// Chooses the next token from `logits` (which the constraint may mask), emits its text, and returns it when
    /// the generation goes on (the caller evaluates it and calls again with the new logits), or nil when it has
    /// ended (`finish` says why). `evaluated` is the number of positions already in the sequence's cache.
    mutating func step(_ logits: inout [Float], evaluated: Int, emit: (GenerationEvent) -> Void) -> Int32? {
        guard generated.count < options.maxTokens else { return nil }
        var next: Int32
        if guide == nil {
            next = sampler.sample(logits, history: history)
        } else {
            let c0 = DispatchTime.now().uptimeNanoseconds
            if guide!.state.isComplete {
                finish = .stop
                return nil
            }
            let remaining = min(options.maxTokens - generated.count, contextLimit - evaluated)
            switch guide!.choose(&logits, remaining: remaining, sample: { sampler.sample($0, history: history) }) {
            case .token(let t): next = t
            case .finish, .stuck: next = -1
            }
            if next < 0 {
                finish = .length
                return nil
            }
            if !tokenizer.stopTokens.contains(next) { guide!.advance(next) }
            constraintNanos += DispatchTime.now().uptimeNanoseconds - c0
        }
        generated.append(next)
        history.append(next)
        if !options.ignoreEndOfGeneration && tokenizer.stopTokens.contains(next) {
            finish = .stop
            emit(.token(id: next, text: ""))
            return nil
        }
        let text = streamer.push(tokenizer.pieceBytes(next))
        emit(.token(id: next, text: text))
        if streamer.stopped || guide?.state.isComplete == true {
            finish = .stop
            return nil
        }
        if generated.count >= options.maxTokens { return nil }
        if evaluated + 1 >= contextLimit {
            finish = .length
            return nil
        }
        return next
    }

    /// Marks the generation cancelled (before `step` returned nil).
    mutating func cancel() { finish = .cancelled }

    /// Flushes held-back text and emits the result, last. Timings: `prefilled` prompt tokens evaluated in
    /// `prefillNanos`, `decodeEvals` generated tokens evaluated in `decodeNanos`.
    mutating func finish(
        prefilled: Int, prefillNanos: UInt64, decodeEvals: Int, decodeNanos: UInt64, emit: (GenerationEvent) -> Void
    ) -> GenerationResult {
        let tail = streamer.flush()
        if !tail.isEmpty { emit(.token(id: generated.last ?? -1, text: tail)) }
        let prefillS = Double(prefillNanos) / 1e9, decodeS = Double(decodeNanos) / 1e9
        let result = GenerationResult(
            text: streamer.text, tokens: generated, promptTokens: prompt.count, completionTokens: generated.count,
            prefillTokensPerSecond: prefillS > 0 ? Double(prefilled) / prefillS : 0,
            decodeTokensPerSecond: decodeS > 0 && decodeEvals > 0 ? Double(decodeEvals) / decodeS : 0,
            finishReason: finish, constraintSatisfied: guide.map { $0.state.isAccepting && !streamer.stopped },
            constraintMilliseconds: guide == nil ? nil : Double(constraintNanos) / 1e6)
        emit(.finished(result))
        return result
    }
}
