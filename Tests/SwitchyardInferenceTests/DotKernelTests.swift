import SwitchyardCore
import Testing

@testable import SwitchyardInference

/// The integer dot kernels agree with each other (AVX2 vs portable) and with the float dot of the
/// dequantized weights and dequantized activations.
@Suite("Dot kernels")
struct DotKernelTests {
    /// Real weight rows of every type the two models use.
    static let cases: [(String, String)] = [
        (ModelFiles.smollm2, "blk.0.attn_q.weight"),  // Q4_1
        (ModelFiles.smollm2, "token_embd.weight"),  // Q8_0
        (ModelFiles.gemma3, "blk.0.attn_q.weight"),  // Q5_0
        (ModelFiles.gemma3, "blk.0.attn_output.weight"),  // Q4_K
        (ModelFiles.gemma3, "blk.0.ffn_down.weight"),  // Q6_K
    ]

    @Test(arguments: 0..<cases.count)
    func kernelsAgree(_ i: Int) throws {
        let (file, name) = Self.cases[i]
        let g = try GGUFFile(path: ModelFiles.path(file))
        let w = try WeightMatrix(#require(g.tensorInfo(name)), in: g)
        var rng = SplitMix64(seed: UInt64(i + 1))
        let tokens = 5
        var x = [Float](repeating: 0, count: w.cols * tokens)
        for j in x.indices { x[j] = Float(Int(rng.next() % 2001) - 1000) / 250 }
        let input = MatMulInput(width: w.cols, maxTokens: tokens)
        let pool = ComputePool(threads: 2)
        defer { pool.stop() }
        let rows = min(w.rows, 64)
        var viaMatMul = [Float](repeating: 0, count: w.rows * tokens)
        x.withUnsafeBufferPointer { xp in
            input.set(xp.baseAddress!, tokens: tokens)
            viaMatMul.withUnsafeMutableBufferPointer { MatMul.apply(w, input, $0.baseAddress!, pool: pool) }
            let nb = w.cols / w.type.blockSize
            for t in 0..<tokens {
                // Dequantized activations, as the kernels see them.
                var xq = [Float](repeating: 0, count: w.cols)
                let format = w.activationFormat
                if format == .block32 {
                    let a = input.q32.block32(token: t)
                    for j in 0..<w.cols { xq[j] = Float(a.qs[j]) * a.d[j / 32] }
                } else {
                    let a = input.qK!.superblock(token: t)
                    for j in 0..<w.cols { xq[j] = Float(a.qs[j]) * a.d[j / 256] }
                }
                var row = [Float](repeating: 0, count: w.cols)
                for r in 0..<rows {
                    w.dequantizeRow(r, into: &row)
                    var ref: Double = 0
                    var mag: Double = 0
                    for j in 0..<w.cols {
                        ref += Double(row[j]) * Double(xq[j])
                        mag += abs(Double(row[j]) * Double(xq[j]))
                    }
                    let portable: Float
                    switch w.type {
                    case .q4_1: portable = DotPortable.q4_1(w.row(r), input.q32.block32(token: t), blocks: nb)
                    case .q8_0: portable = DotPortable.q8_0(w.row(r), input.q32.block32(token: t), blocks: nb)
                    case .q5_0: portable = DotPortable.q5_0(w.row(r), input.q32.block32(token: t), blocks: nb)
                    case .q4_K: portable = DotPortable.q4_K(w.row(r), input.qK!.superblock(token: t), blocks: nb)
                    default: portable = DotPortable.q6_K(w.row(r), input.qK!.superblock(token: t), blocks: nb)
                    }
                    let fast = viaMatMul[t * w.rows + r]
                    // Q4_1 pairs with Q8_1 whose block sum s is stored as f16 (llama.cpp numerics): looser.
                    let tol = (w.type == .q4_1 ? 2e-3 : 1e-4) * max(mag, 1)
                    #expect(
                        abs(Double(portable) - ref) <= tol,
                        "\(name) row \(r) token \(t): portable \(portable) vs \(ref)")
                    #expect(
                        abs(Double(fast) - Double(portable)) <= 1e-5 * max(mag, 1),
                        "\(name) row \(r) token \(t): matmul \(fast) vs portable \(portable)")
                }
            }
        }
    }
}

extension DotKernelTests {
    @Test func halfConversionRoundTrips() {
        for bits in stride(from: 0, through: 0xFFFF, by: 1) {
            let h = UInt16(bits)
            let f = Half.toFloat(h)
            if f.isNaN { continue }
            #expect(Half.fromFloat(f) == h)
        }
        #expect(Half.fromFloat(1.0 + 1.0 / 4096) == 0x3C00)  // tie rounds to even
        #expect(Half.fromFloat(65520) == 0x7C00)  // overflow to infinity
    }
}
