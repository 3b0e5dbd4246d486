import Foundation
import SwitchyardCore

/// A Hierarchical Navigable Small World graph over unit vectors (Malkov & Yashunin, "Efficient and robust
/// approximate nearest neighbor search using HNSW graphs", TPAMI 2018, arXiv:1603.09320), with the
/// neighbour-selection heuristic (their Algorithm 4) and hnswlib's layout: level-0 links of all nodes in one flat
/// `UInt32` buffer (`2M` slots + a count per node), upper-level links in a second flat buffer, vectors in a
/// third; nothing is allocated per node.
///
/// Nodes are numbered in insertion order. ``append(_:)`` only stores a vector; ``linkPending()`` puts stored
/// vectors into the graph, so a small index can stay a flat list for exact search and get its graph when it
/// grows. Deletions are tombstones: the node keeps routing searches but is never returned.
///
/// Not thread-safe for mutation: the owner (an actor) serializes writes; concurrent searches are safe when each
/// uses its own ``HNSWScratch`` and no write runs.
// @unchecked: mutable and unlocked by design; writers are serialized by the owner, and searches only read (above).
public final class HNSWIndex: @unchecked Sendable {
    /// Build parameters (hnswlib's names).
    public struct Parameters: Sendable, Hashable {
        /// Links per node on the upper levels; level 0 keeps `2·m`.
        public var m: Int
        /// Candidate list size while inserting.
        public var efConstruction: Int
        /// Seed of the level generator: the same vectors in the same order make the same graph.
        public var seed: UInt64

        /// Parameters; out-of-range values are raised to the smallest that work.
        ///
        /// - Parameters:
        ///   - m: Links per node on the upper levels (at least 2).
        ///   - efConstruction: Candidate list size while inserting (at least 1).
        ///   - seed: Seed of the level generator.
        public init(m: Int = 16, efConstruction: Int = 100, seed: UInt64 = 0x5359_4B4E) {
            self.m = max(2, m)
            self.efConstruction = max(1, efConstruction)
            self.seed = seed
        }
    }

    /// The length of every vector.
    public let dimensions: Int
    public let parameters: Parameters
    let maxM0: Int
    let stride0: Int
    let strideUpper: Int
    let levelMultiplier: Double

    var vectors: GrowableBuffer<Float>
    var level0: GrowableBuffer<UInt32>
    var levels: GrowableBuffer<UInt8>
    var upperStart: GrowableBuffer<Int32>
    var upper: GrowableBuffer<UInt32>
    var deleted: GrowableBuffer<UInt8>

    /// Vectors stored (linked or not, deleted or not).
    public internal(set) var count = 0
    /// Nodes `0..<linkedCount` are in the graph.
    public internal(set) var linkedCount = 0
    /// Tombstoned nodes.
    public internal(set) var deletedCount = 0
    var entryPoint = -1
    var maxLevel = -1
    var rng: SplitMix64
    let buildScratch = HNSWScratch()

    /// An empty index for `dimensions`-long vectors.
    ///
    /// - Parameters:
    ///   - dimensions: The length of every vector.
    ///   - parameters: Build parameters.
    ///   - capacity: How many vectors to make room for up front (it grows).
    public init(dimensions: Int, parameters: Parameters = Parameters(), capacity: Int = 1024) {
        self.dimensions = dimensions
        self.parameters = parameters
        maxM0 = 2 * parameters.m
        stride0 = maxM0 + 1
        strideUpper = parameters.m + 1
        levelMultiplier = 1 / log(Double(parameters.m))
        vectors = GrowableBuffer(capacity: capacity * dimensions)
        level0 = GrowableBuffer(capacity: capacity * stride0)
        levels = GrowableBuffer(capacity: capacity)
        upperStart = GrowableBuffer(capacity: capacity)
        upper = GrowableBuffer(capacity: capacity)
        deleted = GrowableBuffer(capacity: capacity)
        rng = SplitMix64(seed: parameters.seed)
    }

    deinit {
        vectors.free()
        level0.free()
        levels.free()
        upperStart.free()
        upper.free()
        deleted.free()
    }

    /// Live (not deleted) nodes.
    public var liveCount: Int { count - deletedCount }

    /// Stores a vector without linking it; returns its node number. The vector must be `dimensions` long.
    ///
    /// - Parameter vector: A unit-length vector.
    @discardableResult
    public func append(_ vector: [Float]) -> Int {
        precondition(vector.count == dimensions, "vector has \(vector.count) dimensions, index has \(dimensions)")
        vector.withUnsafeBufferPointer { vectors.append($0.baseAddress!, count: dimensions) }
        let level = min(Int(-log(Double.random(in: Double.ulpOfOne..<1, using: &rng)) * levelMultiplier), 24)
        levels.append(repeating: UInt8(level), count: 1)
        level0.append(repeating: 0, count: stride0)
        if level > 0 {
            upperStart.append(repeating: Int32(upper.count), count: 1)
            upper.append(repeating: 0, count: level * strideUpper)
        } else {
            upperStart.append(repeating: -1, count: 1)
        }
        deleted.append(repeating: 0, count: 1)
        count += 1
        return count - 1
    }

    /// Stores and links a vector; returns its node number.
    ///
    /// - Parameter vector: A unit-length vector, `dimensions` long.
    @discardableResult
    public func add(_ vector: [Float]) -> Int {
        let node = append(vector)
        linkPending()
        return node
    }

    /// Links every stored node that is not in the graph yet.
    public func linkPending() {
        while linkedCount < count {
            link(linkedCount)
            linkedCount += 1
        }
    }

    /// Marks a node deleted: searches stop returning it. Returns false when it already was.
    ///
    /// - Parameter node: The node's number.
    @discardableResult
    public func markDeleted(_ node: Int) -> Bool {
        guard deleted[node] == 0 else { return false }
        deleted[node] = 1
        deletedCount += 1
        return true
    }

    /// Whether `node` is tombstoned.
    ///
    /// - Parameter node: The node's number.
    public func isDeleted(_ node: Int) -> Bool { deleted[node] != 0 }

    /// A copy of the vector of `node`.
    ///
    /// - Parameter node: The node's number.
    public func vector(_ node: Int) -> [Float] {
        Array(UnsafeBufferPointer(start: vectors.base + node * dimensions, count: dimensions))
    }

    @inline(__always)
    func links(_ node: Int, _ level: Int) -> UnsafeMutablePointer<UInt32> {
        if level == 0 { return level0.base + node &* stride0 }
        let offset: Int = Int(upperStart.base[node]) &+ (level &- 1) &* strideUpper
        return upper.base + offset
    }

    @inline(__always)
    func vectorPointer(_ node: Int) -> UnsafePointer<Float> { UnsafePointer(vectors.base + node &* dimensions) }

    /// Bytes of index memory per stored vector (vectors, links, levels, tombstones), for reports.
    public var bytesPerVector: Double {
        guard count > 0 else { return 0 }
        let total =
            vectors.count * 4 + level0.count * 4 + levels.count + upperStart.count * 4 + upper.count * 4
            + deleted.count
        return Double(total) / Double(count)
    }
}
