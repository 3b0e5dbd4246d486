import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardInference

@Suite("Embedding: kernels")
struct EmbeddingKernelTests {
    @Test func vectorErfMatchesLibm() {
        var worst: Double = 0
        var x: Float = -6
        while x <= 6 {
            let lanes = SIMD8<Float>((0..<8).map { x + Float($0) * 0.000_37 })
            let got = EmbeddingGemm.erf(lanes)
            for i in 0..<8 { worst = max(worst, abs(Double(got[i]) - Foundation.erf(Double(lanes[i])))) }
            x += 0.003
        }
        #expect(worst < 2e-6, "max |erf error| \(worst)")
    }

    @Test func vectorExpMatchesLibm() {
        var worst: Double = 0
        var x: Float = -80
        while x <= 10 {
            let lanes = SIMD8<Float>((0..<8).map { x + Float($0) * 0.0011 })
            let got = EmbeddingAttention.exp(lanes)
            for i in 0..<8 {
                let want = Foundation.exp(Double(lanes[i]))
                worst = max(worst, abs(Double(got[i]) - want) / want)
            }
            x += 0.01
        }
        #expect(worst < 1e-6, "max relative exp error \(worst)")
    }

    @Test func packedGemmMatchesNaiveProduct() throws {
        // A fresh seed each run, named in every failure: `SplitMix64(seed:)` with it replays the inputs.
        let seed = UInt64.random(in: 0...UInt64.max)
        var rng = SplitMix64(seed: seed)
        for (m, n, k) in [(6, 16, 8), (12, 48, 384), (18, 32, 1000), (6, 1152, 384)] {
            let w = (0..<(n * k)).map { _ in Float.random(in: -1...1, using: &rng) }
            let b = (0..<n).map { _ in Float.random(in: -1...1, using: &rng) }
            let x = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &rng) }
            let linear = try EmbeddingLinear(weight: w, bias: b, outputs: n, inputs: k)
            for gelu in [false, true] {
                var y = [Float](repeating: .nan, count: m * n)
                x.withUnsafeBufferPointer { xp in
                    y.withUnsafeMutableBufferPointer { yp in
                        linear.apply(
                            xp.baseAddress!, rows: m, into: yp.baseAddress!, gelu: gelu, parallel: .init(threads: 2))
                    }
                }
                var worst: Double = 0
                for r in 0..<m {
                    for c in 0..<n {
                        var s = Double(b[c])
                        for i in 0..<k { s += Double(x[r * k + i]) * Double(w[c * k + i]) }
                        if gelu { s = 0.5 * s * (1 + Foundation.erf(s / 2.0.squareRoot())) }
                        worst = max(worst, abs(s - Double(y[r * n + c])))
                    }
                }
                #expect(worst < 1e-3, "\(m)×\(n)×\(k) gelu=\(gelu): max error \(worst) (seed \(seed))")
            }
        }
    }

    @Test func halfFloatConversion() {
        #expect(SafetensorsHalf.float(0x3C00) == 1)
        #expect(SafetensorsHalf.float(0xC000) == -2)
        #expect(SafetensorsHalf.float(0x7BFF) == 65504)
        #expect(SafetensorsHalf.float(0x0001) == 0x1p-24)
        #expect(SafetensorsHalf.float(0x7C00) == .infinity)
        #expect(SafetensorsHalf.float(0x7E00).isNaN)
    }
}
