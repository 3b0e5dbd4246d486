/// RFC 3339 `date-time`, `full-date`, `full-time` and ISO 8601 `duration` (RFC 3339 Appendix A).
enum DateTimeFormats {
    static func isDateTime(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count > 11, b[10] | 0x20 == UInt8(ascii: "t") else { return false }
        return date(b[0..<10]) != nil && time(b[11...]) != nil
    }

    static func isDate(_ s: String) -> Bool { date(Array(s.utf8)[...]) != nil }

    static func isTime(_ s: String) -> Bool { time(Array(s.utf8)[...]) != nil }

    /// `YYYY-MM-DD` with a day that exists in that month.
    private static func date(_ b: ArraySlice<UInt8>) -> (Int, Int, Int)? {
        let b = Array(b)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let year = ASCII.number(b[0..<4]), let month = ASCII.number(b[5..<7]), let day = ASCII.number(b[8..<10]),
            (1...12).contains(month), day >= 1
        else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days ? (year, month, day) : nil
    }

    /// `HH:MM:SS[.frac](Z|±HH:MM)`; a leap second only at 23:59:60 UTC.
    private static func time(_ b: ArraySlice<UInt8>) -> Bool? {
        let b = Array(b)
        guard b.count >= 9, b[2] == UInt8(ascii: ":"), b[5] == UInt8(ascii: ":"),
            let hour = ASCII.number(b[0..<2]), let minute = ASCII.number(b[3..<5]),
            let second = ASCII.number(b[6..<8]), hour < 24, minute < 60, second <= 60
        else { return nil }
        var i = 8
        if b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count && ASCII.isDigit(b[i]) { i += 1 }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        var offsetMinutes = 0
        if b[i] | 0x20 == UInt8(ascii: "z") {
            guard i + 1 == b.count else { return nil }
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard b.count - i == 6, b[i + 3] == UInt8(ascii: ":"),
                let oh = ASCII.number(b[(i + 1)..<(i + 3)]), let om = ASCII.number(b[(i + 4)..<(i + 6)]),
                oh < 24, om < 60
            else { return nil }
            offsetMinutes = (oh * 60 + om) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
        } else {
            return nil
        }
        if second == 60 {
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            guard utc == 23 * 60 + 59 else { return nil }
        }
        return true
    }

    /// ISO 8601 duration as RFC 3339 Appendix A writes it: `P[nY][nM][nD][T[nH][nM][nS]]` or `PnW`.
    static func isDuration(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count >= 3, b[0] == UInt8(ascii: "P") else { return false }
        var i = 1
        var sawTime = false
        var order = "YMD"
        var units = 0
        var weeks = false
        while i < b.count {
            if b[i] == UInt8(ascii: "T") {
                guard !sawTime else { return false }
                sawTime = true
                order = "HMS"
                i += 1
                guard i < b.count else { return false }
                continue
            }
            let start = i
            while i < b.count && ASCII.isDigit(b[i]) { i += 1 }
            guard i > start, i < b.count else { return false }
            let unit = Character(UnicodeScalar(b[i]))
            i += 1
            if unit == "W" && !sawTime && units == 0 {
                weeks = true
                units += 1
                continue
            }
            guard !weeks, let position = order.firstIndex(of: unit) else { return false }
            order = String(order[order.index(after: position)...])
            units += 1
        }
        if sawTime && (order == "HMS") { return false }
        return units > 0 && !(weeks && i != b.count)
    }
}
