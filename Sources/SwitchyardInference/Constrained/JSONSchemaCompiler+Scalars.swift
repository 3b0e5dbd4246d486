import SwitchyardCore

extension JSONSchemaCompiler {
    /// Largest magnitude written for an unbounded number: 15 digits (exact in a double, fits `Int`).
    static let numberCap: Int64 = 999_999_999_999_999

    /// Bounds of a numeric schema: (lowest allowed integer, highest allowed integer, lowest floor of an allowed
    /// fraction, highest floor of an allowed fraction).
    private func bounds(
        _ s: [String: JSONValue], at pointer: String
    ) throws(SwitchyardError) -> (Int64, Int64, Int64, Int64) {
        func value(_ key: String) throws(SwitchyardError) -> Double? {
            guard let v = s[key] else { return nil }
            guard let d = v.doubleValue, d.isFinite else {
                throw SwitchyardError(code: .invalidSchema, message: "'\(key)' at \(pointer) must be a number.")
            }
            return d
        }
        let cap = Double(Self.numberCap)
        func clamp(_ d: Double) -> Int64 { Int64(Swift.max(-cap, Swift.min(cap, d))) }
        var intLo = -Self.numberCap, intHi = Self.numberCap
        var fracLo = -Self.numberCap, fracHi = Self.numberCap - 1
        if let m = try value("minimum") {
            intLo = Swift.max(intLo, clamp(m.rounded(.up)))
            fracLo = Swift.max(fracLo, clamp(m.rounded(.up)))
        }
        if let e = try value("exclusiveMinimum") {
            intLo = Swift.max(intLo, clamp(e.rounded(.down) + 1))
            fracLo = Swift.max(fracLo, clamp(e.rounded(.up)))
        }
        if let m = try value("maximum") {
            intHi = Swift.min(intHi, clamp(m.rounded(.down)))
            fracHi = Swift.min(fracHi, clamp(m.rounded(.down) - 1))
        }
        if let e = try value("exclusiveMaximum") {
            intHi = Swift.min(intHi, clamp(e.rounded(.up) - 1))
            fracHi = Swift.min(fracHi, clamp(e.rounded(.down) - 1))
        }
        return (intLo, intHi, fracLo, fracHi)
    }

    /// An integer in the schema's range, without leading zeros or exponent.
    mutating func integer(_ s: [String: JSONValue], at pointer: String) throws(SwitchyardError) -> ByteNFA.Fragment {
        let (lo, hi, _, _) = try bounds(s, at: pointer)
        return signedInteger(lo, hi)
    }

    /// An integer, or a decimal fraction (1–6 digits, the last non-zero) strictly inside the range.
    mutating func number(_ s: [String: JSONValue], at pointer: String) throws(SwitchyardError) -> ByteNFA.Fragment {
        let (lo, hi, fracLo, fracHi) = try bounds(s, at: pointer)
        var parts = [signedInteger(lo, hi)]
        // A value with floor n ≥ 0 is written n.f; with floor n < 0 it is -(k).f where k = -(n + 1).
        if fracHi >= 0 && fracHi >= fracLo {
            parts.append(nfa.sequence([decimal(UInt64(Swift.max(fracLo, 0)), UInt64(fracHi)), fraction()]))
        }
        if fracLo <= -1 && fracLo <= fracHi {
            let kLo = -(Swift.min(fracHi, -1)) - 1, kHi = -fracLo - 1
            parts.append(nfa.sequence([nfa.literal("-"), decimal(UInt64(kLo), UInt64(kHi)), fraction()]))
        }
        return nfa.choice(parts)
    }

    private mutating func fraction() -> ByteNFA.Fragment {
        let dot = nfa.literal(".")
        let middle = nfa.repeating(min: 0, max: 5) { $0.byte(in: [0x30...0x39]) }
        let last = nfa.byte(in: [0x31...0x39])
        return nfa.sequence([dot, middle, last])
    }

    mutating func signedInteger(_ lo: Int64, _ hi: Int64) -> ByteNFA.Fragment {
        guard lo <= hi else { return nfa.never() }
        var parts: [ByteNFA.Fragment] = []
        if hi >= 0 { parts.append(decimal(UInt64(Swift.max(lo, 0)), UInt64(hi))) }
        if lo <= -1 {
            let kLo = Swift.max(1, -hi), kHi = -lo
            parts.append(nfa.sequence([nfa.literal("-"), decimal(UInt64(kLo), UInt64(kHi))]))
        }
        return nfa.choice(parts)
    }

    /// A decimal integer in `lo...hi` without leading zeros.
    mutating func decimal(_ lo: UInt64, _ hi: UInt64) -> ByteNFA.Fragment {
        guard lo <= hi else { return nfa.never() }
        let loDigits = Array(String(lo).utf8), hiDigits = Array(String(hi).utf8)
        var parts: [ByteNFA.Fragment] = []
        for length in loDigits.count...hiDigits.count {
            let a = length == loDigits.count ? loDigits : [0x31] + Array(repeating: 0x30, count: length - 1)
            let b = length == hiDigits.count ? hiDigits : Array(repeating: 0x39, count: length)
            parts.append(sameLength(a[...], b[...]))
        }
        return nfa.choice(parts)
    }

    /// Digit strings of equal length between `a` and `b` inclusive.
    private mutating func sameLength(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> ByteNFA.Fragment {
        guard let a0 = a.first, let b0 = b.first else { return nfa.epsilon() }
        let restA = a.dropFirst(), restB = b.dropFirst()
        if a0 == b0 { return nfa.sequence([nfa.literal([a0]), sameLength(restA, restB)]) }
        if restA.allSatisfy({ $0 == 0x30 }) && restB.allSatisfy({ $0 == 0x39 }) {
            return nfa.sequence([nfa.byte(in: [a0...b0]), anyDigits(restA.count)])
        }
        var parts: [ByteNFA.Fragment] = []
        let nines = ArraySlice(repeating: UInt8(0x39), count: restA.count)
        let zeros = ArraySlice(repeating: UInt8(0x30), count: restB.count)
        parts.append(nfa.sequence([nfa.literal([a0]), sameLength(restA, nines)]))
        if a0 + 1 <= b0 - 1 {
            parts.append(nfa.sequence([nfa.byte(in: [(a0 + 1)...(b0 - 1)]), anyDigits(restA.count)]))
        }
        parts.append(nfa.sequence([nfa.literal([b0]), sameLength(zeros, restB)]))
        return nfa.choice(parts)
    }

    private mutating func anyDigits(_ n: Int) -> ByteNFA.Fragment {
        nfa.repeating(min: n, max: n) { $0.byte(in: [0x30...0x39]) }
    }
}
