import Foundation

/// `ipv4`, `ipv6`, `hostname` and `email` (RFC 2673 §3.2, RFC 4291 §2.2, RFC 1123 §2.1, RFC 5321 §4.1.2).
enum NetworkFormats {
    static func isIPv4(_ s: String) -> Bool {
        let parts = s.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard let n = ASCII.number(ArraySlice(part)), n <= 255, part.count <= 3,
                !(part.count > 1 && part.first == UInt8(ascii: "0"))
            else { return false }
        }
        return true
    }

    static func isIPv6(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 < 128 }) else { return false }
        var text = Substring(s)
        var groupsAvailable = 8
        // A trailing dotted IPv4 takes the last two groups.
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard isIPv4(String(text[text.index(after: lastColon)...])) else { return false }
            text = text[...lastColon]
            if text.hasSuffix("::") == false { text = text.dropLast() }
            groupsAvailable = 6
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        func groups(_ part: String) -> Int? {
            if part.isEmpty { return 0 }
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for piece in pieces {
                guard (1...4).contains(piece.utf8.count), piece.utf8.allSatisfy(ASCII.isHex) else { return nil }
            }
            return pieces.count
        }
        if halves.count == 1 {
            return groups(halves[0]) == groupsAvailable
        }
        guard let left = groups(halves[0]), let right = groups(halves[1]) else { return false }
        return left + right < groupsAvailable
    }

    static func isHostname(_ s: String) -> Bool {
        let host = s.hasSuffix(".") ? String(s.dropLast()) : s
        guard !host.isEmpty, host.utf8.count <= 253 else { return false }
        for label in host.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard (1...63).contains(label.count),
                label.allSatisfy({ ASCII.isAlpha($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "-") }),
                label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-")
            else { return false }
            // "--" in positions 3–4 is reserved for A-labels (xn--).
            let bytes = Array(label)
            if bytes.count >= 4, bytes[2] == UInt8(ascii: "-"), bytes[3] == UInt8(ascii: "-"),
                String(decoding: bytes[0..<2], as: UTF8.self).lowercased() != "xn"
            {
                return false
            }
        }
        return true
    }

    static func isEmail(_ s: String) -> Bool {
        guard let at = s.lastIndex(of: "@") else { return false }
        let local = s[..<at]
        let domain = s[s.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty, local.utf8.count <= 64 else { return false }
        if local.hasPrefix("\"") {
            guard local.count >= 2, local.hasSuffix("\"") else { return false }
        } else {
            let allowed = "!#$%&'*+-/=?^_`{|}~."
            guard local.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || allowed.contains($0)) }),
                !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
            else { return false }
        }
        if domain.hasPrefix("[") && domain.hasSuffix("]") {
            let literal = domain.dropFirst().dropLast()
            if literal.hasPrefix("IPv6:") { return isIPv6(String(literal.dropFirst(5))) }
            return isIPv4(String(literal))
        }
        return isHostname(String(domain))
    }
}
