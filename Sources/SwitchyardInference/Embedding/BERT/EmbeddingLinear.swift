import SwitchyardCore

/// A Linear layer (`y = x·Wᵀ + b`) with its weight packed for the GEMM micro-kernel.
///
/// `W` is `[outputs, inputs]` row-major (PyTorch order). Packing stores it as panels of 16 output
/// columns: panel `p` holds, for each input index `k`, the 16 weights `W[16p ..< 16p+16][k]` contiguously,
/// so the kernel streams a panel with two 8-wide loads per `k` (the BLIS/GotoBLAS layout; see Goto & van de
/// Geijn, "Anatomy of High-Performance Matrix Multiplication", ACM TOMS 2008).
// @unchecked: the packed weights and bias are written once, in `init`, and only read afterwards.
final class EmbeddingLinear: @unchecked Sendable {
    static let panelWidth = 16
    let inputs: Int
    let outputs: Int
    /// `outputs / 16` panels of `inputs × 16` floats.
    let packed: UnsafeMutablePointer<Float>
    let bias: UnsafeMutablePointer<Float>

    /// Packs `weight` (`outputs × inputs`, row-major) and copies `bias` (`outputs`).
    init(weight: [Float], bias: [Float], outputs: Int, inputs: Int) throws {
        guard outputs % Self.panelWidth == 0, weight.count == outputs * inputs, bias.count == outputs else {
            throw SwitchyardError(
                code: .modelUnsupported,
                message:
                    "a \(outputs)×\(inputs) Linear layer does not fit the embedder's kernels (outputs must be a multiple of 16)"
            )
        }
        self.inputs = inputs
        self.outputs = outputs
        packed = .allocate(capacity: outputs * inputs)
        self.bias = .allocate(capacity: outputs)
        self.bias.initialize(from: bias, count: outputs)
        weight.withUnsafeBufferPointer { w in
            for p in 0..<(outputs / Self.panelWidth) {
                let panel = packed + p * inputs * Self.panelWidth
                for k in 0..<inputs {
                    for j in 0..<Self.panelWidth {
                        panel[k * Self.panelWidth + j] = w[(p * Self.panelWidth + j) * inputs + k]
                    }
                }
            }
        }
    }

    /// Stacks several layers that read the same input into one (Q, K and V as one 3·384-wide product).
    convenience init(concatenating parts: [(weight: [Float], bias: [Float])], inputs: Int) throws {
        let outputs = parts.reduce(0) { $0 + $1.bias.count }
        try self.init(
            weight: parts.flatMap(\.weight), bias: parts.flatMap(\.bias), outputs: outputs, inputs: inputs)
    }

    deinit {
        packed.deallocate()
        bias.deallocate()
    }
}
