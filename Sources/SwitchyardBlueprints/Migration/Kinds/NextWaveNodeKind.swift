import SwitchyardCore
import SwitchyardGraph
import SwitchyardMigration
import SwitchyardRuntime

/// `migration.next_wave`: moves to the next wave a person can approve and puts its runbook in `wave` (what moves,
/// what it depends on, the checks, what blocks it, the rollout and rollback commands), then goes to `approve`.
/// Waves that cannot go are passed over and recorded in `outcomes` as `blocked` with the reason: a wave with
/// unresolved findings or a VM with a critical concern, or one that depends on a wave that was held or blocked
/// (its servers stay in vSphere). After a wave failed against the cluster no further wave is offered: the
/// migration stops there. When no wave is left it goes to `done`.
public struct NextWaveNodeKind: WorkflowNodeKind {
    public let name = "migration.next_wave"
    public init() {}

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        var checks = FieldChecks(node, allowed: ["approve", "done"])
        checks.requireString("approve", "the approval node that decides each wave")
        checks.requireString("done", "the node to go to when every wave is decided")
        return checks.problems
    }

    public func writes(_ node: NodeDefinition) -> Set<String> {
        ["wave", MigrationState.cursor, MigrationState.outcomes]
    }

    public func successors(_ node: NodeDefinition) -> [String] {
        [node.string("approve") ?? "end", node.string("done") ?? "end"]
    }

    public func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
        let runbooks = try MigrationState.read([WaveRunbook].self, MigrationState.runbooks, input, node: node.name)
        var cursor = input.state[MigrationState.cursor]?.intValue ?? 0
        var stopped: [Int: String] = [:]
        var failure: String?
        for outcome in input.state[MigrationState.outcomes]?.arrayValue ?? [] {
            if let wave = outcome["wave"]?.intValue, let status = outcome["status"]?.stringValue, status != "applied" {
                stopped[wave] = status
                if status == "failed" {
                    failure =
                        "wave \(wave) failed against the cluster, so the migration stops there: "
                        + (outcome["error"]?.stringValue ?? "see its run artifact")
                }
            }
        }
        var writes: [(key: String, value: JSONValue)] = []
        while cursor < runbooks.count {
            let runbook = runbooks[cursor]
            cursor += 1
            var reasons = runbook.blocking
            if let failure { reasons.insert(failure, at: 0) }
            for dependency in runbook.dependsOn {
                if let status = stopped[dependency.wave] {
                    reasons.append(
                        "it depends on wave \(dependency.wave), which was \(status) "
                            + "(\(dependency.links.prefix(3).joined(separator: ", ")))")
                }
            }
            if reasons.isEmpty {
                writes += [("wave", runbook.summary), (MigrationState.cursor, .int(cursor))]
                return NodeOutput(writes: writes, goto: [.node(migrationTarget(node.string("approve") ?? "end"))])
            }
            stopped[runbook.wave] = "blocked"
            writes.append(
                (
                    MigrationState.outcomes,
                    [
                        "wave": .int(runbook.wave), "status": "blocked",
                        "reasons": .array(reasons.map(JSONValue.string)),
                    ]
                ))
        }
        writes.append((MigrationState.cursor, .int(cursor)))
        return NodeOutput(writes: writes, goto: [.node(migrationTarget(node.string("done") ?? "end"))])
    }
}
