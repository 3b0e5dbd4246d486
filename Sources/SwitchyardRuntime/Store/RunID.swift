import Foundation

/// Ids for runs, threads and schedules: a prefix (`run_`, `thread_`, `sched_`) and a ULID (26 Crockford base-32 characters: 48 bits of milliseconds, then 80 random bits),
/// so ids sort by creation time. (ULID: https://github.com/ulid/spec.)
public enum RunID {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A new id with `prefix` for something created at `now`.
    /// - Parameters:
    ///   - prefix: The id's prefix (`run`, `thread`, `sched`, …).
    ///   - now: The creation time, which orders the ids.
    public static func make(_ prefix: String = "run", now: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(prefix, now: now, using: &generator)
    }

    /// A new run id drawing its random part from `generator` (for reproducible tests).
    /// - Parameters:
    ///   - prefix: The id's prefix (`run`, `thread`, `sched`, …).
    ///   - now: The creation time, which orders the ids.
    ///   - generator: The source of the 80 random bits.
    public static func make(
        _ prefix: String = "run", now: Date, using generator: inout some RandomNumberGenerator
    ) -> String {
        let millis = UInt64(max(0, (now.timeIntervalSince1970 * 1000).rounded(.down)))
        var text = prefix + "_"
        for shift in stride(from: 45, through: 0, by: -5) {
            text.append(alphabet[Int((millis >> UInt64(shift)) & 31)])
        }
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        // 80 random bits: the low 16 of `high`, then all 64 of `low`.
        for shift in stride(from: 75, through: 0, by: -5) {
            let bits: UInt64
            if shift >= 64 {
                bits = (high >> UInt64(shift - 64)) & 31
            } else if shift > 59 {
                bits = ((high << UInt64(64 - shift)) | (low >> UInt64(shift))) & 31
            } else {
                bits = (low >> UInt64(shift)) & 31
            }
            text.append(alphabet[Int(bits)])
        }
        return text
    }
}
