/// Per-search working memory of ``HNSWIndex``: the visited marks and the two heaps, reused across queries so
/// a search allocates nothing. Not thread-safe: one scratch per concurrent searcher.
public final class HNSWScratch {
    private(set) var marks: UnsafeMutablePointer<UInt16>
    private var markCapacity: Int
    private(set) var stamp: UInt16 = 0
    var candidates = DistanceHeap(capacity: 512)
    var results = DistanceHeap(capacity: 512)

    private var pendingBuffer: UnsafeMutablePointer<UInt32> = .allocate(capacity: 256)
    private var pendingCapacity = 256

    /// A buffer for the unvisited neighbours of one node.
    func pending(capacity: Int) -> UnsafeMutablePointer<UInt32> {
        if capacity > pendingCapacity {
            pendingBuffer.deallocate()
            pendingCapacity = capacity
            pendingBuffer = .allocate(capacity: capacity)
        }
        return pendingBuffer
    }

    public init() {
        markCapacity = 1024
        marks = .allocate(capacity: markCapacity)
        marks.initialize(repeating: 0, count: markCapacity)
    }

    deinit {
        marks.deallocate()
        pendingBuffer.deallocate()
        candidates.free()
        results.free()
    }

    /// Starts a new visit over `count` nodes: a fresh stamp makes every mark stale without clearing memory.
    func beginVisit(count: Int) {
        if count > markCapacity {
            marks.deallocate()
            markCapacity = max(count, markCapacity * 2)
            marks = .allocate(capacity: markCapacity)
            marks.initialize(repeating: 0, count: markCapacity)
            stamp = 0
        }
        stamp &+= 1
        if stamp == 0 {
            marks.update(repeating: 0, count: markCapacity)
            stamp = 1
        }
    }
}

/// One search hit of the vector index: a node and its distance (`1 − cosine`) to the query.
public struct VectorNeighbor: Sendable, Hashable {
    /// The node's position in the index (insertion order).
    public var node: Int
    /// `1 − a·b`; smaller is closer.
    public var distance: Float

    /// A hit.
    ///
    /// - Parameters:
    ///   - node: The node's number.
    ///   - distance: Its distance to the query.
    public init(node: Int, distance: Float) {
        self.node = node
        self.distance = distance
    }
}
