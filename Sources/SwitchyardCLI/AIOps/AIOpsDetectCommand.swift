import ArgumentParser
import Foundation
import SwitchyardAIOps
import SwitchyardCore

/// `switchyard aiops detect FILE... [--detector NAME] [--json]`.
struct AIOpsDetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Score metric series (CSV, JSONL, Prometheus text or range JSON) and list the anomalous points.",
        discussion: "Detectors: \(DetectorKind.all.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")).")

    @Argument(help: "Series files; the format is guessed from the name, then the content.")
    var files: [String]

    @Option(name: .long, help: "The detector (default contextual).")
    var detector = DetectorKind.contextual.name

    @Option(name: .long, help: "Report points scored at or above this (default: the detector's own).")
    var threshold: Double?

    @Flag(name: .long, help: "Print one JSON object for scripts.")
    var json = false

    func run() throws {
        do {
            let results = try SeriesDetection.run(files: files, detector: detector, threshold: threshold)
            if json {
                Output.json(.object(["detector": .string(detector), "series": .array(results.map(\.json))]))
                return
            }
            for r in results {
                Output.line(
                    "\(r.identifier): \(r.points) points, \(r.anomalies.count) anomal\(r.anomalies.count == 1 ? "y" : "ies")"
                )
                for note in r.notes { Output.line("  note: \(note)") }
                for a in r.anomalies {
                    Output.line(
                        "  \(Timestamp.iso8601(a.timestamp))  value \(a.value)  score \(String(format: "%.3f", a.score))"
                    )
                }
            }
        } catch {
            throw Output.fail(error, json: json)
        }
    }
}
