/// An immutable hash table from byte strings to token ids, looked up by a byte range without allocating.
///
/// Keys are stored back to back in one buffer; the table is open-addressed (linear probing, load ≤ 0.5)
/// with FNV-1a hashes. When a key is inserted twice the later id wins, as in llama.cpp's `token_to_id`.
struct ByteStringTable: Sendable {
    private var bytes: [UInt8] = []
    private var offsets: [Int32] = [0]
    private var ids: [Int32] = []
    private var slots: [Int32]  // index into ids/offsets, or -1
    private let mask: Int

    /// A table for at most `capacity` distinct keys.
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    @inline(__always)
    static func hash(_ p: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in p { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// Inserts `key` → `id`, replacing the id of an equal key.
    mutating func insert(_ key: [UInt8], id: Int32) {
        key.withUnsafeBufferPointer { k in
            var i = Self.hash(k) & mask
            while true {
                let s = Int(slots[i])
                if s < 0 {
                    slots[i] = Int32(ids.count)
                    bytes += k
                    offsets.append(Int32(bytes.count))
                    ids.append(id)
                    return
                }
                if equal(s, k) {
                    ids[s] = id
                    return
                }
                i = (i + 1) & mask
            }
        }
    }

    @inline(__always)
    private func equal(_ s: Int, _ k: UnsafeBufferPointer<UInt8>) -> Bool {
        let a = Int(offsets[s])
        let b = Int(offsets[s + 1])
        guard b - a == k.count else { return false }
        return bytes.withUnsafeBufferPointer { buf in
            for j in 0..<k.count where buf[a + j] != k[j] { return false }
            return true
        }
    }

    /// The id of the key equal to `key`, or nil.
    @inline(__always)
    func lookup(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        var i = Self.hash(key) & mask
        while true {
            let s = Int(slots[i])
            if s < 0 { return nil }
            if equal(s, key) { return ids[s] }
            i = (i + 1) & mask
        }
    }

    /// The id of the key equal to `key`, or nil.
    func lookup(_ key: [UInt8]) -> Int32? { key.withUnsafeBufferPointer { lookup($0) } }
}
