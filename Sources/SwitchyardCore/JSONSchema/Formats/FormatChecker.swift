/// An assertion for one `format` value. Formats only assert when `JSONSchema.Options.assertFormats` is on or
/// the metaschema requires the format-assertion vocabulary; otherwise they are annotations, as 2020-12 says.
///
/// Asserted: `date-time`, `date`, `time`, `duration`, `email`, `hostname`, `ipv4`, `ipv6`, `uri`,
/// `uri-reference`, `iri`, `iri-reference`, `uri-template`, `uuid`, `json-pointer`, `relative-json-pointer`,
/// `regex`. `idn-email` and `idn-hostname` (IDNA2008 needs Unicode tables Foundation lacks) and unknown names
/// are always annotations.
struct FormatChecker: Sendable {
    let check: @Sendable (String) -> Bool

    /// The checker for `name`, or `nil` when the format is not asserted.
    static func named(_ name: String) -> FormatChecker? {
        switch name {
        case "date-time": FormatChecker(check: DateTimeFormats.isDateTime)
        case "date": FormatChecker(check: DateTimeFormats.isDate)
        case "time": FormatChecker(check: DateTimeFormats.isTime)
        case "duration": FormatChecker(check: DateTimeFormats.isDuration)
        case "email": FormatChecker(check: NetworkFormats.isEmail)
        case "hostname": FormatChecker(check: NetworkFormats.isHostname)
        case "ipv4": FormatChecker(check: NetworkFormats.isIPv4)
        case "ipv6": FormatChecker(check: NetworkFormats.isIPv6)
        case "uri": FormatChecker(check: { URIFormats.isURIReference($0, absolute: true) })
        case "uri-reference": FormatChecker(check: { URIFormats.isURIReference($0, absolute: false) })
        case "iri": FormatChecker(check: { URIFormats.isURIReference($0, absolute: true, international: true) })
        case "iri-reference":
            FormatChecker(check: { URIFormats.isURIReference($0, absolute: false, international: true) })
        case "uri-template": FormatChecker(check: URIFormats.isURITemplate)
        case "uuid": FormatChecker(check: MiscFormats.isUUID)
        case "json-pointer": FormatChecker(check: MiscFormats.isJSONPointer)
        case "relative-json-pointer": FormatChecker(check: MiscFormats.isRelativeJSONPointer)
        case "regex": FormatChecker(check: { (try? ECMARegex($0)) != nil })
        default: nil
        }
    }
}

/// Character tests on ASCII bytes shared by the format checkers.
enum ASCII {
    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 97 && (b | 0x20) <= 122 }
    static func isHex(_ b: UInt8) -> Bool { isDigit(b) || ((b | 0x20) >= 97 && (b | 0x20) <= 102) }

    /// The number spelled by `bytes` when they are all digits.
    static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count < 10, bytes.allSatisfy(isDigit) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 48) }
    }
}

/// `uuid`, `json-pointer`, `relative-json-pointer`.
enum MiscFormats {
    static func isUUID(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 36 else { return false }
        for (i, c) in b.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                if c != UInt8(ascii: "-") { return false }
            } else if !ASCII.isHex(c) {
                return false
            }
        }
        return true
    }

    static func isJSONPointer(_ s: String) -> Bool {
        if s.isEmpty { return true }
        guard s.hasPrefix("/") else { return false }
        let b = Array(s.utf8)
        for (i, c) in b.enumerated() where c == UInt8(ascii: "~") {
            guard i + 1 < b.count, b[i + 1] == UInt8(ascii: "0") || b[i + 1] == UInt8(ascii: "1") else { return false }
        }
        return true
    }

    static func isRelativeJSONPointer(_ s: String) -> Bool {
        let b = Array(s.utf8)
        var i = 0
        while i < b.count && ASCII.isDigit(b[i]) { i += 1 }
        guard i > 0, !(i > 1 && b[0] == UInt8(ascii: "0")) else { return false }
        let rest = String(decoding: b[i...], as: UTF8.self)
        if rest == "#" { return true }
        if rest.hasPrefix("+") || rest.hasPrefix("-") { return false }
        return isJSONPointer(rest)
    }
}
