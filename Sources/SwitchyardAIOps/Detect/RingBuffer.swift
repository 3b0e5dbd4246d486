/// A fixed-capacity buffer of the most recent values (the oldest is overwritten).
struct RingBuffer: Sendable {
    private(set) var storage: [Double]
    private(set) var count = 0
    private var head = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        storage = [Double](repeating: 0, count: self.capacity)
    }

    /// Appends `value`, returning the value it pushed out when full.
    @discardableResult
    mutating func append(_ value: Double) -> Double? {
        let old: Double? = count == capacity ? storage[head] : nil
        storage[head] = value
        head = (head + 1) % capacity
        if count < capacity { count += 1 }
        return old
    }

    /// The values, oldest first.
    var values: [Double] {
        if count < capacity { return Array(storage[0..<count]) }
        return Array(storage[head...] + storage[..<head])
    }

    /// The `k`-th most recent value (0 = newest).
    func recent(_ k: Int) -> Double { storage[(head - 1 - k + 2 * capacity) % capacity] }
}

extension Array where Element == Double {
    /// The median (of a copy); 0 when empty.
    func median() -> Double {
        guard !isEmpty else { return 0 }
        let s = sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
