import SwitchyardCore
import SwitchyardGraph

/// `map`: fans out over the list at `over`, running `to` once per item (the graph's `Send`; the item is
/// `{{item}}` in its templates), all in one step; their writes merge (declare the collecting key `append`).
public struct MapNodeKind: WorkflowNodeKind {
    public let name = "map"
    public init() {}

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        var checks = FieldChecks(node, allowed: ["over", "to", "next", "max_items"])
        checks.requireString("over", "the state key holding the list to map over")
        checks.requireString("to", "the node run for each item")
        checks.optionalInt("max_items", min: 1)
        return checks.problems
    }

    public func writes(_ node: NodeDefinition) -> Set<String> { [] }
    public func successors(_ node: NodeDefinition) -> [String] { [node.string("to"), node.next].compactMap { $0 } }
    public func templates(
        _ node: NodeDefinition, in workflow: WorkflowDefinition
    ) -> [(text: String, location: SourceLocation)] { [] }

    public func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
        let items = input.state[node.string("over") ?? ""]?.arrayValue ?? []
        let limit = node.int("max_items") ?? 64
        guard items.count <= limit else {
            throw SwitchyardError(
                code: .invalidInput,
                message: "map '\(node.name)': \(items.count) items exceed max_items \(limit); raise it or trim the list"
            )
        }
        guard !items.isEmpty else { return NodeOutput(goto: [.node(target(node.next ?? "end"))]) }
        let to = node.string("to") ?? ""
        return NodeOutput(goto: items.map { Target.send(to, json: $0) })
    }
}
