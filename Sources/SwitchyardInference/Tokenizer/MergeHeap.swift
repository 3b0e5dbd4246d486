/// A binary min-heap of candidate merges, ordered by `priority` then by leftmost position.
///
/// Both BPE flavours pop "the best pair, leftmost on ties": byte-level BPE uses the merge rank as
/// priority, SentencePiece the negated token score (llama.cpp `llm_bigram_bpe` / `llm_bigram_spm`).
struct MergeHeap {
    struct Entry {
        var priority: Float
        var left: Int32
        var right: Int32
        /// What the pair looked like when queued (ids or byte length), to skip stale entries.
        var check: Int64
    }

    private(set) var items: [Entry] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    @inline(__always)
    private static func less(_ a: Entry, _ b: Entry) -> Bool {
        a.priority < b.priority || (a.priority == b.priority && a.left < b.left)
    }

    mutating func push(_ e: Entry) {
        items.append(e)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.less(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            let n = items.count
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var m = i
                if l < n && Self.less(items[l], items[m]) { m = l }
                if r < n && Self.less(items[r], items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
