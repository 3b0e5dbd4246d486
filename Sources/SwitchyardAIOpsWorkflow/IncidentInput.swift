import SwitchyardAIOps
import SwitchyardCore

/// The `incident` workflow's input, read from the run's input object: the files' contents travel inline (a
/// run never reads the server's disk), named so errors and citations can point at them.
///
/// `{"series": [{"name": "db.csv", "text": "timestamp,value\n…"}], "logs": [{"name": "db.log", "text": "…",
/// "service"?: "db"}], "topology"?: "calls: [{caller: a, callee: b}]", "window"?: 900}`.
struct IncidentInput {
    var series: [(series: TimeSeries, service: String)] = []
    var logs: [LogFile] = []
    var options = IncidentAnalysis.Options()

    /// Reads `input`.
    /// - Throws: `SwitchyardError` `invalid_input` for a missing or mistyped field (naming it), or the readers'
    ///   errors (`invalid_series`, `invalid_timestamp`, `invalid_topology`, …) naming the item.
    init(_ input: JSONValue) throws {
        func fail(_ message: String) -> SwitchyardError {
            SwitchyardError(code: .invalidInput, message: "incident input: \(message)")
        }
        func files(_ key: String) throws -> [(name: String, text: String, service: String?)] {
            guard let value = input[key], value != .null else { return [] }
            guard let items = value.arrayValue else { throw fail("'\(key)' must be a list of {name, text}") }
            return try items.enumerated().map { index, item in
                guard let name = item["name"]?.stringValue, !name.isEmpty, let text = item["text"]?.stringValue else {
                    throw fail("\(key)[\(index)] needs 'name' (a file name) and 'text' (its content)")
                }
                return (name, text, item["service"]?.stringValue)
            }
        }
        for file in try files("series") {
            let all = try SeriesReader.parse(
                file.text, source: file.name, format: .detect(path: file.name, text: Substring(file.text)))
            guard !all.isEmpty else {
                throw SwitchyardError(code: .emptySeries, message: "\(file.name): no series in the file")
            }
            series += all.map { ($0, file.service ?? IncidentAnalysis.service(of: $0, file: file.name)) }
        }
        for file in try files("logs") {
            let stem = file.name.split(separator: "/").last?.split(separator: ".").first.map(String.init) ?? file.name
            logs.append(try LogFile.parse(file.text, path: file.name, service: file.service ?? stem))
        }
        guard !series.isEmpty || !logs.isEmpty else { throw fail("give at least one item in 'series' or 'logs'") }
        if let topology = input["topology"], topology != .null {
            guard let text = topology.stringValue else {
                throw fail("'topology' is the topology file's text (YAML or JSON)")
            }
            options.topology = try ServiceTopology.parse(text, source: "topology")
        }
        if let window = input["window"], window != .null {
            guard let seconds = window.numberValue, seconds > 0 else {
                throw fail("'window' must be a positive number of seconds")
            }
            options.window = seconds
        }
    }
}
