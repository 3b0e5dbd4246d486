import Foundation
import SwitchyardCore
import SwitchyardGraph

/// `transform`: a pure step without a model call. `set:` maps state keys to values; strings in them are
/// templates over the state (`"{{draft}}"`), everything else is written as is. `sleep_ms:` waits first (for
/// demos and fault tests of slow steps).
public struct TransformNodeKind: WorkflowNodeKind {
    public let name = "transform"
    public init() {}

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        var checks = FieldChecks(node, allowed: ["set", "next", "sleep_ms"])
        checks.optionalInt("sleep_ms", min: 0)
        if case .object? = node.fields["set"] {
        } else {
            checks.problems.append(
                WorkflowProblem(
                    node.location(of: "set"), "transform '\(node.name)' needs 'set': a mapping of key → value"))
        }
        return checks.problems
    }

    public func writes(_ node: NodeDefinition) -> Set<String> {
        guard case .object(let set)? = node.fields["set"] else { return [] }
        return Set(set.keys)
    }

    public func templates(
        _ node: NodeDefinition, in workflow: WorkflowDefinition
    ) -> [(text: String, location: SourceLocation)] {
        guard case .object(let set)? = node.fields["set"] else { return [] }
        return set.values.flatMap(Self.strings).map { ($0, node.location(of: "set")) }
    }

    public func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
        if let ms = node.int("sleep_ms"), ms > 0 { try await Task.sleep(for: .milliseconds(ms)) }
        guard case .object(let set)? = node.fields["set"] else { return NodeOutput() }
        let variables = input.variables
        var writes: [(String, JSONValue)] = []
        for key in set.keys.sorted() {
            writes.append((key, try Self.render(set[key] ?? .null, variables)))
        }
        return NodeOutput(writes: writes)
    }

    static func strings(_ value: JSONValue) -> [String] {
        switch value {
        case .string(let s): return [s]
        case .array(let items): return items.flatMap(strings)
        case .object(let object): return object.values.flatMap(strings)
        default: return []
        }
    }

    /// Renders the strings in `value`; a string that is exactly one `{{key}}` takes the key's JSON value as is.
    static func render(_ value: JSONValue, _ variables: JSONValue) throws -> JSONValue {
        switch value {
        case .string(let s):
            let trimmed = s.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("{{"), trimmed.hasSuffix("}}"), !trimmed.dropFirst(2).contains("{{") {
                let name = trimmed.dropFirst(2).dropLast(2).trimmingCharacters(in: .whitespaces)
                if !name.contains(where: { "#^/&{!".contains($0) }) {
                    var current: JSONValue? = variables
                    for part in name.split(separator: ".") { current = current?[String(part)] }
                    if let current { return current }
                }
            }
            return .string(try TemplateRenderer.render(s, variables))
        case .array(let items): return .array(try items.map { try render($0, variables) })
        case .object(let object): return .object(try object.mapValues { try render($0, variables) })
        default: return value
        }
    }
}
