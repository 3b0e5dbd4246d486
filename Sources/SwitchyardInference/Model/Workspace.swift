/// Scratch buffers for one forward pass over at most `maxTokens` tokens (one per session).
final class Workspace {
    let maxTokens: Int
    let x, xn, q, k, v, att, tmp, gate, up: UnsafeMutablePointer<Float>
    let logits: UnsafeMutablePointer<Float>
    let inD: MatMulInput
    let inQ: MatMulInput
    let inFF: MatMulInput
    private(set) var scores: UnsafeMutablePointer<Float>
    private(set) var scoresPerShare = 0
    let shares: Int
    let qHead: UnsafeMutablePointer<Float>
    /// Per share: 32 partial sums per head dimension for P·V in ggml's accumulation order.
    let pvAccumulators: UnsafeMutablePointer<Float>
    /// Rotation tables per token: global base in the first `ropeDims/2` of each token's slot, local after.
    let ropeCos, ropeSin: UnsafeMutablePointer<Float>
    private var all: [UnsafeMutablePointer<Float>] = []

    init(config c: ModelConfig, maxTokens: Int, shares: Int) {
        self.maxTokens = maxTokens
        self.shares = shares
        let d = c.embedding, qd = c.heads * c.headDim, kvd = c.kvHeads * c.headDim, ff = c.feedForward
        var all: [UnsafeMutablePointer<Float>] = []
        func buf(_ n: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: n)
            p.initialize(repeating: 0, count: n)
            all.append(p)
            return p
        }
        x = buf(maxTokens * d)
        xn = buf(maxTokens * d)
        q = buf(maxTokens * qd)
        k = buf(maxTokens * kvd)
        v = buf(maxTokens * kvd)
        att = buf(maxTokens * qd)
        tmp = buf(maxTokens * max(d, qd))
        gate = buf(maxTokens * ff)
        up = buf(maxTokens * ff)
        logits = buf(c.vocabSize)
        qHead = buf(shares * c.headDim)
        pvAccumulators = buf(shares * 64 * c.headDim)
        ropeCos = buf(maxTokens * c.ropeDims)
        ropeSin = buf(maxTokens * c.ropeDims)
        self.all = all
        inD = MatMulInput(width: d, maxTokens: maxTokens)
        inQ = MatMulInput(width: qd, maxTokens: maxTokens)
        inFF = MatMulInput(width: ff, maxTokens: maxTokens)
        scores = .allocate(capacity: 1)
    }

    deinit {
        all.forEach { $0.deallocate() }
        scores.deallocate()
    }

    /// Ensures each share has room for `n` attention scores.
    func reserveScores(_ n: Int) {
        guard n > scoresPerShare else { return }
        scores.deallocate()
        scoresPerShare = max(n + 256, 2 * scoresPerShare, 512)
        scores = .allocate(capacity: scoresPerShare * shares)
    }
}
