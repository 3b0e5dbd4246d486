import SwitchyardCore
import SwitchyardRuntime

/// `migration.report`: what became of every wave (applied, as a dry run or against the cluster; failed; held by
/// a person; blocked) and the artifacts to read, in `migration_report`.
public struct ReportNodeKind: WorkflowNodeKind {
    public let name = "migration.report"
    public init() {}

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        FieldChecks(node, allowed: ["next"]).problems
    }

    public func writes(_ node: NodeDefinition) -> Set<String> { ["migration_report"] }

    public func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
        let outcomes = (input.state[MigrationState.outcomes]?.arrayValue ?? []).sorted {
            ($0["wave"]?.intValue ?? 0) < ($1["wave"]?.intValue ?? 0)
        }
        func waves(_ status: String) -> JSONValue {
            .array(outcomes.filter { $0["status"]?.stringValue == status }.compactMap { $0["wave"] })
        }
        let artifacts = outcomes.flatMap { $0["artifacts"]?.arrayValue ?? [] }
        let executed = outcomes.contains { $0["executed"] == true }
        let report: JSONValue = [
            "dry_run": .bool(!executed), "applied": waves("applied"), "failed": waves("failed"),
            "held": waves("held"), "blocked": waves("blocked"), "waves": .array(outcomes),
            "artifacts": .array(artifacts),
            "note": .string(
                executed
                    ? "the applied waves ran against the cluster (each command and its outcome in its run "
                        + "artifact); a failed wave's rollback ran after its first failing step"
                    : "nothing was run against a cluster or vCenter: run each wave's apply script, and its "
                        + "rollback script to undo it"),
        ]
        return NodeOutput(writes: [("migration_report", report)])
    }
}
