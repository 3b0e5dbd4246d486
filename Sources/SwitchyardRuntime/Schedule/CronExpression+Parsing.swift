import Foundation
import SwitchyardCore

extension CronExpression {
    /// One of the five fields: its name, its range and the names it accepts.
    struct Field: Sendable {
        let name: String
        let range: ClosedRange<Int>
        let names: [String]
        /// The value names start at (`JAN` = 1, `SUN` = 0).
        let firstNamed: Int

        static let minute = Field(name: "minute", range: 0...59, names: [], firstNamed: 0)
        static let hour = Field(name: "hour", range: 0...23, names: [], firstNamed: 0)
        static let dayOfMonth = Field(name: "day of month", range: 1...31, names: [], firstNamed: 1)
        static let month = Field(
            name: "month", range: 1...12,
            names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], firstNamed: 1)
        static let dayOfWeek = Field(
            name: "day of week", range: 0...7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], firstNamed: 0)
        static let all: [Field] = [.minute, .hour, .dayOfMonth, .month, .dayOfWeek]

        var isDayOfWeek: Bool { range.upperBound == 7 }
    }

    /// The shorthands cron accepts for common expressions.
    static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    /// Parses a five-field expression or a macro (`@daily`).
    /// - Parameter text: the expression, fields separated by spaces or tabs.
    /// - Throws: `invalid_cron` naming the field, its column (1-based) and what is wrong.
    public init(parsing text: String) throws(SwitchyardError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let expanded = Self.macros[trimmed.lowercased()] ?? trimmed
        let chars = Array(expanded)
        var fields: [(text: String, column: Int)] = []
        var index = 0
        while index < chars.count {
            if chars[index] == " " || chars[index] == "\t" {
                index += 1
                continue
            }
            let start = index
            while index < chars.count && chars[index] != " " && chars[index] != "\t" { index += 1 }
            fields.append((String(chars[start..<index]), start + 1))
        }
        guard fields.count == 5 else {
            throw Self.error(
                text,
                "has \(fields.count) field\(fields.count == 1 ? "" : "s"), a cron expression has 5 "
                    + "(minute hour day-of-month month day-of-week), e.g. '0 9 * * MON'")
        }
        var sets: [Set<Int>] = []
        for (spec, field) in zip(fields, Field.all) {
            sets.append(try Self.parseField(spec.text, column: spec.column, field: field, expression: text))
        }
        var weekdays = sets[4]
        if weekdays.remove(7) != nil { weekdays.insert(0) }
        self.init(
            source: trimmed, minutes: sets[0], hours: sets[1], daysOfMonth: sets[2], months: sets[3],
            daysOfWeek: weekdays, restrictsDayOfMonth: !fields[2].text.hasPrefix("*"),
            restrictsDayOfWeek: !fields[4].text.hasPrefix("*"))
    }

    static func parseField(
        _ text: String, column: Int, field: Field, expression: String
    ) throws(SwitchyardError) -> Set<Int> {
        var values = Set<Int>()
        var offset = 0
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let itemColumn = column + offset
            offset += item.count + 1
            let where_ = "\(field.name) field at column \(itemColumn)"
            guard !item.isEmpty else {
                throw error(expression, "has an empty list item in the \(where_); remove the extra ','")
            }
            let parts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2 else {
                throw error(expression, "has more than one '/' in \(quote(item)) (\(where_))")
            }
            var step = 1
            if parts.count == 2 {
                guard let s = Int(parts[1]), s >= 1, s <= field.range.count else {
                    throw error(
                        expression,
                        "has step \(quote(parts[1])) in the \(where_); use a whole number from 1 to "
                            + "\(field.range.count)")
                }
                step = s
            }
            let base = parts[0]
            var low: Int
            var high: Int
            if base == "*" {
                low = field.range.lowerBound
                high = field.range.upperBound
                if field.isDayOfWeek { high = 6 }
            } else {
                let bounds = base.split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count <= 2 else {
                    throw error(expression, "has a malformed range \(quote(base)) in the \(where_)")
                }
                low = try value(bounds[0], field: field, expression: expression, where: where_)
                if bounds.count == 2 {
                    high = try value(bounds[1], field: field, expression: expression, where: where_)
                    guard low <= high else {
                        throw error(
                            expression,
                            "has the range \(quote(base)) running backwards in the \(where_); write the low end "
                                + "first, or two ranges")
                    }
                } else {
                    high = parts.count == 2 ? (field.isDayOfWeek ? 6 : field.range.upperBound) : low
                }
            }
            values.formUnion(stride(from: low, through: high, by: step))
        }
        return values
    }

    static func value(
        _ text: Substring, field: Field, expression: String, where place: String
    ) throws(SwitchyardError) -> Int {
        if let number = Int(text), text.allSatisfy(\.isASCII) {
            guard field.range.contains(number) else {
                throw error(
                    expression,
                    "has \(number) in the \(place), outside \(field.range.lowerBound)–\(field.range.upperBound)")
            }
            return number
        }
        if let index = field.names.firstIndex(of: text.uppercased()) { return index + field.firstNamed }
        let accepted = field.names.isEmpty ? "a number" : "a number or a name (\(field.names.joined(separator: ", ")))"
        throw error(expression, "has \(quote(text)) in the \(place); expected \(accepted)")
    }

    static func error(_ expression: String, _ problem: String) -> SwitchyardError {
        SwitchyardError(code: .invalidCron, message: "cron expression \(quote(expression)) \(problem)")
    }

    /// Quotes input text for a message: escaped and cut to a readable length.
    static func quote(_ text: some StringProtocol) -> String {
        let escaped = String(text).unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
        return "'" + (escaped.count > 60 ? escaped.prefix(57) + "..." : escaped) + "'"
    }
}
