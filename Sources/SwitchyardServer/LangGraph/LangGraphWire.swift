import Foundation
import SwitchyardCore
import SwitchyardGraph
import SwitchyardRuntime

/// How Switchyard's records look in LangGraph's Agent Server protocol (the shapes `langgraph-sdk` parses):
/// a workflow is an assistant, a run keeps its id, statuses take LangGraph's names.
enum LangGraphWire {
    /// LangGraph's run status: `pending`, `running`, `interrupted` (waiting for a person, or stopped on request),
    /// `success`, `error`.
    static func status(_ status: RunStatus) -> String {
        switch status {
        case .queued: "pending"
        case .running: "running"
        case .succeeded: "success"
        case .failed: "error"
        default: "interrupted"
        }
    }

    /// A run as LangGraph's `Run`.
    static func run(_ run: RunRecord) -> JSONValue {
        [
            "run_id": .string(run.id), "thread_id": .string(run.thread), "assistant_id": .string(run.workflow),
            "created_at": .string(run.created.iso8601),
            "updated_at": .string((run.finished ?? run.started ?? run.created).iso8601),
            "status": .string(status(run.status)), "metadata": run.metadata,
            "multitask_strategy": .string(run.multitask.rawValue), "kwargs": ["input": run.input],
        ]
    }

    /// A workflow as LangGraph's `Assistant`: its name is both the assistant id and the graph id.
    static func assistant(_ workflow: WorkflowDefinition) -> JSONValue {
        let epoch = Date(timeIntervalSince1970: 0).iso8601
        return [
            "assistant_id": .string(workflow.name), "graph_id": .string(workflow.name), "name": .string(workflow.name),
            "description": workflow.description.isEmpty ? .null : .string(workflow.description),
            "config": [:], "context": [:], "metadata": ["created_by": "system"],
            "version": .int(Int(workflow.version) ?? 1), "created_at": .string(epoch), "updated_at": .string(epoch),
        ]
    }

    /// An interrupt as LangGraph's `Interrupt` `{value, id}`.
    static func interrupt(_ interrupt: PendingInterrupt) -> JSONValue {
        ["value": interrupt.payload, "id": .string(interrupt.id)]
    }

    /// An `interrupt` run event's payload (the executor adds `interrupt_id`) as LangGraph's `Interrupt`.
    static func interrupt(event data: JSONValue) -> JSONValue {
        guard case .object(var payload) = data else { return ["value": data, "id": ""] }
        let id = payload.removeValue(forKey: "interrupt_id") ?? ""
        return ["value": .object(payload), "id": id]
    }

    /// A checkpoint reference `{thread_id, checkpoint_ns, checkpoint_id}`.
    static func checkpoint(thread: String, id: String?) -> JSONValue {
        [
            "thread_id": .string(thread), "checkpoint_ns": "", "checkpoint_id": id.map(JSONValue.string) ?? .null,
            "checkpoint_map": .null,
        ]
    }

    /// `values` with `__interrupt__` added when there are interrupts, as LangGraph reports a stopped run.
    static func values(_ values: JSONValue, interrupts: [JSONValue]) -> JSONValue {
        guard !interrupts.isEmpty, case .object(var object) = values else { return values }
        object["__interrupt__"] = .array(interrupts)
        return .object(object)
    }

    /// The members of `new` that differ from `old` (a node's update, as far as the state shows it).
    static func changes(from old: JSONValue?, to new: JSONValue) -> JSONValue {
        guard case .object(let after) = new else { return new }
        let before = old?.objectValue ?? [:]
        return .object(after.filter { before[$0.key] != $0.value })
    }

    /// One server-sent event in LangGraph's framing: `event: MODE` and one `data:` line of JSON.
    static func sse(_ event: String, _ data: JSONValue) -> String {
        "event: \(event)\ndata: \(data.jsonText)\n\n"
    }
}
