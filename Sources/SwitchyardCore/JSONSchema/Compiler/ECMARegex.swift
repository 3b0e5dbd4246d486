import Foundation

/// A `pattern`/`patternProperties` regular expression, compiled once with ECMA-262 meaning on top of ICU
/// (`NSRegularExpression`).
///
/// Translated so ICU behaves like ECMA-262 (with the `u` flag): `\d`, `\w` and `\s` are the ECMA sets (ASCII
/// digits and word characters; ECMA white space), `$` only matches at the very end of the input, `[` inside a
/// class is literal, `[]` matches nothing and `[^]` anything, `\u{…}` is a code point. Not supported: ECMA's
/// ASCII-only `\b`/`\B` (ICU's Unicode word boundaries are used), lookbehind subtleties, and the `/…/flags`
/// syntax (a pattern is a bare expression, as in JSON Schema).
final class ECMARegex: @unchecked Sendable {  // NSRegularExpression is immutable and thread-safe.
    /// The pattern as written in the schema.
    let source: String
    private let regex: NSRegularExpression

    /// Compiles `source`; throws for an escape ECMA-262 does not define (`\\a`, `\\z` …) or a pattern ICU rejects.
    init(_ source: String) throws {
        self.source = source
        self.regex = try NSRegularExpression(pattern: try ECMARegex.translate(source), options: [])
    }

    /// Whether the pattern matches anywhere in `text` (patterns are not anchored).
    func matches(_ text: String) -> Bool {
        let range = regex.rangeOfFirstMatch(
            in: text, options: [], range: NSRange(location: 0, length: text.utf16.count))
        return range.location != NSNotFound
    }

    private static let whitespace =
        "\\t\\n\\x{0B}\\f\\r\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}"
    private static let ecmaLetterEscapes = Set("dDwWsSbBfnrtvcxukpP".unicodeScalars)
    private static let digits = "0-9"
    private static let word = "a-zA-Z0-9_"

    /// An escape ECMA-262 (with the `u` flag) does not define.
    struct UnsupportedEscape: Error {
        var letter: Unicode.Scalar
    }

    /// Rewrites an ECMA-262 pattern into ICU syntax with the same meaning.
    static func translate(_ pattern: String) throws -> String {
        let chars = Array(pattern.unicodeScalars)
        var out = ""
        var i = 0
        var inClass = false
        var classStart = false  // just after `[` or `[^`
        while i < chars.count {
            let c = chars[i]
            if c == "\\" && i + 1 < chars.count {
                let n = chars[i + 1]
                i += 2
                let set: (String, Bool)? =
                    switch n {
                    case "d": (digits, false)
                    case "D": (digits, true)
                    case "w": (word, false)
                    case "W": (word, true)
                    case "s": (whitespace, false)
                    case "S": (whitespace, true)
                    default: nil
                    }
                if let (members, negated) = set {
                    if inClass {
                        out += negated ? "[^\(members)]" : members
                    } else {
                        out += negated ? "[^\(members)]" : "[\(members)]"
                    }
                } else if n == "u" && i < chars.count && chars[i] == "{" {
                    out += "\\x{"
                    i += 1
                } else if n.isASCII && n.properties.isAlphabetic && !ecmaLetterEscapes.contains(n) {
                    throw UnsupportedEscape(letter: n)  // `\a`, `\z`, `\A` …: not ECMA-262 (u flag)
                } else {
                    out.unicodeScalars.append("\\")
                    out.unicodeScalars.append(n)
                }
                classStart = false
                continue
            }
            i += 1
            if inClass {
                if c == "]" && !classStart {
                    inClass = false
                    out += "]"
                } else if c == "]" && classStart {
                    // `[]` matches nothing, `[^]` anything.
                    inClass = false
                    if out.hasSuffix("[^") {
                        out.removeLast(2)
                        out += "[\\s\\S]"
                    } else {
                        out.removeLast()
                        out += "(?!)"
                    }
                } else if c == "[" || c == "&" {
                    out += "\\" + String(c)
                } else {
                    out.unicodeScalars.append(c)
                }
                classStart = false
                continue
            }
            switch c {
            case "[":
                inClass = true
                classStart = true
                out += "["
                if i < chars.count && chars[i] == "^" {
                    out += "^"
                    i += 1
                }
                continue
            case "$":
                out += "\\z"
            default:
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
