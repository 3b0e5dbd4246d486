import Foundation
import SwitchyardCore
import SwitchyardRuntime

/// Turns a run's events into LangGraph's stream events for the requested modes, without I/O: the caller reads
/// the events and, for each `checkpoint` event, the state values at that checkpoint.
///
/// - `values`: the state after each step (the input's checkpoint first); when the run stops for a person, the
///   last state again with `__interrupt__: [{value, id}]`.
/// - `updates`: `{node: what the step changed}` per step (a step that ran several nodes gives each node the
///   step's whole change); `{"__interrupt__": [...]}` when the run stops for a person.
/// - `messages`: each model answer whole, as `messages/metadata` then `messages/complete`;
///   `messages-tuple`: `messages` `[message, {langgraph_node, run_id}]`.
/// - a failed run sends `error` `{error, message}`.
struct LangGraphStream: Sendable {
    let run: String
    let modes: Set<String>
    /// The state before the next step (for `updates` and the interrupt's `values`).
    var previous: JSONValue?
    /// Nodes that finished since the last checkpoint.
    var nodes: [String] = []

    init(run: String, modes: [String], initial: JSONValue?) {
        self.run = run
        self.modes = Set(modes)
        self.previous = initial
    }

    /// Whether `translate` needs the state values at `event`'s checkpoint.
    func needsValues(_ event: RunEvent) -> Bool {
        event.kind == "checkpoint" && (modes.contains("values") || modes.contains("updates"))
    }

    /// The SSE events (already framed) for one run event; `values` is the state at a `checkpoint` event.
    mutating func translate(_ event: RunEvent, values: JSONValue? = nil) -> [String] {
        var out: [String] = []
        switch event.kind {
        case "node.end":
            if let node = event.data["node"]?.stringValue { nodes.append(node) }
        case "checkpoint":
            guard let values else { return [] }
            if modes.contains("values") { out.append(LangGraphWire.sse("values", values)) }
            if modes.contains("updates"), !nodes.isEmpty {
                let change = LangGraphWire.changes(from: previous, to: values)
                var update: [String: JSONValue] = [:]
                for node in nodes { update[node] = change }
                out.append(LangGraphWire.sse("updates", .object(update)))
            }
            previous = values
            nodes = []
        case "message":
            let node = event.data["node"]?.stringValue ?? ""
            let id = "\(run)-\(event.seq)"
            let text = event.data["text"] ?? ""
            let metadata: JSONValue = ["langgraph_node": .string(node), "run_id": .string(run)]
            if modes.contains("messages") {
                out.append(LangGraphWire.sse("messages/metadata", .object([id: ["metadata": metadata]])))
                out.append(
                    LangGraphWire.sse(
                        "messages/complete", [["type": "ai", "content": text, "id": .string(id), "name": .null]]))
            }
            if modes.contains("messages-tuple") {
                out.append(
                    LangGraphWire.sse(
                        "messages", [["type": "AIMessageChunk", "content": text, "id": .string(id)], metadata]))
            }
        case "interrupt":
            let interrupts = [LangGraphWire.interrupt(event: event.data)]
            if modes.contains("updates") {
                out.append(LangGraphWire.sse("updates", ["__interrupt__": .array(interrupts)]))
            }
            if modes.contains("values") {
                out.append(
                    LangGraphWire.sse("values", LangGraphWire.values(previous ?? [:], interrupts: interrupts)))
            }
        case "run.failed":
            out.append(
                LangGraphWire.sse(
                    "error", ["error": event.data["code"] ?? "node_failed", "message": event.data["message"] ?? ""]))
        default:
            break
        }
        return out
    }
}
