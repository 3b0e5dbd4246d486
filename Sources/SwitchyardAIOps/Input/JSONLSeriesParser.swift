import SwitchyardCore

/// One JSON object a line: `{"timestamp": …, "value": …, "metric": "name", "labels": {…}}`. The timestamp key
/// may also be `time`, `ts` or `@timestamp`; the name key `name` or `__name__`. Lines group into series by name
/// and labels.
enum JSONLSeriesParser {
    static func parse(_ text: String, source: String) throws -> [TimeSeries] {
        var order: [String] = []
        var series: [String: TimeSeries] = [:]
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isLineBreak).enumerated() {
            let place = SeriesReader.place(source, index + 1)
            if line.trimmingSpaces.isEmpty { continue }
            let value: JSONValue
            do {
                value = try JSONValue(parsing: String(line))
            } catch {
                throw SwitchyardError(
                    code: .invalidJSON, message: "\(place): not a JSON object (\(Quote.short(String(line))))")
            }
            guard case .object(let fields) = value else {
                throw SwitchyardError(code: .invalidSeries, message: "\(place): expected one JSON object a line")
            }
            guard let stampValue = fields["timestamp"] ?? fields["time"] ?? fields["ts"] ?? fields["@timestamp"] else {
                throw SwitchyardError(
                    code: .invalidSeries, message: "\(place): no timestamp field (timestamp, time or ts)")
            }
            let stamp: Double
            switch stampValue {
            case .int(let i): stamp = Double(i) > 1e11 ? Double(i) / 1000 : Double(i)
            case .double(let d): stamp = d > 1e11 ? d / 1000 : d
            case .string(let s):
                do { stamp = try Timestamp.parse(Substring(s)) } catch let e as SwitchyardError {
                    throw SwitchyardError(code: e.code, message: "\(place): \(e.message)")
                }
            default:
                throw SwitchyardError(code: .invalidTimestamp, message: "\(place): timestamp is not a number or string")
            }
            let v: Double
            switch fields["value"] {
            case .int(let i)?: v = Double(i)
            case .double(let d)?: v = d
            case .string(let s)?:
                guard let parsed = SeriesReader.value(Substring(s)) else {
                    throw SwitchyardError(
                        code: .invalidValue, message: "\(place): value \(Quote.short(s)) is not a number")
                }
                v = parsed
            case .null?: v = .nan
            default: throw SwitchyardError(code: .invalidValue, message: "\(place): no numeric 'value' field")
            }
            let name = (fields["metric"] ?? fields["name"] ?? fields["__name__"])?.stringValue ?? "value"
            var labels: [String: String] = [:]
            if case .object(let l)? = fields["labels"] {
                for (k, v) in l { labels[k] = v.stringValue ?? v.jsonText }
            }
            var key = TimeSeries(name: name, labels: labels, points: [])
            let id = key.identifier
            if series[id] == nil {
                order.append(id)
                series[id] = key
            }
            key = series[id]!
            key.points.append(.init(timestamp: stamp, value: v))
            series[id] = key
        }
        return order.map { series[$0]! }
    }
}
