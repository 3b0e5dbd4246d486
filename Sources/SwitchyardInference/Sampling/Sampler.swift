import Foundation

/// Picks next tokens from logits according to `SamplingOptions`; holds the RNG, so one sampler per
/// generation.
public struct Sampler: Sendable {
    public let options: SamplingOptions
    private var rng: SeededGenerator

    /// A sampler; its random generator is seeded from `options.seed` (random when nil).
    ///
    /// - Parameter options: Temperature, filters, repetition penalty, seed.
    public init(options: SamplingOptions) {
        self.options = options
        rng = SeededGenerator(seed: options.seed ?? UInt64.random(in: 0...UInt64.max))
    }

    /// Chooses a token id from `logits` given the `history` of tokens so far (for the repetition penalty).
    ///
    /// - Parameters:
    ///   - logits: One logit per token.
    ///   - history: The tokens so far.
    public mutating func sample(_ logits: [Float], history: [Int32]) -> Int32 {
        var logits = logits
        let o = options
        if o.repeatPenalty != 1, o.repeatLastN != 0 {
            let recent = Set(o.repeatLastN < 0 ? history : history.suffix(o.repeatLastN))
            for t in recent where Int(t) < logits.count {
                let l = logits[Int(t)]
                logits[Int(t)] = l > 0 ? l / o.repeatPenalty : l * o.repeatPenalty
            }
        }
        if o.temperature <= 0 { return Int32(Self.argmax(logits)) }

        // Candidates sorted by logit, descending; top-k bounds the sort.
        var cand: [(id: Int32, logit: Float)]
        let n = logits.count
        if o.topK > 0 && o.topK < n {
            cand = Self.topK(logits, o.topK)
        } else {
            // min-p can prune before the full sort (same threshold as below).
            let mx = logits.max() ?? 0
            let floor = o.minP > 0 ? mx + logf(o.minP) : -Float.infinity
            cand = []
            for (i, l) in logits.enumerated() where l >= floor { cand.append((Int32(i), l)) }
            cand.sort { $0.logit > $1.logit }
        }
        guard let top = cand.first else { return Int32(Self.argmax(logits)) }

        // top-p on the temperature-1 distribution.
        if o.topP < 1 {
            var probs = cand.map { expf($0.logit - top.logit) }
            let total = probs.reduce(0, +)
            var cum: Float = 0
            var keep = cand.count
            for i in 0..<probs.count {
                probs[i] /= total
                cum += probs[i]
                if cum >= o.topP { keep = i + 1; break }
            }
            cand.removeLast(cand.count - keep)
        }
        // min-p relative to the most likely token: p_i / p_max = exp(l_i − l_max).
        if o.minP > 0 {
            let floor = top.logit + logf(o.minP)
            let kept = cand.filter { $0.logit >= floor }
            if !kept.isEmpty { cand = kept }
        }
        // Temperature, then draw.
        let weights = cand.map { expf(($0.logit - top.logit) / o.temperature) }
        let total = weights.reduce(0, +)
        var r = rng.nextUnit() * total
        for (i, w) in weights.enumerated() {
            r -= w
            if r < 0 { return cand[i].id }
        }
        return cand[cand.count - 1].id
    }

    static func argmax(_ x: [Float]) -> Int {
        var best = 0
        var bv = -Float.infinity
        for (i, v) in x.enumerated() where v > bv {
            bv = v
            best = i
        }
        return best
    }

    /// The `k` largest logits, sorted descending (ties: lower id first).
    static func topK(_ x: [Float], _ k: Int) -> [(id: Int32, logit: Float)] {
        // Min-heap of size k.
        var heap: [(id: Int32, logit: Float)] = []
        heap.reserveCapacity(k)
        func less(_ a: (id: Int32, logit: Float), _ b: (id: Int32, logit: Float)) -> Bool {
            a.logit < b.logit || (a.logit == b.logit && a.id > b.id)
        }
        func siftDown(_ i0: Int) {
            var i = i0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count && less(heap[l], heap[m]) { m = l }
                if r < heap.count && less(heap[r], heap[m]) { m = r }
                if m == i { return }
                heap.swapAt(i, m)
                i = m
            }
        }
        for (i, v) in x.enumerated() {
            let e = (Int32(i), v)
            if heap.count < k {
                heap.append(e)
                var c = heap.count - 1
                while c > 0 {
                    let p = (c - 1) / 2
                    if less(heap[c], heap[p]) { heap.swapAt(c, p); c = p } else { break }
                }
            } else if less(heap[0], e) {
                heap[0] = e
                siftDown(0)
            }
        }
        return heap.sorted { less($1, $0) }
    }
}
