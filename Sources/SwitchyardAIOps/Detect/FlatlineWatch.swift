/// Variance-collapse novelty, one channel of ``ContextualDetector``: the range of the last `window` values
/// falls below `factor` × the smallest such range seen before (after `warmup` values). Fires once per collapse
/// deeper than any before; a series that has been flat before never fires.
struct FlatlineWatch: Sendable {
    var factor: Double
    var warmup: Int
    private var recent: RingBuffer
    private var smallest = Double.infinity
    private var seen = 0

    init(window: Int, factor: Double, warmup: Int) {
        self.factor = factor
        self.warmup = warmup
        recent = RingBuffer(capacity: max(2, window))
    }

    /// Records `value`; true when the recent range has collapsed.
    mutating func update(_ value: Double) -> Bool {
        seen += 1
        recent.append(value)
        guard recent.count == recent.capacity else { return false }
        var lo = Double.infinity
        var hi = -Double.infinity
        for v in recent.storage {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        let range = hi - lo
        defer { smallest = min(smallest, range) }
        return seen > warmup && smallest.isFinite && smallest > 0 && range < factor * smallest
    }
}
