import Foundation

/// The checks that turn a shape into a finding: Luhn for card numbers, mod-97 and the country's length for IBANs,
/// octet and group rules for IP addresses. Pure functions over ASCII (tested through `PIIRedactor.findings`).
enum PIIChecks {
    /// Whether `digits` (0–9 values) end in a valid Luhn check digit.
    static func luhn(_ digits: [UInt8]) -> Bool {
        guard !digits.isEmpty else { return false }
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            var value = Int(digit)
            if position % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }

    /// The decimal digits of `text`, ignoring everything else.
    static func digits(of text: some StringProtocol) -> [UInt8] {
        text.utf8.compactMap { (0x30...0x39).contains($0) ? $0 - 0x30 : nil }
    }

    /// Whether `compact` (upper-case letters and digits, no spaces) is an IBAN: a known country, that country's
    /// length, and the ISO 7064 mod-97 check (the number with its first four characters moved to the end, letters
    /// as 10–35, leaves 1).
    static func iban(_ compact: String) -> Bool {
        let bytes = Array(compact.utf8)
        guard bytes.count >= 15, let length = ibanLengths[String(compact.prefix(2))], bytes.count == length else {
            return false
        }
        var remainder = 0
        for byte in bytes[4...] + bytes[..<4] {
            switch byte {
            case 0x30...0x39: remainder = (remainder * 10 + Int(byte - 0x30)) % 97
            case 0x41...0x5A: remainder = (remainder * 100 + Int(byte - 0x41 + 10)) % 97
            default: return false
            }
        }
        return remainder == 1
    }

    /// How many characters of `match` (an IBAN-shaped run: letters and digits, single spaces between groups) are
    /// an IBAN: its country's length of letters and digits, ending where a group ends, passing ``iban(_:)``; nil
    /// when it is none. A run that goes on past the country's length in the same group is no IBAN.
    static func ibanPrefix(of match: String) -> Int? {
        guard let length = ibanLengths[String(match.prefix(2))] else { return nil }
        var compact = ""
        var taken = 0
        for character in match {
            if compact.count == length { break }
            taken += 1
            if character != " " { compact.append(character) }
        }
        guard compact.count == length else { return nil }
        let rest = match.dropFirst(taken)
        guard rest.isEmpty || rest.first == " " else { return nil }
        return iban(compact) ? taken : nil
    }

    /// IBAN lengths by country (SWIFT's IBAN registry).
    static let ibanLengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
        "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
        "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
        "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
        "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25,
        "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18,
        "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33,
        "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
        "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
    ]

    /// Whether `text` is a dotted-quad IPv4 address: four decimal octets 0–255, without leading zeros (`010` is
    /// octal to some parsers and decimal to others, so it is no address here).
    static func ipv4(_ text: some StringProtocol) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit), let value = Int(part) else {
                return false
            }
            return value <= 255 && (part.count == 1 || part.first != "0")
        }
    }

    /// Whether `text` is an IPv6 address in RFC 4291 text form: eight groups of 1–4 hex digits, or fewer with one
    /// `::`, the last two groups optionally written as an IPv4 address.
    static func ipv6(_ text: String) -> Bool {
        guard text.contains(":"), text.count >= 2, text.count <= 45 else { return false }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        func groups(_ part: String, last: Bool) -> Int? {
            if part.isEmpty { return 0 }
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            var count = 0
            for (i, piece) in pieces.enumerated() {
                if last && i == pieces.count - 1 && piece.contains(".") {
                    guard ipv4(piece) else { return nil }
                    count += 2
                } else {
                    guard (1...4).contains(piece.count), piece.allSatisfy(\.isHexDigit) else { return nil }
                    count += 1
                }
            }
            return count
        }
        if halves.count == 1 {
            return groups(halves[0], last: true) == 8
        }
        guard let head = groups(halves[0], last: false), let tail = groups(halves[1], last: true) else {
            return false
        }
        return head + tail <= 7
    }
}

extension Character {
    /// 0–9 only (not other scripts' digits).
    fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
