/// The generation loop's side of a constraint: masks logits for the current state, keeps the output
/// completable within the remaining token budget, and advances over sampled tokens.
struct ConstraintGuide {
    private(set) var state: ConstraintState
    let vocabulary: TokenVocabulary
    let stopTokens: [Int32]
    let allowStop: Bool

    init(constraint: DecodingConstraint, tokenizer: any GenerationTokenizer, vocabularySize: Int, allowStop: Bool) {
        state = constraint.start()
        vocabulary = tokenizer.constraintVocabulary(size: vocabularySize)
        stopTokens = tokenizer.stopTokens.filter { Int($0) < vocabularySize }.sorted()
        self.allowStop = allowStop
    }

    /// Sets disallowed logits to -∞. With `remaining` tokens left (this one included), only tokens after
    /// which the output can still be completed byte by byte in time are kept, when any exist. False when no
    /// token at all may come (the vocabulary cannot spell what the constraint needs).
    func mask(_ logits: inout [Float], remaining: Int) -> Bool {
        var m = state.allowedTokens(vocabulary)
        let stopAllowed = allowStop && state.isAccepting && !stopTokens.isEmpty
        if Int(m.maxDistanceAfter) > remaining - 1 {
            let within = state.allowedTokens(vocabulary, completingWithin: max(remaining - 1, 0))
            if within.count > 0 || stopAllowed { m = within }
        }
        if m.count == 0 && !stopAllowed { return false }
        let saved = stopAllowed ? stopTokens.map { logits[Int($0)] } : []
        if let ids = m.ids {
            var out = [Float](repeating: -.infinity, count: logits.count)
            for id in ids { out[Int(id)] = logits[Int(id)] }
            logits = out
        } else {
            logits.withUnsafeMutableBufferPointer { l in
                for (w, word) in m.bits.enumerated() where word != ~0 {
                    var missing = ~word
                    while missing != 0 {
                        let id = w * 64 + missing.trailingZeroBitCount
                        if id < l.count { l[id] = -.infinity }
                        missing &= missing - 1
                    }
                }
            }
        }
        for (k, id) in stopTokens.enumerated() where stopAllowed { logits[Int(id)] = saved[k] }
        return true
    }

    /// Whether `token` is allowed by a mask applied to `logits` (its logit is finite).
    func isAllowed(_ token: Int32, in logits: [Float]) -> Bool {
        Int(token) < logits.count && logits[Int(token)] > -.infinity
    }

    mutating func advance(_ token: Int32) {
        state.advance(bytes: vocabulary.pieces[Int(token)])
    }
}
