import ArgumentParser
import Foundation
import SwitchyardAIOps
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels

/// `switchyard aiops incidents FILE... [--logs FILE...] [--topology FILE] [--window S] [--min-deviation Z] [--summarize] [--json]`.
struct AIOpsIncidentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents",
        abstract: "Correlate anomalies in metric series and logs into incidents and rank their probable root causes.",
        discussion: """
            Each series is scored by the detector; its anomalous stretches and the logs' anomalies (new or rare \
            templates, bursts) become evidence, cited as [S1] (a series window) and [L1] (log lines). Evidence \
            within --window seconds joins an incident; with --topology (YAML or JSON: `calls: [{caller, callee}]` \
            or `{caller: [callees]}`) related services are grouped and the upstream-most anomalous service ranks \
            first. A series' service is its service, job or app label, else the file name up to its first dot; a \
            log's is SERVICE in SERVICE=FILE, else the file name up to its first dot. --summarize asks the gateway's \
            chat model (switchyard.yaml, or the installed local models) for a summary per incident; sentences \
            that do not cite the evidence are dropped and listed.
            """)

    @Argument(help: "Metric series files (CSV, JSONL, Prometheus text or range JSON).")
    var files: [String] = []

    @Option(
        name: .long, parsing: .upToNextOption, help: "Log files, FILE or SERVICE=FILE; lines start with a timestamp.")
    var logs: [String] = []

    @Option(name: .long, help: "Service topology: caller → callee pairs (YAML or JSON).")
    var topology: String?

    @Option(name: .long, help: "Seconds after an incident's last evidence that new evidence still joins it.")
    var window = 900.0

    @Option(name: .long, help: "The detector (default contextual).")
    var detector = DetectorKind.contextual.name

    @Option(name: .long, help: "Anomalous from this score (default: the detector's own).")
    var threshold: Double?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A series' anomaly is evidence only this many robust deviations from the hour before (0: every one)."))
    var minDeviation = 3.0

    @Flag(name: .long, help: "Summarise each incident with the gateway's chat model, grounded on its evidence.")
    var summarize = false

    @Option(name: .long, help: "Gateway configuration for --summarize; without the file the installed local models.")
    var config = "switchyard.yaml"

    @Flag(name: .long, help: "Print one JSON object for scripts.")
    var json = false

    func run() async throws {
        do {
            var options = IncidentAnalysis.Options(
                detector: try DetectorKind.named(detector), threshold: threshold, window: window,
                minimumDeviation: minDeviation)
            if let topology { options.topology = try ServiceTopology.read(path: topology) }
            var report = try IncidentAnalysis.run(seriesFiles: files, logFiles: logs, options: options)
            if summarize, !report.incidents.isEmpty {
                let gateway = try await EmbeddedGateway.make(configPath: config)
                let model = gateway.chatModel(for: CallContext(tenant: .default))
                report = try await gateway.timer.withRunning {
                    try await IncidentSummarizer(model: model).summarize(report)
                }
            }
            if json { Output.json(report.json) } else { Output.line(report.text) }
        } catch {
            throw Output.fail(error, json: json)
        }
    }
}
