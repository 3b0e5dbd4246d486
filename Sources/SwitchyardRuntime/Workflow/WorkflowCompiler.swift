import Foundation
import SwitchyardCore
import SwitchyardGraph
import Tracing

/// Turns a checked workflow into a runnable graph bound to one run's services.
///
/// Each node becomes a graph node that runs its kind and records where the run goes next; a conditional edge
/// reads that choice, so routing is part of the checkpointed state and a resumed run goes where the original
/// would have.
public struct WorkflowCompiler: Sendable {
    public var kinds: NodeKindRegistry

    /// A compiler for workflows of `kinds`.
    /// - Parameter kinds: The node kinds it knows.
    public init(kinds: NodeKindRegistry = .builtin) { self.kinds = kinds }

    /// The graph for `workflow`, its nodes calling `services`.
    /// - Parameters:
    ///   - workflow: The loaded workflow.
    ///   - services: What its nodes may use.
    ///   - checkpointer: Where the graph keeps its checkpoints.
    /// - Throws: `invalid_workflow` for a kind that is not registered; what `StateGraph.compile` throws.
    public func compile(
        _ workflow: WorkflowDefinition, services: RunServices, checkpointer: any Checkpointer
    ) throws -> CompiledGraph<WorkflowState> {
        var graph = StateGraph(WorkflowState.self)
        for node in workflow.nodes {
            guard let kind = kinds.kind(node.kind) else {
                throw SwitchyardError(
                    code: .invalidWorkflow, message: "node '\(node.name)': unknown kind '\(node.kind)'")
            }
            let appendKeys = workflow.appendKeys
            let routeKey = Self.routeKey(node.name)
            let defaultNext = kind.successors(node).first.map(target) ?? END
            graph.addNode(node.name) { state, context in
                let item = try? context.argument(JSONValue.self)
                let input = NodeInput(
                    state: state, context: context, services: services, workflow: workflow, item: item)
                // A span per node (its model calls are its children); a no-op unless tracing is bootstrapped.
                let output = try await withSpan("node \(node.name)") { span in
                    span.attributes["switchyard.node"] = node.name
                    span.attributes["switchyard.node.kind"] = node.kind
                    span.attributes["switchyard.tenant"] = services.tenant.rawValue
                    span.attributes["switchyard.run"] = services.runID
                    span.attributes["switchyard.step"] = context.step
                    return try await kind.run(node, input)
                }
                var writes = StateWrites(appendKeys: appendKeys)
                for (key, value) in output.writes { writes.set(key, value) }
                let targets = output.goto ?? [.node(node.next.map(target) ?? defaultNext)]
                writes.values[routeKey] = .array(targets.map(Self.encode))
                return writes.update
            }
            let declared = Set(kind.successors(node).map(target) + [END])
            graph.addConditionalEdges(from: node.name, targets: declared.sorted()) { state in
                guard case .array(let items)? = state.values[routeKey] else { return [.end] }
                return items.map(Self.decode)
            }
        }
        graph.setEntry(workflow.entry)
        return try graph.compile(checkpointer: checkpointer, name: "workflow:\(workflow.name)")
    }

    /// The initial writes for a run's input: the whole input under `input`, and each top-level property as a
    /// state key of its own.
    /// - Parameters:
    ///   - input: The run's input.
    ///   - appendKeys: The workflow's list keys.
    public static func inputUpdate(_ input: JSONValue, appendKeys: Set<String>) -> Update<WorkflowState> {
        var writes = StateWrites(appendKeys: appendKeys)
        writes.values["input"] = input
        if case .object(let object) = input {
            for (key, value) in object { writes.set(key, value) }
        }
        return writes.update
    }

    /// The state key holding the id of the run that last gave the thread input.
    public static let runKey = "__run__"

    static func routeKey(_ node: String) -> String { "__route__.\(node)" }

    static func encode(_ target: Target) -> JSONValue {
        var object: [String: JSONValue] = ["node": .string(target.node)]
        if let argument = target.argument { object["item"] = argument }
        return .object(object)
    }

    static func decode(_ value: JSONValue) -> Target {
        let node = value["node"]?.stringValue ?? END
        if let item = value["item"] { return .send(node, json: item) }
        return .node(node)
    }
}
