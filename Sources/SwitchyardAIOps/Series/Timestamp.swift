import SwitchyardCore

/// Parsing of the timestamp forms the readers accept, to seconds since the Unix epoch (UTC).
///
/// Accepted: numbers (Unix seconds, or milliseconds when above 1e11), and ISO 8601 / SQL style
/// `YYYY-MM-DD[T ]hh:mm[:ss[.fff]]` with an optional `Z` or `±hh[:mm]` offset; a timestamp without a zone is UTC.
/// Zone names (`PST`, `Europe/Paris`, …) are refused: their offsets are ambiguous without a zone database.
public enum Timestamp {
    /// Parses `text` to Unix seconds.
    /// - Parameter text: Unix seconds or milliseconds, ISO 8601, or NAB's `YYYY-MM-DD hh:mm:ss`.
    /// - Throws: `SwitchyardError` with code `invalid_timestamp` (unknown form) or `unknown_timezone`.
    public static func parse(_ text: Substring) throws -> Double {
        let trimmed = text.trimmingSpaces
        if let number = Double(trimmed), number.isFinite {
            return number > 1e11 ? number / 1000 : number
        }
        let bytes = Array(trimmed.utf8)
        guard let value = parseISO(bytes) else {
            if let zone = trailingZoneName(trimmed) {
                throw SwitchyardError(
                    code: .unknownTimezone,
                    message:
                        "timestamp \(Quote.short(String(trimmed))) names the zone \(Quote.short(zone)); zone names "
                        + "are not resolved: write the offset instead (for example 2024-01-01T00:00:00+01:00) or UTC 'Z'"
                )
            }
            throw SwitchyardError(
                code: .invalidTimestamp,
                message:
                    "cannot read the timestamp \(Quote.short(String(trimmed))): use Unix seconds or "
                    + "ISO 8601 such as 2024-01-01T00:00:00Z")
        }
        return value
    }

    /// Formats Unix seconds as `YYYY-MM-DDThh:mm:ssZ`.
    /// - Parameter seconds: Unix seconds.
    public static func iso8601(_ seconds: Double) -> String {
        let whole = Int((seconds).rounded(.down))
        var days = whole / 86_400
        var rest = whole % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let (y, m, d) = civil(fromDays: days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }

    private static func trailingZoneName(_ text: Substring) -> String? {
        guard let space = text.lastIndex(of: " ") else { return nil }
        let tail = text[text.index(after: space)...]
        guard !tail.isEmpty, tail.allSatisfy({ $0.isLetter || $0 == "/" || $0 == "_" }) else { return nil }
        return String(tail)
    }

    // Days from civil date, after Howard Hinnant's public-domain date algorithms.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func parseISO(_ b: [UInt8]) -> Double? {
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(45), let month = digits(2), expect(45), let day = digits(2) else {
            return nil
        }
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        var seconds = Double(days(year: year, month: month, day: day)) * 86_400
        if i == b.count { return seconds }
        guard b[i] == 84 || b[i] == 32 else { return nil }
        i += 1
        guard let hour = digits(2), hour < 24, expect(58), let minute = digits(2), minute < 60 else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        if expect(58) {
            guard let second = digits(2), second <= 60 else { return nil }
            seconds += Double(second)
            if expect(46) {
                var scale = 0.1
                var any = false
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    seconds += Double(b[i] - 48) * scale
                    scale /= 10
                    i += 1
                    any = true
                }
                guard any else { return nil }
            }
        }
        if i == b.count { return seconds }
        if expect(90) { return i == b.count ? seconds : nil }  // Z
        let sign: Double
        if expect(43) {
            sign = 1
        } else if expect(45) {
            sign = -1
        } else {
            return nil
        }
        guard let oh = digits(2), oh <= 14 else { return nil }
        _ = expect(58)
        let om = i == b.count ? 0 : (digits(2) ?? -1)
        guard om >= 0, om < 60, i == b.count else { return nil }
        return seconds - sign * Double(oh * 3600 + om * 60)
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return s
    }
}

/// Quoting of text from bad input: escaped, and cut to a readable length.
enum Quote {
    static func short(_ text: String, limit: Int = 60) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            out += scalar.escaped(asASCII: false)
        }
        if text.unicodeScalars.count > limit { out += "…(\(text.utf8.count) bytes)" }
        return "'\(out)'"
    }
}

extension Character {
    /// `\n` or `\r\n` (one Character in Swift), so CRLF files split into lines too.
    var isLineBreak: Bool { self == "\n" || self == "\r\n" }
}
