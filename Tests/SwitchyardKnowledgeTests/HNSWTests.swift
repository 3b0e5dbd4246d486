import Testing
@testable import SwitchyardKnowledge

@Suite struct HNSWTests {
    static func randomUnitVectors(_ n: Int, _ d: Int, seed: UInt64) -> [[Float]] {
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { _ in
            VectorMath.normalized((0..<d).map { _ in Float.random(in: -1...1, using: &rng) })
        }
    }

    @Test func recallAgainstExactSearchOnRandomVectors() {
        let vectors = Self.randomUnitVectors(3000, 32, seed: 7)
        let queries = Self.randomUnitVectors(100, 32, seed: 8)
        let index = HNSWIndex(dimensions: 32, parameters: .init(m: 16, efConstruction: 100))
        for v in vectors { index.add(v) }
        var hits = 0
        let scratch = HNSWScratch()
        for q in queries {
            let exact = Set(index.exactSearch(q, k: 10).map(\.node))
            let approx = index.search(q, k: 10, ef: 64, scratch: scratch)
            #expect(approx.count == 10)
            #expect(zip(approx, approx.dropFirst()).allSatisfy { $0.distance <= $1.distance })
            hits += approx.filter { exact.contains($0.node) }.count
        }
        let recall = Double(hits) / 1000
        #expect(recall >= 0.95, "recall@10 \(recall)")
    }

    @Test func exactSearchIsExact() {
        let vectors = Self.randomUnitVectors(200, 16, seed: 3)
        let index = HNSWIndex(dimensions: 16)
        for v in vectors { index.append(v) }
        let q = vectors[17]
        let result = index.exactSearch(q, k: 5)
        #expect(result[0].node == 17)
        #expect(abs(result[0].distance) < 1e-5)
        let brute = vectors.enumerated().map { ($0.offset, 1 - zip($0.element, q).map(*).reduce(0, +)) }
            .sorted { $0.1 < $1.1 }.prefix(5).map(\.0)
        #expect(result.map(\.node) == Array(brute))
    }

    @Test func deletedNodesAreNeverReturned() {
        let vectors = Self.randomUnitVectors(500, 16, seed: 5)
        let index = HNSWIndex(dimensions: 16)
        for v in vectors { index.add(v) }
        for n in stride(from: 0, to: 500, by: 2) { index.markDeleted(n) }
        for q in vectors.prefix(20) {
            let hits = index.search(q, k: 10, ef: 50)
            #expect(hits.allSatisfy { $0.node % 2 == 1 })
            #expect(hits.count == 10)
        }
    }

    @Test func serializationRoundTrip() throws {
        let vectors = Self.randomUnitVectors(800, 24, seed: 11)
        let index = HNSWIndex(dimensions: 24, parameters: .init(m: 8, efConstruction: 50))
        for v in vectors { index.add(v) }
        index.markDeleted(3)
        let copy = try HNSWIndex(serialized: index.serialized())
        #expect(copy.count == 800 && copy.deletedCount == 1 && copy.linkedCount == 800)
        for q in vectors.prefix(30) {
            #expect(copy.search(q, k: 10, ef: 40) == index.search(q, k: 10, ef: 40))
        }
        // Adding to both keeps them identical (the level generator state was saved too).
        let extra = Self.randomUnitVectors(50, 24, seed: 12)
        for v in extra {
            index.add(v)
            copy.add(v)
        }
        #expect(copy.serialized() == index.serialized())
        var damaged = index.serialized()
        damaged.removeLast(5)
        #expect(errorCode { _ = try HNSWIndex(serialized: damaged) } == .corruptVectorIndex)
        #expect(errorCode { _ = try HNSWIndex(serialized: [1, 2, 3]) } == .corruptVectorIndex)
    }

    @Test func tenantIndexIsExactBelowTheCrossoverAndAGraphAbove() throws {
        let vectors = Self.randomUnitVectors(300, 16, seed: 21)
        let index = TenantVectorIndex(
            model: "m", dimensions: 16, parameters: .init(), exactBelow: 100, generation: 0)
        for (i, v) in vectors.prefix(99).enumerated() { try index.add(Int64(i + 1000), v) }
        #expect(!index.isGraph && index.hnsw.linkedCount == 0)
        for (i, v) in vectors.enumerated().dropFirst(99) { try index.add(Int64(i + 1000), v) }
        #expect(index.isGraph)
        let top = index.search(vectors[150], k: 3, ef: 32, allowed: nil)
        #expect(top[0].id == 1150)
        let filtered = index.search(vectors[150], k: 3, ef: 32, allowed: [1001, 1002, 1003, 1004])
        #expect(Set(filtered.map(\.id)).isSubset(of: [1001, 1002, 1003, 1004]) && filtered.count == 3)
        let restored = try TenantVectorIndex(serialized: index.serialized(), model: "m", generation: 0, exactBelow: 100)
        #expect(
            restored.search(vectors[7], k: 5, ef: 32, allowed: nil).map(\.id)
                == index.search(vectors[7], k: 5, ef: 32, allowed: nil).map(\.id))
        #expect(errorCode { try index.add(1, [1, 0]) } == .vectorDimensionMismatch)
    }
}
