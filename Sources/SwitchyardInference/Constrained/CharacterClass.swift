/// A set of characters as regular expressions and JSON strings use it: any subset of ASCII plus, coarsely,
/// the non-ASCII code points (none, all, or all but the Unicode line terminators U+0085, U+2028, U+2029).
struct CharacterClass: Sendable, Equatable {
    enum NonASCII: Sendable, Equatable {
        case none, all, allButLineTerminators
    }

    /// Bit `b` set: ASCII byte `b` (0…127) is in the class.
    var ascii: (low: UInt64, high: UInt64) = (0, 0)
    var nonASCII: NonASCII = .none

    static func == (a: CharacterClass, b: CharacterClass) -> Bool {
        a.ascii.low == b.ascii.low && a.ascii.high == b.ascii.high && a.nonASCII == b.nonASCII
    }

    func contains(_ b: UInt8) -> Bool {
        b < 64 ? ascii.low & (1 << UInt64(b)) != 0 : b < 128 ? ascii.high & (1 << UInt64(b - 64)) != 0 : false
    }

    mutating func insert(_ range: ClosedRange<UInt8>) {
        for b in range where b < 128 {
            if b < 64 { ascii.low |= 1 << UInt64(b) } else { ascii.high |= 1 << UInt64(b - 64) }
        }
    }

    mutating func formUnion(_ other: CharacterClass) {
        ascii.low |= other.ascii.low
        ascii.high |= other.ascii.high
        switch (nonASCII, other.nonASCII) {
        case (.all, _), (_, .all): nonASCII = .all
        case (.allButLineTerminators, _), (_, .allButLineTerminators): nonASCII = .allButLineTerminators
        default: nonASCII = .none
        }
    }

    /// The complement. Non-ASCII characters are kept only when this class has none of them and no ASCII
    /// white space (regex `\s` also matches non-ASCII spaces, so its complement is kept within ASCII to stay
    /// exact-or-stricter).
    func inverted(keepNonASCII: Bool) -> CharacterClass {
        var c = CharacterClass()
        c.ascii = (~ascii.low, ~ascii.high)
        c.nonASCII = nonASCII == .none && keepNonASCII ? .all : .none
        return c
    }

    static func of(_ ranges: ClosedRange<UInt8>...) -> CharacterClass {
        var c = CharacterClass()
        for r in ranges { c.insert(r) }
        return c
    }

    static let digit = of(0x30...0x39)
    static let word = of(0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F...0x5F)
    static let space = of(0x09...0x0D, 0x20...0x20)
    /// `.`: everything but line terminators.
    static var dot: CharacterClass {
        var c = of(0x00...0x09, 0x0E...0x7F)  // not \n \v \f \r (ICU line terminators)
        c.nonASCII = .allButLineTerminators
        return c
    }

    /// The ASCII members as byte ranges.
    var asciiRanges: [ClosedRange<UInt8>] {
        var out: [ClosedRange<UInt8>] = []
        var b = 0
        while b < 128 {
            guard contains(UInt8(b)) else { b += 1; continue }
            var e = b
            while e + 1 < 128 && contains(UInt8(e + 1)) { e += 1 }
            out.append(UInt8(b)...UInt8(e))
            b = e + 1
        }
        return out
    }
}

extension ByteNFA {
    /// One character of `cls`, as raw UTF-8 (`jsonString` false) or as it is written inside a JSON string
    /// literal (`jsonString` true: `"` and `\` escaped, common control characters as `\n`-style escapes, other
    /// control characters left out).
    mutating func character(in cls: CharacterClass, jsonString: Bool) -> Fragment {
        var parts: [Fragment] = []
        if jsonString {
            var plain = cls
            plain.ascii.low &= ~UInt64(0xFFFF_FFFF)  // controls 0x00…0x1F
            plain.ascii.low &= ~(UInt64(1) << 0x22)  // "
            plain.ascii.high &= ~(UInt64(1) << (0x5C - 64))  // \
            plain.ascii.high &= ~(UInt64(1) << (0x7F - 64))  // DEL: legal, but keep output printable
            let ranges = plain.asciiRanges
            if !ranges.isEmpty { parts.append(byte(in: ranges)) }
            let escapes: [(UInt8, String)] = [
                (0x22, "\\\""), (0x5C, "\\\\"), (0x0A, "\\n"), (0x09, "\\t"), (0x0D, "\\r"), (0x08, "\\b"),
                (0x0C, "\\f"),
            ]
            for (b, text) in escapes where cls.contains(b) { parts.append(literal(text)) }
        } else {
            let ranges = cls.asciiRanges
            if !ranges.isEmpty { parts.append(byte(in: ranges)) }
        }
        if cls.nonASCII != .none {
            parts.append(utf8MultiByte(excludingLineTerminators: cls.nonASCII == .allButLineTerminators))
        }
        return choice(parts)
    }

    /// Any well-formed UTF-8 sequence of 2–4 bytes (no surrogates, nothing above U+10FFFF).
    mutating func utf8MultiByte(excludingLineTerminators: Bool) -> Fragment {
        let tail: ClosedRange<UInt8> = 0x80...0xBF
        var parts: [Fragment] = []
        func seq(_ nfa: inout ByteNFA, _ rs: [[ClosedRange<UInt8>]]) -> Fragment {
            var bytes: [Fragment] = []
            for r in rs { bytes.append(nfa.byte(in: r)) }
            return nfa.sequence(bytes)
        }
        if excludingLineTerminators {
            parts.append(seq(&self, [[0xC2...0xC2], [0x80...0x84, 0x86...0xBF]]))  // not U+0085
            parts.append(seq(&self, [[0xC3...0xDF], [tail]]))
            parts.append(seq(&self, [[0xE2...0xE2], [0x80...0x80], [0x80...0xA7, 0xAA...0xBF]]))  // not U+2028/9
            parts.append(seq(&self, [[0xE2...0xE2], [0x81...0xBF], [tail]]))
            parts.append(seq(&self, [[0xE1...0xE1, 0xE3...0xEC, 0xEE...0xEF], [tail], [tail]]))
        } else {
            parts.append(seq(&self, [[0xC2...0xDF], [tail]]))
            parts.append(seq(&self, [[0xE1...0xEC, 0xEE...0xEF], [tail], [tail]]))
        }
        parts.append(seq(&self, [[0xE0...0xE0], [0xA0...0xBF], [tail]]))
        parts.append(seq(&self, [[0xED...0xED], [0x80...0x9F], [tail]]))
        parts.append(seq(&self, [[0xF0...0xF0], [0x90...0xBF], [tail], [tail]]))
        parts.append(seq(&self, [[0xF1...0xF3], [tail], [tail], [tail]]))
        parts.append(seq(&self, [[0xF4...0xF4], [0x80...0x8F], [tail], [tail]]))
        return choice(parts)
    }
}
