import Foundation
import Testing

@testable import SwitchyardInference

/// Llama 3.1+ `rope_freqs.weight`: pair i turns by θᵢ / factor[i] (llama.cpp's rope cache with freq_factors).
@Suite struct RopeFrequencyFactorTests {
    func table(pos: Int, dims: Int, factors: [Float]?) -> (cos: [Float], sin: [Float]) {
        var cos = [Float](repeating: 0, count: dims / 2), sin = cos
        cos.withUnsafeMutableBufferPointer { c in
            sin.withUnsafeMutableBufferPointer { s in
                factors.withOptionalBuffer { f in
                    Ops.ropeTable(
                        pos: pos, dims: dims, base: 500_000, cos: c.baseAddress!, sin: s.baseAddress!, factors: f)
                }
            }
        }
        return (cos, sin)
    }

    @Test func unitFactorsChangeNothing() {
        let plain = table(pos: 37, dims: 64, factors: nil)
        let ones = table(pos: 37, dims: 64, factors: [Float](repeating: 1, count: 32))
        #expect(plain.cos == ones.cos && plain.sin == ones.sin)
    }

    @Test func eachPairTurnsByItsAngleOverItsFactor() {
        let dims = 64, pos = 1000
        let factors = (0..<32).map { Float(1 + $0 % 4) * ($0 < 16 ? 1 : 8) }
        let scaled = table(pos: pos, dims: dims, factors: factors)
        var theta = Float(pos)
        let step = powf(500_000, -2 / Float(dims))
        for i in 0..<32 {
            #expect(scaled.cos[i] == cosf(theta / factors[i]))
            #expect(scaled.sin[i] == sinf(theta / factors[i]))
            theta *= step
        }
        #expect(scaled.cos != table(pos: pos, dims: dims, factors: nil).cos)
    }
}
