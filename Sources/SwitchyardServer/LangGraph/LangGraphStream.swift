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
/// - `messages`: each model answer as `messages/metadata`, then `messages/partial` with the text so far as it
///   streams, then `messages/complete`; `messages-tuple`: `messages` `[chunk, {langgraph_node, run_id}]`, one
///   chunk per streamed piece (or the whole answer when it did not stream).
/// - a failed run sends `error` `{error, message}`.
struct LangGraphStream: Sendable {
    let run: String
    let modes: Set<String>
    /// The state before the next step (for `updates` and the interrupt's `values`).
    var previous: JSONValue?
    /// Nodes that finished since the last checkpoint.
    var nodes: [String] = []
    /// Per node, the answer being streamed (`token` events): its message id and its text so far.
    var streaming: [String: (id: String, text: String)] = [:]

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
        case "token":
            let node = event.data["node"]?.stringValue ?? ""
            let delta = event.data["text"]?.stringValue ?? ""
            let metadata: JSONValue = ["langgraph_node": .string(node), "run_id": .string(run)]
            var message = streaming[node] ?? (id: "\(run)-\(event.seq)", text: "")
            if streaming[node] == nil, modes.contains("messages") {
                out.append(LangGraphWire.sse("messages/metadata", .object([message.id: ["metadata": metadata]])))
            }
            message.text += delta
            streaming[node] = message
            if modes.contains("messages") {
                out.append(
                    LangGraphWire.sse(
                        "messages/partial",
                        [["type": "ai", "content": .string(message.text), "id": .string(message.id), "name": .null]]))
            }
            if modes.contains("messages-tuple") {
                out.append(
                    LangGraphWire.sse(
                        "messages",
                        [["type": "AIMessageChunk", "content": .string(delta), "id": .string(message.id)], metadata]))
            }
        case "message":
            let node = event.data["node"]?.stringValue ?? ""
            let streamed = streaming.removeValue(forKey: node)
            let id = streamed?.id ?? "\(run)-\(event.seq)"
            let text = event.data["text"] ?? ""
            let metadata: JSONValue = ["langgraph_node": .string(node), "run_id": .string(run)]
            if modes.contains("messages") {
                if streamed == nil {
                    out.append(LangGraphWire.sse("messages/metadata", .object([id: ["metadata": metadata]])))
                }
                out.append(
                    LangGraphWire.sse(
                        "messages/complete", [["type": "ai", "content": text, "id": .string(id), "name": .null]]))
            }
            // A streamed answer's chunks already carried its text.
            if modes.contains("messages-tuple"), streamed == nil {
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
