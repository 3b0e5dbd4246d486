import SwitchyardCore

/// Prometheus text exposition (format 0.0.4): `name{label="value",…} value [timestamp_ms]`; `#` lines skipped.
/// Samples of the same series (repeated scrapes, concatenated) form one series; a sample without a timestamp
/// gets its position in that series, in seconds from 0.
enum PrometheusTextParser {
    static func parse(_ text: String, source: String) throws -> [TimeSeries] {
        var order: [String] = []
        var series: [String: TimeSeries] = [:]
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isLineBreak).enumerated() {
            let t = line.trimmingSpaces
            if t.isEmpty || t.first == "#" { continue }
            let place = SeriesReader.place(source, index + 1)
            let (name, labels, rest) = try splitSample(t, place: place)
            let parts = rest.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 1 || parts.count == 2, let value = SeriesReader.value(parts[0]) else {
                throw SwitchyardError(
                    code: .invalidSeries,
                    message: "\(place): expected 'name{labels} value [timestamp_ms]', got \(Quote.short(String(t)))")
            }
            let id = TimeSeries(name: name, labels: labels, points: []).identifier
            if series[id] == nil {
                order.append(id)
                series[id] = TimeSeries(name: name, labels: labels, points: [])
            }
            var s = series[id]!
            var stamp = Double(s.points.count)
            if parts.count == 2 {
                guard let ms = Double(parts[1]) else {
                    throw SwitchyardError(
                        code: .invalidTimestamp,
                        message: "\(place): timestamp \(Quote.short(String(parts[1]))) is not milliseconds")
                }
                stamp = ms / 1000
            }
            s.points.append(.init(timestamp: stamp, value: value))
            series[id] = s
        }
        return order.map { series[$0]! }
    }

    /// Splits `name{a="b",…} rest` into its parts, unescaping label values (`\"`, `\\`, `\n`).
    static func splitSample(_ line: Substring, place: String) throws -> (String, [String: String], Substring) {
        let chars = Array(line)
        var i = 0
        while i < chars.count, chars[i] != "{", chars[i] != " ", chars[i] != "\t" { i += 1 }
        let name = String(chars[0..<i])
        guard !name.isEmpty else {
            throw SwitchyardError(code: .invalidSeries, message: "\(place): sample has no metric name")
        }
        var labels: [String: String] = [:]
        if i < chars.count, chars[i] == "{" {
            i += 1
            while true {
                while i < chars.count, chars[i] == " " || chars[i] == "," { i += 1 }
                guard i < chars.count else {
                    throw SwitchyardError(code: .invalidSeries, message: "\(place): unclosed '{' in the labels")
                }
                if chars[i] == "}" {
                    i += 1
                    break
                }
                var key = ""
                while i < chars.count, chars[i] != "=" { key.append(chars[i]); i += 1 }
                guard i + 1 < chars.count, chars[i + 1] == "\"" else {
                    throw SwitchyardError(code: .invalidSeries, message: "\(place): label '\(key)' has no quoted value")
                }
                i += 2
                var value = ""
                while i < chars.count, chars[i] != "\"" {
                    if chars[i] == "\\", i + 1 < chars.count {
                        i += 1
                        value.append(chars[i] == "n" ? "\n" : chars[i])
                    } else {
                        value.append(chars[i])
                    }
                    i += 1
                }
                guard i < chars.count else {
                    throw SwitchyardError(
                        code: .invalidSeries, message: "\(place): unterminated value of label '\(key)'")
                }
                i += 1
                labels[key.trimmingCharacters(in: .init(" "))] = value
            }
        }
        let rest = Substring(String(chars[i...])).trimmingSpaces
        return (name, labels, rest)
    }
}
