import SwitchyardCore
import Testing

@testable import SwitchyardInference

@Suite("Admission queue")
struct AdmissionQueueTests {
    typealias Queue = AdmissionQueue<String>

    static func entry(_ id: Int, _ tenant: String, tier: Int = 0, bytes: Int = 10) throws -> Queue.Entry {
        Queue.Entry(id: id, tenant: try TenantID(tenant), tier: tier, kvBytes: bytes, request: "r\(id)")
    }

    @Test func higherTiersFirstThenFairAcrossTenantsThenArrival() throws {
        var q = Queue(maxSequences: 10, maxKVBytes: 1_000)
        for e in [
            try Self.entry(1, "a"), try Self.entry(2, "a"), try Self.entry(3, "b"), try Self.entry(4, "c", tier: 1),
        ] { q.enqueue(e) }
        var load = Queue.Load()
        var order: [Int] = []
        while let e = q.admit(&load) { order.append(e.id) }
        #expect(order == [4, 1, 3, 2])
        #expect(load.sequences == 4 && load.kvBytes == 40)
    }

    @Test func boundsSequencesAndMemoryWithoutJumpingTheQueue() throws {
        var q = Queue(maxSequences: 2, maxKVBytes: 100)
        q.enqueue(try Self.entry(1, "a", bytes: 60))
        q.enqueue(try Self.entry(2, "a", bytes: 60))
        q.enqueue(try Self.entry(3, "a", bytes: 1))
        var load = Queue.Load()
        #expect(q.admit(&load)?.id == 1)
        #expect(q.admit(&load) == nil, "the second does not fit and the third must not pass it")
        load.remove(try TenantID("a"), kvBytes: 60)
        #expect(q.admit(&load)?.id == 2)
        #expect(q.admit(&load)?.id == 3)
        #expect(q.admit(&load) == nil, "two sequences at most")
        // An oversized request still runs alone.
        var big = Queue(maxSequences: 2, maxKVBytes: 100)
        big.enqueue(try Self.entry(9, "a", bytes: 500))
        var empty = Queue.Load()
        #expect(big.admit(&empty)?.id == 9)
    }

    @Test func cancelledWaitersLeave() throws {
        var q = Queue(maxSequences: 1, maxKVBytes: 100)
        q.enqueue(try Self.entry(1, "a"))
        q.enqueue(try Self.entry(2, "b"))
        #expect(q.remove(id: 1)?.id == 1)
        #expect(q.remove(id: 1) == nil)
        var load = Queue.Load()
        #expect(q.admit(&load)?.id == 2)
    }
}

@Suite("Prefix cache")
struct PrefixCacheTests {
    static func cache(_ positions: Int, fill: Float) -> KVCache {
        let c = KVCache(layers: 2, rowWidth: 4, capacity: 64)
        c.reserve(positions)
        for l in 0..<2 {
            for p in 0..<positions {
                for i in 0..<4 {
                    c.key(l, p)[i] = fill + Float(p)
                    c.value(l, p)[i] = -fill - Float(p)
                }
            }
        }
        return c
    }

    @Test func restoresWholeChunksOfTheSameTenantOnly() throws {
        let store = PrefixCache(alignment: 4, maxBytes: 1 << 20, maxBytesPerTenant: 1 << 20)
        let a = try TenantID("a"), b = try TenantID("b")
        let prompt: [Int32] = Array(0..<11)
        store.store(tenant: a, prompt: prompt, from: Self.cache(11, fill: 100))
        #expect(store.count == 1)
        let into = KVCache(layers: 2, rowWidth: 4, capacity: 64)
        #expect(store.restore(tenant: b, prompt: prompt, into: into) == 0)
        // Shares 6 tokens: one whole chunk of 4.
        #expect(store.restore(tenant: a, prompt: [0, 1, 2, 3, 4, 5, 42, 43], into: into) == 4)
        #expect(into.key(1, 3)[0] == 103 && into.value(1, 3)[2] == -103)
        // The same prompt: whole chunks, leaving at least one token to evaluate.
        #expect(store.restore(tenant: a, prompt: prompt, into: into) == 8)
        #expect(store.restore(tenant: a, prompt: Array(prompt.prefix(8)), into: into) == 4)
    }

    @Test func evictsLeastRecentlyUsedWithinEachTenantsBudget() throws {
        let perPosition = 2 * 2 * 4 * 4
        let store = PrefixCache(alignment: 4, maxBytes: 24 * perPosition, maxBytesPerTenant: 8 * perPosition)
        let a = try TenantID("a"), b = try TenantID("b")
        store.store(tenant: b, prompt: [9, 9, 9, 9], from: Self.cache(4, fill: 1))
        store.store(tenant: a, prompt: [1, 1, 1, 1], from: Self.cache(4, fill: 1))
        store.store(tenant: a, prompt: [2, 2, 2, 2], from: Self.cache(4, fill: 1))
        let into = KVCache(layers: 2, rowWidth: 4, capacity: 64)
        #expect(store.restore(tenant: a, prompt: [1, 1, 1, 1, 0], into: into) == 4)  // [1…] is now the most recent
        store.store(tenant: a, prompt: [3, 3, 3, 3], from: Self.cache(4, fill: 1))
        #expect(store.count == 3)
        #expect(store.restore(tenant: a, prompt: [2, 2, 2, 2, 0], into: into) == 0, "LRU entry of a evicted")
        #expect(store.restore(tenant: a, prompt: [1, 1, 1, 1, 0], into: into) == 4)
        #expect(store.restore(tenant: b, prompt: [9, 9, 9, 9, 0], into: into) == 4, "b's entry untouched by a")
        // A longer prompt replaces the entry it extends.
        store.store(tenant: b, prompt: [9, 9, 9, 9, 8, 8, 8, 8], from: Self.cache(8, fill: 1))
        #expect(store.count == 3 && store.bytes == (4 + 4 + 8) * perPosition)
    }
}
