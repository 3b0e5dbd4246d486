import Foundation

/// Time-ordered ids (`run_01JF…`): 48 bits of milliseconds then 80 random bits, Crockford base 32 (as ULIDs are),
/// so ids sort by creation and listing newest-first needs no extra column.
public enum Identifiers {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A new id with `prefix` (`run`, `thread`, `sched`).
    public static func make(_ prefix: String, now: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(prefix, now: now, using: &generator)
    }

    /// A new id drawing its random part from `generator` (tests pass a seeded one).
    public static func make(_ prefix: String, now: Date, using generator: inout some RandomNumberGenerator) -> String {
        let millis = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        var text = ""
        for shift in stride(from: 45, through: 0, by: -5) { text.append(alphabet[Int((millis >> UInt64(shift)) & 31)]) }
        for _ in 0..<16 { text.append(alphabet[Int(generator.next() & 31)]) }
        return "\(prefix)_\(text)"
    }
}
