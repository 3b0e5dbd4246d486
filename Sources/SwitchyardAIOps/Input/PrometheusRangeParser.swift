import SwitchyardCore

/// A Prometheus `query_range` response: `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{…},
/// "values":[[unix_seconds,"value"],…]}]}}`. A `vector` result (`"value"` per series) gives one-point series.
enum PrometheusRangeParser {
    static func parse(_ text: String, source: String) throws -> [TimeSeries] {
        let root: JSONValue
        do { root = try JSONValue(parsing: text) } catch {
            throw SwitchyardError(code: .invalidJSON, message: "\(source): not valid JSON")
        }
        if let status = root["status"]?.stringValue, status != "success" {
            let message = root["error"]?.stringValue ?? status
            throw SwitchyardError(
                code: .invalidSeries, message: "\(source): the query failed: \(Quote.short(message))")
        }
        guard case .array(let results)? = root["data"]?["result"] else {
            throw SwitchyardError(code: .invalidSeries, message: "\(source): no data.result array")
        }
        var out: [TimeSeries] = []
        for (n, result) in results.enumerated() {
            var labels: [String: String] = [:]
            if case .object(let metric)? = result["metric"] {
                for (k, v) in metric { labels[k] = v.stringValue ?? v.jsonText }
            }
            let name = labels.removeValue(forKey: "__name__") ?? "series_\(n)"
            var pairs: [JSONValue] = []
            if case .array(let values)? = result["values"] {
                pairs = values
            } else if let single = result["value"] {
                pairs = [single]
            }
            var points: [TimeSeries.Point] = []
            for pair in pairs {
                guard case .array(let tv) = pair, tv.count == 2 else {
                    throw SwitchyardError(
                        code: .invalidSeries, message: "\(source): result \(n): a sample is not [timestamp, \"value\"]")
                }
                let stamp: Double
                switch tv[0] {
                case .int(let i): stamp = Double(i)
                case .double(let d): stamp = d
                default:
                    throw SwitchyardError(code: .invalidTimestamp, message: "\(source): result \(n): bad timestamp")
                }
                guard let s = tv[1].stringValue, let v = SeriesReader.value(Substring(s)) else {
                    throw SwitchyardError(
                        code: .invalidValue, message: "\(source): result \(n): value is not a numeric string")
                }
                points.append(.init(timestamp: stamp, value: v))
            }
            out.append(TimeSeries(name: name, labels: labels, points: points))
        }
        return out
    }
}
