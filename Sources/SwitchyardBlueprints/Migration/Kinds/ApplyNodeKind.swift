import Foundation
import SwitchyardCore
import SwitchyardMigration
import SwitchyardRuntime

/// `migration.apply`: the approved wave's rollout. Writes the run artifact `migration/wave-NN/apply` (the
/// resources as YAML, the order to apply them, the kubectl / virtctl / govc commands and a shell script of them)
/// after making sure the wave's rollback artifact is there. Without a cluster in the input that is all (a dry
/// run). With one (and execution allowed), the steps then run in order against it; the first failing step stops
/// the wave and the rollback artifact's steps run; every command and its outcome go to the run artifact
/// `migration/wave-NN/run`. Records the wave in `outcomes` as `applied` or `failed`.
public struct ApplyNodeKind: WorkflowNodeKind {
    public let name = "migration.apply"
    let access: MigrationFileAccess
    let execution: MigrationExecution

    /// Makes the kind.
    /// - Parameters:
    ///   - access: where runs may read the kubeconfig.
    ///   - execution: whether approved waves may be run against the cluster the input names.
    public init(access: MigrationFileAccess, execution: MigrationExecution = .disabled) {
        self.access = access
        self.execution = execution
    }

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        FieldChecks(node, allowed: ["next"]).problems
    }

    public func writes(_ node: NodeDefinition) -> Set<String> { [MigrationState.outcomes] }

    public func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
        let settings = try MigrationState.settings(input)
        let runbooks = try MigrationState.read([WaveRunbook].self, MigrationState.runbooks, input, node: node.name)
        let cursor = input.state[MigrationState.cursor]?.intValue ?? 0
        guard cursor >= 1, cursor <= runbooks.count else {
            throw SwitchyardError(
                code: .invalidWorkflow, message: "node '\(node.name)' runs after migration.next_wave chose a wave")
        }
        let decision = input.state["approval"]?["decision"]?.stringValue
        guard decision == "approve" || decision == "edit" else {
            throw SwitchyardError(
                code: .invalidWorkflow,
                message: "node '\(node.name)' runs only after an approval node approved the wave (decision: "
                    + "\(decision ?? "none"))")
        }
        let runbook = runbooks[cursor - 1]
        guard runbook.blocking.isEmpty, !runbook.apply.steps.isEmpty else {
            return NodeOutput(writes: [
                (
                    MigrationState.outcomes,
                    [
                        "wave": .int(runbook.wave), "status": "blocked",
                        "reasons": .array(runbook.blocking.map(JSONValue.string)),
                    ]
                )
            ])
        }
        let store = try MigrationArtifacts.store(input, node: node.name)
        let existing = Set(
            try await store.artifacts(tenant: input.services.tenant, run: input.services.runID).map(\.name))
        if !existing.contains(MigrationArtifacts.rollbackName(runbook.wave)) {
            try await MigrationArtifacts.putRollback(runbook, method: settings.method, input)
        }
        let target = try execution.target(settings, access: access, tenant: input.services.tenant)
        var value = runbook.apply.json(title: "Migration wave \(runbook.wave) (\(settings.method.name))")
        let comment = input.state["approval"]?["comment"]?.stringValue ?? ""
        if case .object(var object) = value {
            object["wave"] = .int(runbook.wave)
            object["dry_run"] = .bool(target == nil)
            object["method"] = .string(settings.method.name)
            object["rollback"] = .string(MigrationArtifacts.rollbackName(runbook.wave))
            object["approval_comment"] = .string(comment)
            value = .object(object)
        }
        try await MigrationArtifacts.put(MigrationArtifacts.applyName(runbook.wave), value, input, node: node.name)
        var outcome: [String: JSONValue] = [
            "wave": .int(runbook.wave), "status": "applied", "dry_run": .bool(target == nil),
            "artifacts": [
                .string(MigrationArtifacts.rollbackName(runbook.wave)),
                .string(MigrationArtifacts.applyName(runbook.wave)),
            ],
            "comment": .string(comment),
        ]
        if decision == "edit" { outcome["edited_note"] = input.state["wave"] ?? .null }
        if let target {
            let report = try await execute(runbook, target: target, store: store, input)
            outcome["executed"] = true
            outcome["status"] = report.status == "succeeded" ? "applied" : "failed"
            outcome["artifacts"] = [
                .string(MigrationArtifacts.rollbackName(runbook.wave)),
                .string(MigrationArtifacts.applyName(runbook.wave)), .string(MigrationArtifacts.runName(runbook.wave)),
            ]
            if report.status != "succeeded" {
                outcome["error"] = report.error.map(JSONValue.string) ?? .null
                outcome["failed_step"] = report.failedStep.map { JSONValue.int($0) } ?? .null
                outcome["rolled_back"] = .bool(report.rollback != nil)
                outcome["reasons"] = [.string(report.error ?? report.status)]
            }
        }
        return NodeOutput(writes: [(MigrationState.outcomes, .object(outcome))])
    }

    /// Runs the wave against the cluster, with the rollback artifact's steps as its rollback, and saves the
    /// report as `migration/wave-NN/run`.
    func execute(
        _ runbook: WaveRunbook, target: ClusterTarget, store: any RunStore, _ input: NodeInput
    ) async throws -> ExecutionReport {
        let name = MigrationArtifacts.rollbackName(runbook.wave)
        let saved = try await store.artifacts(tenant: input.services.tenant, run: input.services.runID).first {
            $0.name == name
        }
        let rollback = (saved?.value["steps"]?.arrayValue ?? []).map {
            RolloutStep(
                $0["command"]?.stringValue ?? "", $0["purpose"]?.stringValue ?? "",
                side: $0["side"]?.stringValue ?? "cluster")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "switchyard-\(input.services.runID)-\(runbook.directory)-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        input.services.emit(
            "migration.execute", ["wave": .int(runbook.wave), "steps": .int(runbook.apply.steps.count)])
        let report = await RolloutExecutor(target: target, runner: execution.runner).run(
            wave: runbook.wave, apply: runbook.apply, rollback: rollback, directory: directory)
        try await MigrationArtifacts.put(
            MigrationArtifacts.runName(runbook.wave), report.json, input, node: "apply")
        input.services.emit(
            "migration.executed",
            [
                "wave": .int(runbook.wave), "status": .string(report.status),
                "failed_step": report.failedStep.map { JSONValue.int($0) } ?? .null,
            ])
        return report
    }
}
