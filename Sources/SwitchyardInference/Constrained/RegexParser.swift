import SwitchyardCore

/// Parses the regular-expression subset the decoder can enforce: literals, `.`, classes (`[a-z]`, `[^…]`,
/// `\d \w \s` and their negations), groups `( )` and `(?: )`, alternation `|`, quantifiers `? * + {m} {m,}
/// {m,n}` (a lazy `?` suffix is accepted: it does not change which strings match), escapes `\n \t \r \f \v
/// \0 \xHH \uHHHH \u{H…}` and escaped punctuation. `^` and `$` are accepted only at the very start and end.
///
/// Refused with `unsupported_regex`: backreferences, lookaround, named groups, `\b \B \p \k`, possessive
/// quantifiers, anchors elsewhere. Syntax errors are `invalid_regex`. Both name the offset.
struct RegexParser {
    let scalars: [Unicode.Scalar]
    let source: String
    var i = 0

    /// The parsed expression and whether it was anchored at the start (`^`) and at the end (`$`).
    struct Parsed {
        var node: RegexNode
        var anchoredStart: Bool
        var anchoredEnd: Bool
    }

    static func parse(_ pattern: String) throws(SwitchyardError) -> Parsed {
        var p = RegexParser(scalars: Array(pattern.unicodeScalars), source: pattern)
        var anchoredStart = false, anchoredEnd = false
        var end = p.scalars.count
        if p.scalars.first == "^" { anchoredStart = true; p.i = 1 }
        if end > p.i, p.scalars[end - 1] == "$", !p.isEscaped(at: end - 1) { anchoredEnd = true; end -= 1 }
        let node = try p.alternation(until: end)
        if p.i < end { throw p.invalid("unbalanced ')'") }
        guard node.expansionWeight <= 100_000 else {
            throw SwitchyardError(
                code: .unsupportedRegex,
                message: "regex '\(pattern)': its repetition counts expand too far; use smaller {m,n} bounds.")
        }
        return Parsed(node: node, anchoredStart: anchoredStart, anchoredEnd: anchoredEnd)
    }

    private init(scalars: [Unicode.Scalar], source: String) {
        self.scalars = scalars
        self.source = source
    }

    private func isEscaped(at index: Int) -> Bool {
        var n = 0, k = index - 1
        while k >= 0 && scalars[k] == "\\" { n += 1; k -= 1 }
        return n % 2 == 1
    }

    func invalid(_ what: String) -> SwitchyardError {
        SwitchyardError(code: .invalidRegex, message: "regex '\(source)': \(what) at offset \(i).")
    }

    func unsupported(_ what: String) -> SwitchyardError {
        SwitchyardError(
            code: .unsupportedRegex,
            message: "regex '\(source)': \(what) at offset \(i) is not supported by constrained decoding "
                + "(supported: literals, classes, groups, |, ? * + {m,n}).")
    }

    mutating func alternation(until end: Int) throws(SwitchyardError) -> RegexNode {
        var branches = [try concatenation(until: end)]
        while i < end && scalars[i] == "|" {
            i += 1
            branches.append(try concatenation(until: end))
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func concatenation(until end: Int) throws(SwitchyardError) -> RegexNode {
        var items: [RegexNode] = []
        while i < end && scalars[i] != "|" && scalars[i] != ")" {
            var atom = try self.atom(until: end)
            atom = try quantified(atom, until: end)
            items.append(atom)
        }
        return items.isEmpty ? .empty : items.count == 1 ? items[0] : .concat(items)
    }

    private mutating func quantified(_ atom: RegexNode, until end: Int) throws(SwitchyardError) -> RegexNode {
        var node = atom
        while i < end {
            let c = scalars[i]
            var range: (Int, Int?)
            switch c {
            case "?": range = (0, 1); i += 1
            case "*": range = (0, nil); i += 1
            case "+": range = (1, nil); i += 1
            case "{":
                guard let r = try braces(until: end) else { return node }
                range = r
            default: return node
            }
            if i < end && scalars[i] == "?" { i += 1 }  // lazy: same language
            if i < end && scalars[i] == "+" { throw unsupported("a possessive quantifier") }
            node = .repetition(node, min: range.0, max: range.1)
        }
        return node
    }

    /// `{m}`, `{m,}`, `{m,n}`; nil (and no input consumed) when the brace is a literal.
    private mutating func braces(until end: Int) throws(SwitchyardError) -> (Int, Int?)? {
        var j = i + 1
        func number(_ j: inout Int) -> Int? {
            var v = 0, any = false
            while j < end, (48...57).contains(scalars[j].value) {
                v = min(v * 10 + Int(scalars[j].value - 48), 1_000_000)
                any = true
                j += 1
            }
            return any ? v : nil
        }
        guard let lo = number(&j) else { return nil }
        var hi: Int? = lo
        if j < end && scalars[j] == "," {
            j += 1
            hi = number(&j)
        }
        guard j < end && scalars[j] == "}" else { return nil }
        i = j + 1
        if let hi, hi < lo { throw invalid("quantifier {\(lo),\(hi)} has min > max") }
        return (lo, hi)
    }
}
