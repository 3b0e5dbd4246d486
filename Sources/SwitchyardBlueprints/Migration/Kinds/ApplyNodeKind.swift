import SwitchyardCore
import SwitchyardMigration
import SwitchyardRuntime

/// `migration.apply`: the approved wave's rollout as a dry run. Writes the run artifact
/// `migration/wave-NN/apply` (the resources as YAML, the order to apply them, the kubectl / virtctl / govc
/// commands and a shell script of them) after making sure the wave's rollback artifact is there. Nothing is run
/// against a cluster or vCenter. Records the wave in `outcomes` as `applied`.
public struct ApplyNodeKind: WorkflowNodeKind {
    public let name = "migration.apply"
    public init() {}

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        MigrationFieldChecks(node, allowed: ["next"]).problems
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
        var value = runbook.apply.json(title: "Migration wave \(runbook.wave) (\(settings.method.name))")
        let comment = input.state["approval"]?["comment"]?.stringValue ?? ""
        if case .object(var object) = value {
            object["wave"] = .int(runbook.wave)
            object["dry_run"] = true
            object["method"] = .string(settings.method.name)
            object["rollback"] = .string(MigrationArtifacts.rollbackName(runbook.wave))
            object["approval_comment"] = .string(comment)
            value = .object(object)
        }
        try await MigrationArtifacts.put(MigrationArtifacts.applyName(runbook.wave), value, input, node: node.name)
        var outcome: [String: JSONValue] = [
            "wave": .int(runbook.wave), "status": "applied", "dry_run": true,
            "artifacts": [
                .string(MigrationArtifacts.rollbackName(runbook.wave)),
                .string(MigrationArtifacts.applyName(runbook.wave)),
            ],
            "comment": .string(comment),
        ]
        if decision == "edit" { outcome["edited_note"] = input.state["wave"] ?? .null }
        return NodeOutput(writes: [(MigrationState.outcomes, .object(outcome))])
    }
}
