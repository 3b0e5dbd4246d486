/// Which variant of the K-quant dot products one token of a matrix product goes through. llama.cpp picks it by
/// the size of the batch the token was evaluated in (see docs/inference.md): Q4_K weights are repacked
/// (q4_K_8x8), groups of 4 tokens go through its gemm and the rest through its gemv; Q6_K takes the tiled matmul
/// from 8 tokens on and `vec_dot` below that. The variants sum in different orders, so a token keeps the choice
/// of its own batch when tokens of several sequences share one product. (The 32-block kernels give the same
/// bits one token or four at a time, so they need no choice.)
struct KernelChoice: Sendable, Equatable {
    /// Q4_K through the repacked gemm.
    var gemm: Bool
    /// Q6_K through the tiled matmul.
    var tiled: Bool

    /// The choices for the tokens of one batch of `count` tokens, in order.
    static func forBatch(of count: Int) -> [KernelChoice] {
        let gemmTokens = count - count % 4
        return (0..<count).map { KernelChoice(gemm: $0 < gemmTokens, tiled: count >= 8) }
    }
}
