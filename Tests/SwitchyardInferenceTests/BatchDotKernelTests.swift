import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardInference

/// The multi-token kernels give every token the same bits as the single-token kernel it stands for (the greedy
/// parity with llama.cpp rests on it): on random blocks of each weight type, and through `MatMul` on real Gemma
/// matrices with batches of every size and mixed kernel choices.
@Suite("Multi-token dot kernels")
struct BatchDotKernelTests {
    /// `blocks` random blocks of `type`: random bytes, with finite f16 scales of either sign.
    static func randomRow(_ type: GGMLType, blocks: Int, rng: inout SplitMix64) -> [UInt8] {
        var bytes = (0..<(type.typeSize * blocks)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        func putHalf(_ off: Int) {
            let h = Half.fromFloat(Float(Int(rng.next() % 2001) - 1000) / 16_000)
            bytes[off] = UInt8(h & 0xFF)
            bytes[off + 1] = UInt8(h >> 8)
        }
        for b in 0..<blocks {
            let o = b * type.typeSize
            switch type {
            case .q4_K:
                putHalf(o)
                putHalf(o + 2)
            case .q6_K:
                putHalf(o + 208)
            case .q8_0:
                putHalf(o)
                // llama.cpp's quantizers never write −128 (the sign trick assumes |q| ≤ 127).
                for i in 2..<34 where bytes[o + i] == 0x80 { bytes[o + i] = 0x81 }
            default:
                putHalf(o)
            }
        }
        return bytes
    }

    /// `tokens` activation vectors of `width` floats quantized as the kernels take them; token 1 is all zeros
    /// and the others mix magnitudes.
    static func activations(width: Int, tokens: Int, rng: inout SplitMix64) -> [Float] {
        var x = [Float](repeating: 0, count: width * tokens)
        for t in 0..<tokens where t != 1 {
            let scale = Float(1 + t % 3) * (t % 2 == 0 ? 0.01 : 3)
            for j in 0..<width { x[t * width + j] = Float(Int(rng.next() % 2001) - 1000) / 1000 * scale }
        }
        return x
    }

    static func bits(_ v: Float) -> UInt32 { v.bitPattern }

    /// The kernel sets to check on this machine: AVX2 always, VNNI where the CPU has it (`KernelISA`).
    static var isaChoices: [Bool] { KernelISA.cpuHasVNNI ? [false, true] : [false] }

    #if arch(x86_64)
        /// The 8-token kernels on packed activations, AVX2 and (where the CPU has it) VNNI, equal the single-token
        /// kernels bit for bit on random blocks: 3 groups of 8 tokens, every type that has one.
        @Test(arguments: [GGMLType.q4_1, .q5_0, .q8_0])
        func eightTokenKernelsMatchSingleToken(_ type: GGMLType) {
            var rng = SplitMix64(seed: 100 + UInt64(type.rawValue))
            let width = 576, nb = width / 32, tokens = 24
            let q = QuantizedActivations(width: width, tokens: tokens)
            let x = Self.activations(width: width, tokens: tokens, rng: &rng)
            x.withUnsafeBufferPointer { xp in
                for t in 0..<tokens { q.quantizeBlock32(xp.baseAddress! + t * width, token: t) }
            }
            q.pack8(groups: tokens / 8)
            for _ in 0..<16 {
                let row = Self.randomRow(type, blocks: nb, rng: &rng)
                row.withUnsafeBytes { p in
                    let w = p.baseAddress!
                    for t in 0..<tokens {
                        let single = MatMul.dot32(type, w, q.block32(token: t), nb)
                        for vnni in Self.isaChoices {
                            let eight = MatMul.dot8(type, w, q.packed8(group: t / 8), nb, vnni: vnni)[t % 8]
                            #expect(Self.bits(eight) == Self.bits(single), "\(type) vnni \(vnni) token \(t)")
                        }
                    }
                }
            }
        }

        @Test func kernelChoiceFollowsEnvironment() {
            // The test process runs with the default choice unless SWITCHYARD_KERNELS=avx2 is set.
            let forced = ProcessInfo.processInfo.environment["SWITCHYARD_KERNELS"] == "avx2"
            #expect(KernelISA.vnni == (KernelISA.cpuHasVNNI && !forced))
        }

        @Test(arguments: [GGMLType.q5_0, .q8_0])
        func block32KernelsMatchSingleToken(_ type: GGMLType) {
            var rng = SplitMix64(seed: UInt64(type.rawValue))
            let width = 640, nb = width / 32, tokens = 8
            let q = QuantizedActivations(width: width, tokens: tokens)
            let x = Self.activations(width: width, tokens: tokens, rng: &rng)
            x.withUnsafeBufferPointer { xp in
                for t in 0..<tokens { q.quantizeBlock32(xp.baseAddress! + t * width, token: t) }
            }
            q.pack8(groups: 1)
            let acts = (0..<tokens).map { q.block32(token: $0) }
            for _ in 0..<16 {
                let row = Self.randomRow(type, blocks: nb, rng: &rng)
                row.withUnsafeBytes { p in
                    acts.withUnsafeBufferPointer { a in
                        let w = p.baseAddress!
                        let single = (0..<tokens).map {
                            type == .q5_0
                                ? DotAVX2.q5_0(w, a[$0], blocks: nb) : DotAVX2.q8_0(w, a[$0], blocks: nb)
                        }
                        let four =
                            type == .q5_0
                            ? DotAVX2.q5_0x4(w, a.baseAddress!, blocks: nb)
                            : DotAVX2.q8_0x4(w, a.baseAddress!, blocks: nb)
                        for i in 0..<4 { #expect(Self.bits(four[i]) == Self.bits(single[i]), "x4 token \(i)") }
                        if type == .q5_0 {
                            let eight = DotAVX2.q5_0x8(w, q.packed8(group: 0), blocks: nb)
                            for i in 0..<8 { #expect(Self.bits(eight[i]) == Self.bits(single[i]), "x8 token \(i)") }
                        }
                    }
                }
            }
        }

        @Test(arguments: [GGMLType.q4_K, .q6_K], [false, true])
        func superblockKernelsMatchSingleToken(_ type: GGMLType, _ variant: Bool) {
            var rng = SplitMix64(seed: UInt64(type.rawValue) * 2 + (variant ? 1 : 0))
            let width = 1024, nb = width / 256, tokens = 4
            let q = QuantizedActivations(width: width, tokens: tokens)
            let x = Self.activations(width: width, tokens: tokens, rng: &rng)
            x.withUnsafeBufferPointer { xp in
                for t in 0..<tokens { q.quantizeSuperblock(xp.baseAddress! + t * width, token: t) }
            }
            let acts = (0..<tokens).map { q.superblock(token: $0) }
            for _ in 0..<16 {
                let row = Self.randomRow(type, blocks: nb, rng: &rng)
                row.withUnsafeBytes { p in
                    acts.withUnsafeBufferPointer { a in
                        let w = p.baseAddress!
                        let k = KernelChoice(gemm: variant, tiled: variant)
                        for vnni in Self.isaChoices {
                            let four = MatMul.dotK4(type, w, a.baseAddress!, 0, nb, k, vnni: vnni)
                            for i in 0..<4 {
                                let single = MatMul.dotK(type, w, a[i], nb, gemm: variant, tiled: variant)
                                #expect(
                                    Self.bits(four[i]) == Self.bits(single),
                                    "vnni \(vnni) token \(i): \(four[i]) vs \(single)")
                            }
                        }
                    }
                }
            }
        }
    #endif

    /// Real Gemma matrices of every type it uses and SmolLM2's Q4_1 and Q8_0 ones, through `MatMul` with the AVX2
    /// and (where the CPU has it) the VNNI kernels, for batches of 1 to 17 tokens made of one or several sequences
    /// (mixed kernel choices): each output equals the single-token kernel of its choice.
    @Test(arguments: [
        (ModelFiles.gemma3, "blk.0.attn_q.weight"), (ModelFiles.gemma3, "blk.0.attn_v.weight"),
        (ModelFiles.gemma3, "blk.0.attn_output.weight"), (ModelFiles.gemma3, "blk.0.ffn_down.weight"),
        (ModelFiles.smollm2, "blk.0.ffn_down.weight"), (ModelFiles.smollm2, "token_embd.weight"),
    ])
    func matMulEqualsSingleTokenKernels(_ file: String, _ name: String) throws {
        let g = try GGUFFile(path: ModelFiles.path(file))
        let w = try WeightMatrix(#require(g.tensorInfo(name)), in: g)
        var rng = SplitMix64(seed: 7)
        let pool = ComputePool(threads: 2)
        defer { pool.stop() }
        let maxTokens = 17
        let x = Self.activations(width: w.cols, tokens: maxTokens, rng: &rng)
        let input = MatMulInput(width: w.cols, maxTokens: maxTokens)
        // Segment sizes of one forward pass: one sequence, or several as the batch engine lays them out.
        let layouts: [[Int]] =
            (1...maxTokens).map { [$0] } + [[1, 4], [6, 4], [3, 9, 1], [5, 5, 5], [8, 1, 8], [2, 2, 4, 9]]
        let nb = w.cols / w.type.blockSize
        for vnni in Self.isaChoices {
            for sizes in layouts {
                let kernels = sizes.flatMap { KernelChoice.forBatch(of: $0) }
                let tokens = kernels.count
                var out = [Float](repeating: 0, count: w.rows * tokens)
                x.withUnsafeBufferPointer { xp in
                    input.set(xp.baseAddress!, kernels: kernels)
                    out.withUnsafeMutableBufferPointer {
                        MatMul.apply(w, input, $0.baseAddress!, pool: pool, vnni: vnni)
                    }
                }
                var mismatches = 0
                for t in 0..<tokens {
                    for r in stride(from: 0, to: w.rows, by: 7) {
                        let single: Float
                        if w.activationFormat == .superblock {
                            let k = kernels[t]
                            single = MatMul.dotK(
                                w.type, w.row(r), input.qK!.superblock(token: t), nb, gemm: k.gemm, tiled: k.tiled)
                        } else {
                            single = MatMul.dot32(w.type, w.row(r), input.q32.block32(token: t), nb)
                        }
                        if out[t * w.rows + r].bitPattern != single.bitPattern { mismatches += 1 }
                    }
                }
                #expect(mismatches == 0, "\(name), vnni \(vnni), segments \(sizes): \(mismatches) outputs differ")
            }
        }
    }
}

extension BatchDotKernelTests {
    /// The hardware f16 rounding (`Float16`, F16C on x86-64) that `Half.round` and `Half.bits` use equals the
    /// portable bit-operation conversion on a sweep of f32 bit patterns (normals, subnormals, overflow, ties).
    @Test func hardwareHalfMatchesPortableConversion() {
        var mismatches = 0
        for i in stride(from: UInt64(0), to: 1 << 32, by: 4_093) {
            let f = Float(bitPattern: UInt32(i))
            if f.isNaN { continue }
            if Half.bits(f) != Half.fromFloat(f) { mismatches += 1 }
            if Half.round(f).bitPattern != Half.toFloat(Half.fromFloat(f)).bitPattern { mismatches += 1 }
        }
        // Exact ties between two halves round to even.
        for h in [UInt16(0x3C00), 0x3C01, 0x0001, 0x03FF, 0x7BFF] {
            let tie = (Half.toFloat(h) + Half.toFloat(h + 1)) / 2
            if Half.bits(tie) != Half.fromFloat(tie) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    /// The GeGLU table holds, for every f16 input, what the direct formula gives.
    @Test func geluTableEqualsFormula() {
        var mismatches = 0
        for bits in 0..<65_536 {
            let xh = Half.toFloat(UInt16(bits))
            if xh.isNaN { continue }
            let inner = Float(1).addingProduct(0.044715 * xh, xh)
            let direct = Half.toFloat(Half.fromFloat(0.5 * xh * (1 + tanhf(0.797_884_56 * xh * inner))))
            if Ops.geluTable[bits].bitPattern != direct.bitPattern { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}
