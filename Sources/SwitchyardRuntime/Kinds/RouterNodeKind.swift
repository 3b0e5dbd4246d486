import Foundation
import SwitchyardCore
import SwitchyardGraph
import SwitchyardModelAPI

/// `router`: classifies into one of `labels` (a constrained choice on the local model), writes the label to
/// `output` and goes where `routes` sends that label (`default:` otherwise, then `next:`).
public struct RouterNodeKind: WorkflowNodeKind {
    public let name = "router"
    public init() {}

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        var checks = FieldChecks(
            node, allowed: ["prompt", "task", "labels", "output", "routes", "default", "next", "max_tokens", "model"])
        checks.prompt(in: workflow, required: true)
        checks.requireStrings("labels", "labels to choose from")
        checks.requireString("output", "the state key the label is written to")
        if case .object(let routes)? = node.fields["routes"] {
            let labels = Set(node.strings("labels") ?? [])
            for (label, value) in routes.sorted(by: { $0.key < $1.key }) {
                if !labels.contains(label) {
                    checks.problems.append(
                        WorkflowProblem(node.location(of: "routes"), "route '\(label)' is not one of the labels"))
                }
                if value.stringValue == nil {
                    checks.problems.append(
                        WorkflowProblem(node.location(of: "routes"), "route '\(label)' must name a node"))
                }
            }
        } else if node.fields["routes"] != nil {
            checks.problems.append(WorkflowProblem(node.location(of: "routes"), "'routes' maps labels to node names"))
        }
        if node.fields["routes"] == nil, node.next == nil, node.string("default") == nil {
            checks.problems.append(WorkflowProblem(node.location, "router '\(node.name)' needs 'routes' or 'next'"))
        }
        return checks.problems
    }

    public func writes(_ node: NodeDefinition) -> Set<String> { Set([node.string("output")].compactMap { $0 }) }

    public func successors(_ node: NodeDefinition) -> [String] {
        var targets: [String] = []
        if case .object(let routes)? = node.fields["routes"] { targets += routes.values.compactMap(\.stringValue) }
        targets += [node.string("default"), node.next].compactMap { $0 }
        return Array(Set(targets)).sorted()
    }

    public func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
        let labels = node.strings("labels") ?? []
        let schema: JSONValue = ["type": "string", "enum": .array(labels.map(JSONValue.string))]
        let response = try await ModelCall.ask(node, input, schema: schema, defaultTask: "classify")
        let label = Self.label(in: response.message.content, labels: labels)
        let route: String?
        if case .object(let routes)? = node.fields["routes"], let label, let to = routes[label]?.stringValue {
            route = to
        } else {
            route = node.string("default") ?? node.next
        }
        guard let label, let route else {
            throw SwitchyardError(
                code: .modelOutputInvalid,
                message:
                    "router '\(node.name)': the answer \(response.message.content.quotedExcerpt(limit: 120)) is none of "
                    + "\(labels) and there is no 'default' route")
        }
        return NodeOutput(
            writes: [(node.string("output") ?? node.name, .string(label))], goto: [.node(target(route))])
    }

    /// The label the answer names: the JSON string a constrained model returns, or else the first label the text
    /// mentions (a remote model may answer in prose).
    static func label(in text: String, labels: [String]) -> String? {
        if let value = try? JSONValue(parsing: text), let s = value.stringValue, labels.contains(s) { return s }
        let lower = text.lowercased()
        let hits = labels.compactMap { label in lower.range(of: label.lowercased()).map { (label, $0.lowerBound) } }
        return hits.min { $0.1 < $1.1 }?.0
    }
}
