/// The scanners behind `PreTokenizer`'s stages, over one piece `[start, end)` of the text's scalars.
///
/// Each method appends the end index of every sub-piece it finds; consecutive ends partition the piece.
/// The GPT-2 and Llama 3 scanners reproduce llama.cpp's hand-written matchers (`unicode.cpp`), including
/// their treatment of a whitespace run before a non-space (`\s+(?!\S)` leaves the last whitespace for the
/// next piece) and of scalars that are neither letters, numbers nor whitespace.
struct PieceScanner {
    let cps: UnsafeBufferPointer<UInt32>
    let cls: UnsafeBufferPointer<CodepointClass>
    let start: Int
    let end: Int

    /// The class at `p`, or the empty class past the end of the piece (llama.cpp's "out of range").
    @inline(__always) private func flags(_ p: Int) -> CodepointClass { p < end ? cls[p] : [] }
    /// The scalar at `p`, or nil past the end of the piece.
    @inline(__always) private func cpt(_ p: Int) -> UInt32? { p < end ? cps[p] : nil }

    private static let apostrophe = UInt32(UInt8(ascii: "'"))
    private static let space = UInt32(UInt8(ascii: " "))
    private static let cr = UInt32(UInt8(ascii: "\r"))
    private static let lf = UInt32(UInt8(ascii: "\n"))

    /// Length of a contraction (`'s 't 'm 'd 're 've 'll`) starting at `pos`, or 0.
    @inline(__always) private func contraction(at pos: Int, caseInsensitive: Bool) -> Int {
        guard cps[pos] == Self.apostrophe, pos + 1 < end else { return 0 }
        func lower(_ c: UInt32) -> UInt32 { caseInsensitive && c >= 65 && c <= 90 ? c + 32 : c }
        let n = lower(cps[pos + 1])
        if n == 0x73 || n == 0x74 || n == 0x6D || n == 0x64 { return 2 }  // s t m d
        guard pos + 2 < end else { return 0 }
        let nn = lower(cps[pos + 2])
        if (n == 0x72 && nn == 0x65) || (n == 0x76 && nn == 0x65) || (n == 0x6C && nn == 0x6C) { return 3 }  // re ve ll
        return 0
    }

    /// `[^\s\p{L}\p{N}]` for an in-range scalar.
    @inline(__always) private static func isOther(_ f: CodepointClass) -> Bool {
        !f.isEmpty && f.isDisjoint(with: [.whitespace, .letter, .number])
    }

    /// Where `\s+(?!\S)|\s+` ends for the run of `n` whitespace scalars at `pos`: before the run's last scalar when
    /// a non-space follows it (that scalar starts the next piece), else at the run's end; one scalar on when `n` is
    /// 0 (a scalar no alternative matched).
    @inline(__always) private func afterWhitespace(at pos: Int, run n: Int) -> Int {
        if n > 1 && pos + n < end { return pos + n - 1 }  // \s+(?!\S)
        if n > 0 { return pos + n }  // \s+
        return pos + 1
    }

    /// GPT-2: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
    mutating func gpt2(into out: inout [Int]) {
        var pos = start
        while pos < end {
            let c = cps[pos]
            let c2 = contraction(at: pos, caseInsensitive: false)
            if c2 > 0 {
                pos += c2
                out.append(pos)
                continue
            }
            var f2 = c == Self.space ? flags(pos + 1) : cls[pos]
            if f2.contains(.letter) {
                if c == Self.space { pos += 1 }
                while f2.contains(.letter) { pos += 1; f2 = flags(pos) }
                out.append(pos)
                continue
            }
            if f2.contains(.number) {
                if c == Self.space { pos += 1 }
                while f2.contains(.number) { pos += 1; f2 = flags(pos) }
                out.append(pos)
                continue
            }
            if Self.isOther(f2) {
                if c == Self.space { pos += 1 }
                while Self.isOther(f2) { pos += 1; f2 = flags(pos) }
                out.append(pos)
                continue
            }
            var n = 0
            while flags(pos + n).contains(.whitespace) { n += 1 }
            pos = afterWhitespace(at: pos, run: n)
            out.append(pos)
        }
    }

    /// Llama 3 (and Qwen2 with `maxDigits` 1):
    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`.
    mutating func llama3(maxDigits: Int, into out: inout [Int]) {
        var pos = start
        while pos < end {
            let c = cps[pos]
            let f = cls[pos]
            let c2 = contraction(at: pos, caseInsensitive: true)
            if c2 > 0 {
                pos += c2
                out.append(pos)
                continue
            }
            if !(c == Self.cr || c == Self.lf || f.contains(.number)) {
                if f.contains(.letter) || flags(pos + 1).contains(.letter) {
                    pos += 1
                    while flags(pos).contains(.letter) { pos += 1 }
                    out.append(pos)
                    continue
                }
            }
            if f.contains(.number) {
                var ini = pos
                while flags(pos).contains(.number) {
                    pos += 1
                    if pos - ini >= maxDigits {
                        out.append(pos)
                        ini = pos
                    }
                }
                if out.last != pos { out.append(pos) }
                continue
            }
            var f2 = c == Self.space ? flags(pos + 1) : f
            if f2.isDisjoint(with: [.whitespace, .letter, .number]) && !f.isEmpty {
                if c == Self.space { pos += 1 }
                while Self.isOther(f2) { pos += 1; f2 = flags(pos) }
                while let x = cpt(pos), x == Self.cr || x == Self.lf { pos += 1 }
                out.append(pos)
                continue
            }
            var n = 0
            var lastNewlineEnd = 0
            while flags(pos + n).contains(.whitespace) {
                let x = cps[pos + n]
                if x == Self.cr || x == Self.lf { lastNewlineEnd = pos + n + 1 }
                n += 1
            }
            // \s*[\r\n]+ first, then the whitespace alternatives GPT-2 has too.
            pos = lastNewlineEnd > 0 ? lastNewlineEnd : afterWhitespace(at: pos, run: n)
            out.append(pos)
        }
    }

    /// `\p{N}`: each number scalar alone; the stretches between them as pieces.
    mutating func eachNumber(into out: inout [Int]) {
        var pos = start
        while pos < end {
            if cls[pos].contains(.number) {
                pos += 1
            } else {
                while pos < end && !cls[pos].contains(.number) { pos += 1 }
            }
            out.append(pos)
        }
    }

    /// `X+` for a scalar predicate: maximal runs of matching and of non-matching scalars alternate.
    mutating func runs(of predicate: (UInt32, CodepointClass) -> Bool, into out: inout [Int]) {
        var pos = start
        while pos < end {
            let matching = predicate(cps[pos], cls[pos])
            while pos < end && predicate(cps[pos], cls[pos]) == matching { pos += 1 }
            out.append(pos)
        }
    }

    /// `[0-9][0-9][0-9]`: leftmost non-overlapping triples of ASCII digits; the rest between them.
    mutating func asciiDigitTriples(into out: inout [Int]) {
        func digit(_ p: Int) -> Bool { p < end && cps[p] >= 0x30 && cps[p] <= 0x39 }
        var pos = start
        var gapStart = start
        while pos < end {
            if digit(pos) && digit(pos + 1) && digit(pos + 2) {
                if gapStart < pos { out.append(pos) }
                pos += 3
                out.append(pos)
                gapStart = pos
            } else {
                pos += 1
            }
        }
        if gapStart < end { out.append(end) }
    }

    /// `[\p{P}\$\+<=>\^~\|]` as llama.cpp evaluates it on its collapsed text: the ASCII punctuation
    /// `!"#%&'()*,-./:;?@[\]_{}` plus `$+<=>^~|`, and non-ASCII scalars of category P that are not whitespace.
    static func isDefaultPunctuation(_ c: UInt32, _ f: CodepointClass) -> Bool {
        if c < 128 {
            switch UInt8(c) {
            case UInt8(ascii: "!")...UInt8(ascii: "#"), UInt8(ascii: "%")...UInt8(ascii: "*"),
                UInt8(ascii: ",")...UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "?"),
                UInt8(ascii: "@"), UInt8(ascii: "[")...UInt8(ascii: "]"), UInt8(ascii: "_"), UInt8(ascii: "{"),
                UInt8(ascii: "}"), UInt8(ascii: "$"), UInt8(ascii: "+"), UInt8(ascii: "<")...UInt8(ascii: ">"),
                UInt8(ascii: "^"), UInt8(ascii: "~"), UInt8(ascii: "|"):
                return true
            default: return false
            }
        }
        return f.contains(.punctuation) && !f.contains(.whitespace)
    }
}
