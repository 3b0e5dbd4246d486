import ArgumentParser

/// `switchyard aiops …`: the AIOps blueprint (anomaly detection, the CI gate, predictive scaling).
struct AIOpsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aiops",
        abstract: "Detect anomalies in metric series, gate CI on regressions, recommend scaling ahead of load.",
        subcommands: [AIOpsDetectCommand.self, AIOpsGateCommand.self, AIOpsScaleCommand.self])
}
