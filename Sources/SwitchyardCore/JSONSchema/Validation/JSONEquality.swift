/// JSON Schema's notion of equality: numbers by value (`1 == 1.0`), objects regardless of key order, strings by
/// code points (not Swift's canonical equivalence).
enum JSONEquality {
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)):
            return Double(x) == y && JSONNumber.isExactly(x, y)
        case (.double(let x), .double(let y)): return x == y
        case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for (key, value) in x {
                guard let other = y[key], equal(value, other) else { return false }
            }
            return true
        default: return false
        }
    }
}

/// A `JSONValue` wrapper hashed and compared by `JSONEquality`, for `uniqueItems` on long arrays.
struct JSONEqualityKey: Hashable {
    let value: JSONValue

    static func == (lhs: JSONEqualityKey, rhs: JSONEqualityKey) -> Bool { JSONEquality.equal(lhs.value, rhs.value) }

    func hash(into hasher: inout Hasher) { Self.hash(value, into: &hasher) }

    private static func hash(_ value: JSONValue, into hasher: inout Hasher) {
        switch value {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .int(let i): hasher.combine(Double(i))
        case .double(let d): hasher.combine(d)
        case .string(let s): hasher.combine(s.utf8.count)
        case .array(let items):
            hasher.combine(items.count)
            for item in items { hash(item, into: &hasher) }
        case .object(let members):
            hasher.combine(members.count)
            var combined = 0
            for (key, member) in members {
                var h = Hasher()
                h.combine(key.utf8.count)
                hash(member, into: &h)
                combined ^= h.finalize()
            }
            hasher.combine(combined)
        }
    }
}

/// Numeric helpers shared by the number keywords.
enum JSONNumber {
    /// Whether the `Double` stands for exactly the `Int` (guards comparisons near 2^63).
    static func isExactly(_ i: Int, _ d: Double) -> Bool {
        guard d.isFinite, d >= -9.223372036854775808e18, d < 9.223372036854775808e18 else { return false }
        return Int(d) == i
    }

    /// Whether a number has no fractional part (`1.0` is an integer).
    static func isInteger(_ value: JSONValue) -> Bool {
        switch value {
        case .int: return true
        case .double(let d): return d.isFinite && d.rounded(.towardZero) == d
        default: return false
        }
    }

    /// -1, 0 or 1 comparing two numbers exactly when both are integers.
    static func compare(_ value: JSONValue, _ limit: Limit) -> Int? {
        switch value {
        case .int(let i):
            if let li = limit.int { return i < li ? -1 : (i == li ? 0 : 1) }
            let d = Double(i)
            return d < limit.double ? -1 : (d == limit.double ? 0 : 1)
        case .double(let d):
            return d < limit.double ? -1 : (d == limit.double ? 0 : 1)
        default:
            return nil
        }
    }

    /// A schema-side number: a double, and the exact integer when it is one.
    struct Limit: Sendable {
        var double: Double
        var int: Int?

        init?(_ value: JSONValue) {
            switch value {
            case .int(let i): (double, int) = (Double(i), i)
            case .double(let d) where d.isFinite: (double, int) = (d, nil)
            default: return nil
            }
        }

        var text: String { int.map(String.init) ?? JSONNumber.text(double) }
    }

    static func text(_ d: Double) -> String {
        if d.rounded() == d && abs(d) < 1e15 { return String(Int(d)) }
        return String(d)
    }

    /// Whether `value` is a multiple of `divisor` (> 0), tolerating binary floating-point error.
    static func isMultiple(_ value: JSONValue, of divisor: Limit) -> Bool {
        if case .int(let i) = value, let d = divisor.int { return i % d == 0 }
        let x: Double
        switch value {
        case .int(let i): x = Double(i)
        case .double(let d): x = d
        default: return true
        }
        let quotient = x / divisor.double
        guard quotient.isFinite else {
            // Overflow: an integer is a multiple of 1/k for a whole k.
            let inverse = 1 / divisor.double
            return x.rounded() == x && inverse.rounded() == inverse
        }
        let nearest = quotient.rounded()
        return abs(quotient - nearest) <= max(1e-9, abs(quotient) * 1e-12)
    }
}
