import SwitchyardCore

extension RegexParser {
    /// One atom: a character, `.`, a class, an escape or a group.
    mutating func atom(until end: Int) throws(SwitchyardError) -> RegexNode {
        let c = scalars[i]
        switch c {
        case "(":
            i += 1
            if i < end && scalars[i] == "?" {
                guard i + 1 < end, scalars[i + 1] == ":" else {
                    throw unsupported("lookaround or a named/flagged group '(?'")
                }
                i += 2
            }
            let inner = try alternation(until: end)
            guard i < end && scalars[i] == ")" else { throw invalid("missing ')'") }
            i += 1
            return inner
        case ".":
            i += 1
            return .set(.dot, extra: [])
        case "[":
            return try characterClass(until: end)
        case "\\":
            return try escape(until: end, inClass: false)
        case "^", "$":
            throw unsupported("an anchor '\(c)' inside the pattern")
        case "*", "+", "?":
            throw invalid("nothing to repeat before '\(c)'")
        default:
            i += 1
            return .character(c)
        }
    }

    /// `[...]`: ranges, escapes, negation.
    private mutating func characterClass(until end: Int) throws(SwitchyardError) -> RegexNode {
        i += 1
        var negated = false
        if i < end && scalars[i] == "^" { negated = true; i += 1 }
        var cls = CharacterClass()
        var extra: [Unicode.Scalar] = []
        while i < end && scalars[i] != "]" {
            var lo: Unicode.Scalar
            if scalars[i] == "\\" {
                switch try escape(until: end, inClass: true) {
                case .set(let c, let e):
                    cls.formUnion(c)
                    extra += e
                    continue
                case .character(let ch): lo = ch
                default: throw invalid("bad escape in a class")
                }
            } else {
                lo = scalars[i]
                i += 1
            }
            if i + 1 < end && scalars[i] == "-" && scalars[i + 1] != "]" {
                i += 1
                var hi: Unicode.Scalar
                if scalars[i] == "\\" {
                    guard case .character(let ch) = try escape(until: end, inClass: true) else {
                        throw invalid("a class escape cannot end a range")
                    }
                    hi = ch
                } else {
                    hi = scalars[i]
                    i += 1
                }
                guard lo.value <= hi.value else { throw invalid("range out of order") }
                guard hi.isASCII else { throw unsupported("a range with non-ASCII characters") }
                cls.insert(UInt8(lo.value)...UInt8(hi.value))
            } else if lo.isASCII {
                cls.insert(UInt8(lo.value)...UInt8(lo.value))
            } else {
                extra.append(lo)
            }
        }
        guard i < end else { throw invalid("missing ']'") }
        i += 1
        if negated {
            guard extra.isEmpty else { throw unsupported("a negated class with non-ASCII members") }
            // The complement may keep non-ASCII characters only when the class cannot match any (\s can).
            let hasSpace = cls.contains(0x20) || cls.contains(0x09)
            return .set(cls.inverted(keepNonASCII: cls.nonASCII == .none && !hasSpace), extra: [])
        }
        return .set(cls, extra: extra)
    }

    /// An escape after `\`: a character or a class.
    mutating func escape(until end: Int, inClass: Bool) throws(SwitchyardError) -> RegexNode {
        i += 1
        guard i < end else { throw invalid("a trailing backslash") }
        let c = scalars[i]
        i += 1
        switch c {
        case "d": return .set(.digit, extra: [])
        case "w": return .set(.word, extra: [])
        case "s": return .set(.space, extra: [])
        case "D": return .set(CharacterClass.digit.inverted(keepNonASCII: true), extra: [])
        case "W": return .set(CharacterClass.word.inverted(keepNonASCII: true), extra: [])
        case "S": return .set(CharacterClass.space.inverted(keepNonASCII: false), extra: [])
        case "n": return .character("\n")
        case "t": return .character("\t")
        case "r": return .character("\r")
        case "f": return .character("\u{0C}")
        case "v": return .character("\u{0B}")
        case "0": return .character("\u{0}")
        case "x": return .character(try hex(count: 2, until: end))
        case "u":
            if i < end && scalars[i] == "{" {
                i += 1
                var v: UInt32 = 0, n = 0
                while i < end, scalars[i] != "}", let d = hexValue(scalars[i]) { v = v &* 16 &+ d; n += 1; i += 1 }
                guard i < end, scalars[i] == "}", n > 0, n <= 6, let s = Unicode.Scalar(v) else {
                    throw invalid("bad \\u{…} escape")
                }
                i += 1
                return .character(s)
            }
            return .character(try hex(count: 4, until: end))
        case "b" where inClass: return .character("\u{08}")
        case "b", "B": throw unsupported("a word boundary '\\\(c)'")
        case "1"..."9": throw unsupported("a backreference '\\\(c)'")
        case "k": throw unsupported("a named backreference '\\k'")
        case "p", "P": throw unsupported("a Unicode property escape '\\\(c)'")
        case "c": throw unsupported("a control escape '\\c'")
        default:
            guard c.isASCII, !c.properties.isAlphabetic else { throw invalid("unknown escape '\\\(c)'") }
            return .character(c)
        }
    }

    private func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c.value {
        case 48...57: return c.value - 48
        case 65...70: return c.value - 55
        case 97...102: return c.value - 87
        default: return nil
        }
    }

    private mutating func hex(count: Int, until end: Int) throws(SwitchyardError) -> Unicode.Scalar {
        var v: UInt32 = 0
        for _ in 0..<count {
            guard i < end, let d = hexValue(scalars[i]) else { throw invalid("bad hexadecimal escape") }
            v = v * 16 + d
            i += 1
        }
        guard let s = Unicode.Scalar(v) else { throw unsupported("a surrogate escape") }
        return s
    }
}
