import Foundation

/// Finds personal data of the chosen classes in a text: a pattern for each shape, then the class's check (Luhn,
/// mod-97, IP octets and groups, digit counts), so a random run of digits or a version string is not a finding.
///
/// A card or phone number never starts right after a digit and a separator (inside a longer group of numbers, such
/// as a mistyped IBAN). Findings never overlap: classes are tried in ``PIIClass/precedence`` order and a later class's candidate that
/// touches an earlier finding is dropped.
struct PIIDetector: Sendable {
    /// A piece of personal data in a text.
    struct Finding: Sendable, Hashable {
        var type: PIIClass
        var range: Range<String.Index>
    }

    /// One shape of a class: the pattern, and a check of the matched text that says how many of its characters
    /// are the finding (nil: none).
    struct Rule: @unchecked Sendable {
        let type: PIIClass
        let regex: NSRegularExpression
        let accepts: @Sendable (_ match: String, _ before: Substring) -> Int?
    }

    /// The classes looked for, in precedence order.
    let types: [PIIClass]

    init(types: some Sequence<PIIClass>) {
        let wanted = Set(types)
        self.types = PIIClass.precedence.filter(wanted.contains)
    }

    /// Every finding in `text`, earliest first.
    func findings(in text: String) -> [Finding] {
        guard !types.isEmpty, !text.isEmpty else { return [] }
        let ns = text as NSString
        let whole = NSRange(location: 0, length: ns.length)
        var found: [(NSRange, PIIClass)] = []
        for type in types {
            for rule in Self.rules where rule.type == type {
                for match in rule.regex.matches(in: text, range: whole) {
                    guard let span = Range(match.range, in: text) else { continue }
                    let start = text.index(span.lowerBound, offsetBy: -24, limitedBy: text.startIndex)
                    let before = text[(start ?? text.startIndex)..<span.lowerBound]
                    guard let length = rule.accepts(String(text[span]), before) else { continue }
                    let end = text.index(span.lowerBound, offsetBy: length)
                    let range = NSRange(span.lowerBound..<end, in: text)
                    if !found.contains(where: { NSIntersectionRange($0.0, range).length > 0 }) {
                        found.append((range, type))
                    }
                }
            }
        }
        return found.sorted { $0.0.location < $1.0.location }.compactMap { range, type in
            Range(range, in: text).map { Finding(type: type, range: $0) }
        }
    }

    static let rules: [Rule] = {
        func rule(
            _ type: PIIClass, _ pattern: String, accepts: @escaping @Sendable (String, Substring) -> Bool
        )
            -> Rule
        {
            Rule(type: type, regex: try! NSRegularExpression(pattern: pattern)) { match, before in
                accepts(match, before) ? match.count : nil
            }
        }
        let digitCount: @Sendable (String) -> Int = { PIIChecks.digits(of: $0).count }
        return [
            rule(
                .email,
                #"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])"#
            ) { _, _ in true },
            // Printed in groups of four or compact; the country's length decides where it ends.
            Rule(
                type: .iban,
                regex: try! NSRegularExpression(
                    pattern:
                        #"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])"#),
                accepts: { match, _ in PIIChecks.ibanPrefix(of: match) }),
            rule(.card, #"(?<![\w-])(?<!\d[ -])\d(?:[ -]?\d){12,18}(?!\w|-\d)"#) { match, _ in
                let digits = PIIChecks.digits(of: match)
                return (2...6).contains(digits[0]) && PIIChecks.luhn(digits)
            },
            rule(.ip, #"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)"#) { match, before in
                PIIChecks.ipv4(match) && !Self.namesAVersion(before)
            },
            rule(
                .ip,
                #"(?<![\w:.])(?=[0-9A-Fa-f:]*:[0-9A-Fa-f]*:)[0-9A-Fa-f:]{2,39}(?:(?<=:)\d{1,3}(?:\.\d{1,3}){3})?(?![\w:]|\.\d)"#
            ) { match, _ in
                match.contains { ("0"..."9").contains($0) } && PIIChecks.ipv6(match)
            },
            // International: a + and a country code, 8–15 digits (E.164) in groups.
            rule(.phone, #"(?<![\w+])(?<!\d[ ./-])\+\d{1,3}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,5})){1,6}(?!\w|[.-]\d)"#) {
                match, _ in
                (8...15).contains(digitCount(match))
            },
            // North American: (415) 555-0132, 415-555-0132, 415.555.0132, 415 555 0132, optionally 1- first.
            rule(
                .phone,
                #"(?<![\w+.-])(?<!\d[ ./-])(?:1[ .-]?)?(?:\(\d{3}\) ?\d{3}[ .-]\d{4}|\d{3}-\d{3}-\d{4}|\d{3}\.\d{3}\.\d{4}|\d{3} \d{3} \d{4})(?!\w|[.-]\d)"#
            ) { _, _ in true },
            // National with a trunk 0 and separators (030 1234 5678, 06 12 34 56 78, 0176-12345678, 030/1234567),
            // or 00 and a country code (0044 20 7946 0958).
            rule(
                .phone, #"(?<![\w+.-])(?<!\d[ ./-])0(?:0[1-9]\d{0,2}|[1-9]\d{0,3})(?:[ ./-]\d{2,8}){1,4}(?!\w|[./-]\d)"#
            ) { match, _ in
                (9...12).contains(digitCount(match))
            },
        ]
    }()

    /// Whether the words just before an IPv4-shaped match say it is a version (`version 1.2.3.4`, `build:
    /// 10.0.0.1`): those are left alone. A `v` glued to it (`v1.2.3.4`) never matches in the first place.
    static func namesAVersion(_ before: Substring) -> Bool {
        let trimmed = before.reversed().drop { " :=#".contains($0) }
        let word = String(trimmed.prefix { $0.isLetter }.reversed()).lowercased()
        return versionWords.contains(word)
    }

    static let versionWords: Set<String> = [
        "version", "versions", "ver", "v", "release", "build", "rev", "revision", "firmware", "kernel", "sdk",
    ]
}
