/// A binary min-heap of (distance, node) pairs in two preallocated raw buffers; a max-heap is the same heap over
/// negated distances. The HNSW search loops push and pop millions of these, so no closures, no generics, no
/// array bookkeeping: the owner (``HNSWScratch`` or a search) frees it with ``free()``.
struct DistanceHeap {
    private var keys: UnsafeMutablePointer<Float>
    private var nodes: UnsafeMutablePointer<UInt32>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(16, capacity)
        keys = .allocate(capacity: self.capacity)
        nodes = .allocate(capacity: self.capacity)
    }

    func free() {
        keys.deallocate()
        nodes.deallocate()
    }

    var isEmpty: Bool { count == 0 }
    /// The smallest key (heap must not be empty).
    var topKey: Float { keys[0] }
    var topNode: UInt32 { nodes[0] }

    mutating func removeAll() { count = 0 }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let k = UnsafeMutablePointer<Float>.allocate(capacity: newCapacity)
        let n = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
        k.update(from: keys, count: count)
        n.update(from: nodes, count: count)
        free()
        keys = k
        nodes = n
        capacity = newCapacity
    }

    @inline(__always)
    mutating func push(_ key: Float, _ node: UInt32) {
        if count == capacity { grow() }
        var i = count
        count &+= 1
        while i > 0 {
            let parent = (i &- 1) >> 1
            if keys[parent] <= key { break }
            keys[i] = keys[parent]
            nodes[i] = nodes[parent]
            i = parent
        }
        keys[i] = key
        nodes[i] = node
    }

    @inline(__always)
    @discardableResult
    mutating func pop() -> (key: Float, node: UInt32) {
        let top = (keys[0], nodes[0])
        count &-= 1
        let n = count
        guard n > 0 else { return top }
        let lastKey = keys[n]
        let lastNode = nodes[n]
        var i = 0
        while true {
            var child = 2 &* i &+ 1
            if child >= n { break }
            if child &+ 1 < n && keys[child &+ 1] < keys[child] { child &+= 1 }
            if keys[child] >= lastKey { break }
            keys[i] = keys[child]
            nodes[i] = nodes[child]
            i = child
        }
        keys[i] = lastKey
        nodes[i] = lastNode
        return top
    }
}
