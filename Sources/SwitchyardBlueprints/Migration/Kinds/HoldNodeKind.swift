import SwitchyardCore
import SwitchyardRuntime

/// `migration.hold`: a rejected wave stays in vSphere. Records it in `outcomes` as `held` with the approver's
/// comment; later waves that depend on it are blocked by `migration.next_wave`.
public struct HoldNodeKind: WorkflowNodeKind {
    public let name = "migration.hold"
    public init() {}

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        FieldChecks(node, allowed: ["next"]).problems
    }

    public func writes(_ node: NodeDefinition) -> Set<String> { [MigrationState.outcomes] }

    public func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
        let wave = input.state["wave"]?["wave"]?.intValue ?? input.state[MigrationState.cursor]?.intValue ?? 0
        let comment = input.state["feedback"]?.stringValue ?? ""
        return NodeOutput(writes: [
            (MigrationState.outcomes, ["wave": .int(wave), "status": "held", "comment": .string(comment)])
        ])
    }
}
