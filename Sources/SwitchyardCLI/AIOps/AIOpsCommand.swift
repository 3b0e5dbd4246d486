import ArgumentParser

/// `switchyard aiops …`: the AIOps blueprint (anomaly detection, the CI gate, predictive scaling).
struct AIOpsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aiops",
        abstract:
            "Detect anomalies, correlate them into incidents, gate CI on regressions, recommend scaling ahead of load.",
        subcommands: [
            AIOpsDetectCommand.self, AIOpsIncidentsCommand.self, AIOpsGateCommand.self, AIOpsScaleCommand.self,
        ])
}
