/// The generation loop's side of a constraint: masks logits for the current state, keeps the output
/// closable within the remaining token budget, and advances over the chosen tokens.
///
/// Budget rule: a sampled token is kept only if, after it, the output can still be closed within the tokens
/// left by always taking a most-closing token (`ClosingStep`); otherwise the step is resampled among the
/// most-closing tokens. Once that holds at the start (`maxTokens` ≥ the closing estimate of the start
/// state), every constrained generation ends complete.
struct ConstraintGuide {
    private(set) var state: ConstraintState
    let vocabulary: TokenVocabulary
    let stopTokens: [Int32]
    let allowStop: Bool

    enum Step {
        /// Emit this token.
        case token(Int32)
        /// The output is complete and nothing more fits: stop here.
        case finish
        /// No token can continue (the vocabulary cannot spell what is needed).
        case stuck
    }

    init(constraint: DecodingConstraint, tokenizer: any GenerationTokenizer, vocabularySize: Int, allowStop: Bool) {
        state = constraint.start()
        vocabulary = tokenizer.constraintVocabulary(size: vocabularySize)
        stopTokens = tokenizer.stopTokens.filter { Int($0) < vocabularySize }.sorted()
        self.allowStop = allowStop
    }

    /// Picks the next token from `logits` (masked in place) with `sample`, given `remaining` tokens (this one
    /// included).
    func choose(_ logits: inout [Float], remaining: Int, sample: ([Float]) -> Int32) -> Step {
        let automaton = state.automaton
        let stopAllowed = allowStop && state.isAccepting && !stopTokens.isEmpty
        let mask = state.allowedTokens(vocabulary)
        if mask.count == 0 && !stopAllowed { return state.isAccepting ? .finish : .stuck }
        apply(mask, to: &logits, keepingStop: stopAllowed)
        var token = pick(logits, sample)
        if stopTokens.contains(token) { return .token(token) }
        let after = automaton.step(state.id, vocabulary.pieces[Int(token)])
        // Byte distance bounds the closing estimate when every byte is a token: the common, cheap case.
        if vocabulary.coversAllBytes, Int(automaton.info(after).distance) <= remaining - 1 { return .token(token) }
        let here = automaton.closing(state.id, vocabulary).tokensToAccept
        // Already unclosable in time: nothing to steer (the result will say incomplete).
        guard Int(here) <= remaining else { return .token(token) }
        if Int(automaton.closing(after, vocabulary).tokensToAccept) <= remaining - 1 { return .token(token) }
        let closing = automaton.closing(state.id, vocabulary)
        if closing.tokens.count == 0 && !stopAllowed { return state.isAccepting ? .finish : .token(token) }
        // The closing tokens are a subset of the allowed ones, so masking the masked logits again is exact.
        apply(closing.tokens, to: &logits, keepingStop: stopAllowed)
        token = pick(logits, sample)
        return .token(token)
    }

    private func pick(_ masked: [Float], _ sample: ([Float]) -> Int32) -> Int32 {
        let t = sample(masked)
        return Int(t) < masked.count && masked[Int(t)] > -.infinity ? t : Int32(Sampler.argmax(masked))
    }

    /// Sets the logits of tokens outside `mask` to -∞ (stop tokens stay when `keepingStop`).
    private func apply(_ mask: TokenMask, to logits: inout [Float], keepingStop: Bool) {
        let saved = keepingStop ? stopTokens.map { logits[Int($0)] } : []
        if let ids = mask.ids {
            var out = [Float](repeating: -.infinity, count: logits.count)
            for id in ids { out[Int(id)] = logits[Int(id)] }
            logits = out
        } else {
            logits.withUnsafeMutableBufferPointer { l in
                for (w, word) in mask.bits.enumerated() where word != ~0 {
                    var missing = ~word
                    while missing != 0 {
                        let id = w * 64 + missing.trailingZeroBitCount
                        if id < l.count { l[id] = -.infinity }
                        missing &= missing - 1
                    }
                }
            }
        }
        for (k, id) in stopTokens.enumerated() where keepingStop { logits[Int(id)] = saved[k] }
    }

    mutating func advance(_ token: Int32) {
        state.advance(bytes: vocabulary.pieces[Int(token)])
    }
}
