/// `uri`, `uri-reference` (RFC 3986), `iri`, `iri-reference` (RFC 3987: the same, plus non-ASCII characters)
/// and `uri-template` (RFC 6570, brackets only): a character-level check of each component.
enum URIFormats {
    private static let unreserved = Set("-._~".utf8)
    private static let subDelims = Set("!$&'()*+,;=".utf8)

    static func isURIReference(_ s: String, absolute: Bool, international: Bool = false) -> Bool {
        guard s.utf8.allSatisfy({ $0 > 32 && ($0 < 127 || (international && $0 >= 128)) }) else { return false }
        let ref = URIReference(s)
        if absolute {
            guard let scheme = ref.scheme, !scheme.isEmpty else { return false }
        } else if ref.scheme == nil, let colon = ref.path.firstIndex(of: ":"),
            !ref.path[..<colon].contains("/")
        {
            return false  // a relative path's first segment may not hold ":".
        }
        if let authority = ref.authority {
            var host = Substring(authority)
            if let at = host.lastIndex(of: "@") {
                guard valid(host[..<at], extra: ":") else { return false }
                host = host[host.index(after: at)...]
            }
            if host.hasPrefix("[") {
                guard let close = host.firstIndex(of: "]") else { return false }
                let literal = host[host.index(after: host.startIndex)..<close]
                guard NetworkFormats.isIPv6(String(literal)) || literal.hasPrefix("v") else { return false }
                host = host[host.index(after: close)...]
                guard host.isEmpty || host.hasPrefix(":") else { return false }
            }
            if let colon = host.lastIndex(of: ":") {
                guard host[host.index(after: colon)...].utf8.allSatisfy(ASCII.isDigit) else { return false }
                host = host[..<colon]
            }
            guard valid(host, extra: "") else { return false }
        }
        return valid(Substring(ref.path), extra: ":@/") && valid(Substring(ref.query ?? ""), extra: ":@/?")
            && valid(Substring(ref.fragment ?? ""), extra: ":@/?")
    }

    /// Literal text and `{…}` expressions that are not empty or nested.
    static func isURITemplate(_ s: String) -> Bool {
        var open = false
        var expressionLength = 0
        for c in s.utf8 {
            if c == UInt8(ascii: "{") {
                if open { return false }
                open = true
                expressionLength = 0
            } else if c == UInt8(ascii: "}") {
                if !open || expressionLength == 0 { return false }
                open = false
            } else if open {
                expressionLength += 1
            }
        }
        return !open
    }

    /// Unreserved, sub-delims, `extra`, and well-formed percent-encodings only.
    private static func valid(_ part: Substring, extra: String) -> Bool {
        let bytes = Array(part.utf8)
        let extraBytes = Set(extra.utf8)
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, ASCII.isHex(bytes[i + 1]), ASCII.isHex(bytes[i + 2])
                else { return false }
                i += 3
                continue
            }
            guard
                c >= 128 || ASCII.isAlpha(c) || ASCII.isDigit(c) || unreserved.contains(c) || subDelims.contains(c)
                    || extraBytes.contains(c)
            else { return false }
            i += 1
        }
        return true
    }
}
