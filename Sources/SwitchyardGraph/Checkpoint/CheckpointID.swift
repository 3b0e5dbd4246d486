import Synchronization

/// New checkpoint ids: UUID-shaped (8-4-4-4-12 lowercase hex), a random 64-bit prefix per process followed by a
/// counter, so making one costs a counter increment and some formatting rather than a read of the system's
/// random source. Ids only need to be unique within a thread; two processes collide only if they draw the same
/// 64-bit prefix.
enum CheckpointID {
    private static let prefix = UInt64.random(in: .min ... .max)
    private static let counter = Atomic<UInt64>(UInt64.random(in: 0..<(1 << 32)))

    static func next() -> String {
        let low = counter.add(1, ordering: .relaxed).newValue
        let high = prefix
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var i = 0
            for nibble in 0..<32 {
                if nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20 {
                    buffer[i] = 0x2D  // "-"
                    i += 1
                }
                let word = nibble < 16 ? high : low
                let digit = UInt8(truncatingIfNeeded: word >> (UInt64(15 - nibble % 16) * 4)) & 0xF
                buffer[i] = digit < 10 ? 0x30 + digit : 0x57 + digit  // 0-9, a-f
                i += 1
            }
            return i
        }
    }
}
