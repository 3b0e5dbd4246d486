import ArgumentParser
import Foundation
import SwitchyardAIOps
import SwitchyardCore

/// `switchyard aiops gate --baseline HISTORY.jsonl --current RESULTS… [--junit FILE…]`: exit 0 when no figure
/// regressed, 1 when one did, 2 when the inputs cannot be read.
struct AIOpsGateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Fail a build whose figures regressed against their history (robust median/MAD statistics).",
        discussion: """
            HISTORY.jsonl holds one past build a line (a JSON object of figures, nested objects flattened to \
            dotted names). RESULTS are benchmark JSON lines or JUnit XML. Exit codes: 0 pass, 1 regression, \
            2 unreadable input.
            """)

    @Option(name: .long, help: "The history: JSON Lines, one past build a line.")
    var baseline: String

    @Option(name: .long, parsing: .upToNextOption, help: "This build's figures: JSON Lines or JUnit XML files.")
    var current: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: "This build's JUnit XML (test durations, failure rates).")
    var junit: [String] = []

    @Option(name: .long, help: "Write the findings as a JUnit XML report here.")
    var report: String?

    @Flag(name: .long, help: "Append this build's figures to the history when the gate passes.")
    var append = false

    @Option(name: .long, help: "Robust z-score from which a worse figure is a regression.")
    var z = 3.5

    @Option(name: .long, help: "Smallest relative change (0.05 = 5 %) that counts.")
    var minChange = 0.05

    @Flag(name: .long, help: "Print one JSON object for scripts.")
    var json = false

    func run() throws {
        let outcome: GateRun
        do {
            outcome = try GateRun.run(
                baseline: baseline, current: current, junit: junit,
                gate: RegressionGate(zThreshold: z, minimumRelativeChange: minChange))
            if let report { try AIOpsFiles.write(GateInput.junitReport(outcome.findings), to: report) }
            if append, outcome.exitCode == 0 { try AIOpsFiles.append(outcome.historyLine + "\n", to: baseline) }
        } catch {
            throw Output.fail(error, json: json)
        }
        if json {
            Output.json(
                .object([
                    "passed": .bool(outcome.exitCode == 0),
                    "regressions": .int(outcome.regressions.count),
                    "findings": .array(
                        outcome.findings.map {
                            .object([
                                "metric": .string($0.metric), "verdict": .string($0.verdict.description),
                                "current": .double($0.current), "median": .double($0.median),
                                "robust_z": .double($0.robustZ), "explanation": .string($0.explanation),
                            ])
                        }),
                ]))
        } else {
            for f in outcome.findings where f.verdict != .unchanged { Output.line(f.explanation) }
            let unchanged = outcome.findings.filter { $0.verdict == .unchanged }.count
            Output.line(
                "\(outcome.regressions.isEmpty ? "PASS" : "FAIL"): \(outcome.regressions.count) regression(s), "
                    + "\(unchanged) figure(s) unchanged of \(outcome.findings.count)")
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
