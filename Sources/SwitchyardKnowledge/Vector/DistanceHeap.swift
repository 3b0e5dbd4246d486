/// A binary min-heap of (distance, node) pairs in one preallocated array; a max-heap is the same heap over
/// negated distances. The HNSW search loops push and pop millions of these, so no closures, no generics.
struct DistanceHeap {
    private(set) var keys: [Float] = []
    private(set) var nodes: [UInt32] = []

    init(capacity: Int) {
        keys.reserveCapacity(capacity)
        nodes.reserveCapacity(capacity)
    }

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }
    /// The smallest key (heap must not be empty).
    var topKey: Float { keys[0] }
    var topNode: UInt32 { nodes[0] }

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        nodes.removeAll(keepingCapacity: true)
    }

    mutating func push(_ key: Float, _ node: UInt32) {
        keys.append(key)
        nodes.append(node)
        var i = keys.count - 1
        keys.withUnsafeMutableBufferPointer { k in
            nodes.withUnsafeMutableBufferPointer { n in
                while i > 0 {
                    let parent = (i - 1) >> 1
                    if k[parent] <= key { break }
                    k[i] = k[parent]
                    n[i] = n[parent]
                    i = parent
                }
                k[i] = key
                n[i] = node
            }
        }
    }

    @discardableResult
    mutating func pop() -> (key: Float, node: UInt32) {
        let top = (keys[0], nodes[0])
        let lastKey = keys.removeLast()
        let lastNode = nodes.removeLast()
        let n = keys.count
        guard n > 0 else { return top }
        keys.withUnsafeMutableBufferPointer { k in
            nodes.withUnsafeMutableBufferPointer { nd in
                var i = 0
                while true {
                    var child = 2 * i + 1
                    if child >= n { break }
                    if child + 1 < n && k[child + 1] < k[child] { child += 1 }
                    if k[child] >= lastKey { break }
                    k[i] = k[child]
                    nd[i] = nd[child]
                    i = child
                }
                k[i] = lastKey
                nd[i] = lastNode
            }
        }
        return top
    }
}
