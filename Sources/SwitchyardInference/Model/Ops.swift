import Foundation

/// Element-wise kernels of the forward pass, written to round like llama.cpp's CPU ops
/// (ggml `ggml-cpu/ops.cpp`, `vec.h`) where that changes results.
enum Ops {
    /// `y = x / sqrt(mean(x²) + eps) · w` (sum of squares in double, as ggml `rms_norm_f32`).
    @inline(__always)
    static func rmsNorm(
        _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, eps: Float
    ) {
        var sum: Double = 0
        for i in 0..<n { sum += Double(x[i] * x[i]) }
        let mean = Float(sum / Double(n))
        let scale = 1 / (mean + eps).squareRoot()
        for i in 0..<n { y[i] = (x[i] * scale) * w[i] }
    }

    /// Fills `cos`/`sin` (`dims/2` each) with the rotation of position `pos`. Angles as ggml's rope cache:
    /// θ₀ = pos, θᵢ₊₁ = θᵢ·base^(−2/dims) in f32; with Llama 3.1+ frequency factors pair `i` turns by
    /// θᵢ / factors[i] (ggml `rope_yarn` with `freq_factors`, extrapolation factor 0, frequency scale 1).
    static func ropeTable(
        pos: Int, dims: Int, base: Float, cos: UnsafeMutablePointer<Float>, sin: UnsafeMutablePointer<Float>,
        factors: UnsafePointer<Float>? = nil
    ) {
        let thetaScale = powf(base, -2.0 / Float(dims))
        var theta = Float(pos)
        for i in 0..<(dims / 2) {
            let angle = factors.map { theta / $0[i] } ?? theta
            cos[i] = cosf(angle)
            sin[i] = sinf(angle)
            theta *= thetaScale
        }
    }

    /// Rotates one head `x` in place with a table from `ropeTable`.
    @inline(__always)
    static func rope(
        _ x: UnsafeMutablePointer<Float>, dims: Int, cos: UnsafePointer<Float>, sin: UnsafePointer<Float>,
        style: ModelConfig.RopeStyle
    ) {
        let half = dims / 2
        for i in 0..<half {
            let c = cos[i], s = sin[i]
            let (a, b) = style == .adjacent ? (2 * i, 2 * i + 1) : (i, i + half)
            let x0 = x[a], x1 = x[b]
            // llama.cpp's rope (ggml-cpu ops.cpp, built by GCC with FP contraction) fuses the first product
            // into the add/sub: fma(x0, c, −x1·s), fma(x0, s, x1·c). Matching it keeps greedy parity.
            x[a] = (-(x1 * s)).addingProduct(x0, c)
            x[b] = (x1 * c).addingProduct(x0, s)
        }
    }

    /// SiLU(gate)·up in place into `gate`.
    @inline(__always)
    static func swiglu(_ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>, _ n: Int) {
        for i in 0..<n {
            let g = gate[i]
            gate[i] = g / (1 + expf(-g)) * up[i]
        }
    }

    /// tanh-GELU(gate)·up in place into `gate`, through ggml's f16 GELU table (`GGML_GELU_FP16`:
    /// input and result rounded to f16 for |x| < 10; for x ≥ 10 the product is x·up).
    @inline(__always)
    static func geglu(_ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>, _ n: Int) {
        let table = geluTable
        for i in 0..<n {
            let x = gate[i]
            let g: Float
            if x <= -10 {
                g = 0
            } else if x >= 10 {
                g = x
            } else {
                g = table[Int(Half.bits(x))]
            }
            gate[i] = g * up[i]
        }
    }

    /// llama.cpp's f16 GELU table (`GGML_GELU_FP16`): for every binary16 value h, the f16-rounded
    /// `ggml_gelu_f32(h)` as GCC compiles it (FP contraction: 1 + (A·x)·x is one fma). Built once (256 KiB).
    static let geluTable: [Float] = (0..<65_536).map { bits in
        let xh = Half.toFloat(UInt16(bits))
        let inner = Float(1).addingProduct(0.044715 * xh, xh)
        return Half.round(0.5 * xh * (1 + tanhf(0.797_884_56 * xh * inner)))
    }

    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        let ar = UnsafeRawPointer(a), br = UnsafeRawPointer(b)
        while i + 8 <= n {
            acc.addProduct(
                ar.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self),
                br.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self))
            i += 8
        }
        var s = acc.sum()
        while i < n { s += a[i] * b[i]; i += 1 }
        return s
    }

    /// `y += x` element-wise.
    @inline(__always)
    static func addRows(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int) {
        var i = 0
        let xr = UnsafeRawPointer(x), yr = UnsafeMutableRawPointer(y)
        while i + 8 <= n {
            let v =
                yr.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
                + xr.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            yr.storeBytes(of: v, toByteOffset: 4 * i, as: SIMD8<Float>.self)
            i += 8
        }
        while i < n { y[i] += x[i]; i += 1 }
    }

    /// `y += a·x`
    @inline(__always)
    static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        let xr = UnsafeRawPointer(x), yr = UnsafeMutableRawPointer(y)
        let av = SIMD8<Float>(repeating: a)
        while i + 8 <= n {
            var v = yr.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            v.addProduct(av, xr.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self))
            yr.storeBytes(of: v, toByteOffset: 4 * i, as: SIMD8<Float>.self)
            i += 8
        }
        while i < n { y[i] += a * x[i]; i += 1 }
    }
}
