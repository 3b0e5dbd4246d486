/// Keys and values of every layer for the positions seen so far. Values are rounded to f16 on the way in
/// (llama.cpp keeps an F16 cache) but stored as f32 for fast dot products. Storage grows on demand up to
/// `capacity` positions, so a short conversation does not pay for the full context.
final class KVCache {
    let layers: Int
    let rowWidth: Int
    /// Maximum positions.
    let capacity: Int
    private(set) var allocated = 0
    private var keys: [UnsafeMutablePointer<Float>] = []
    private var values: [UnsafeMutablePointer<Float>] = []

    init(layers: Int, rowWidth: Int, capacity: Int) {
        self.layers = layers
        self.rowWidth = rowWidth
        self.capacity = capacity
    }

    deinit { release() }

    private func release() {
        keys.forEach { $0.deallocate() }
        values.forEach { $0.deallocate() }
        keys = []
        values = []
    }

    /// Makes room for `positions` positions (≤ capacity), keeping the contents.
    func reserve(_ positions: Int) {
        guard positions > allocated else { return }
        let n = min(capacity, max(positions, min(capacity, max(256, allocated * 2))))
        let newKeys = (0..<layers).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: n * rowWidth) }
        let newValues = (0..<layers).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: n * rowWidth) }
        for l in 0..<keys.count {
            newKeys[l].update(from: keys[l], count: allocated * rowWidth)
            newValues[l].update(from: values[l], count: allocated * rowWidth)
        }
        release()
        keys = newKeys
        values = newValues
        allocated = n
    }

    @inline(__always) func key(_ layer: Int, _ pos: Int) -> UnsafeMutablePointer<Float> { keys[layer] + pos * rowWidth }
    @inline(__always) func value(_ layer: Int, _ pos: Int) -> UnsafeMutablePointer<Float> {
        values[layer] + pos * rowWidth
    }

    /// Bytes currently allocated.
    var bytes: Int { 2 * layers * allocated * rowWidth * 4 }

    /// Bytes one position takes (keys and values of every layer).
    var bytesPerPosition: Int { 2 * layers * rowWidth * 4 }

    /// Replaces the first `count` positions with those of `other` (same model), growing as needed.
    func copyPrefix(from other: KVCache, count: Int) {
        precondition(other.layers == layers && other.rowWidth == rowWidth && count <= other.allocated)
        reserve(count)
        for l in 0..<layers {
            keys[l].update(from: other.keys[l], count: count * rowWidth)
            values[l].update(from: other.values[l], count: count * rowWidth)
        }
    }
}
