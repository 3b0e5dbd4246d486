import Foundation
import SwitchyardCore
import SwitchyardGraph

/// Prints a run's events: a line per event for people, a JSON object per line for scripts.
enum EventPrinter {
    static func handler<State: GraphState>(_: State.Type, json: Bool) -> GraphEventHandler<State> {
        { event in
            if json {
                Output.json(describe(event))
            } else if let line = human(event) {
                Output.line(line)
            }
        }
    }

    static func describe<State: GraphState>(_ event: GraphEvent<State>) -> JSONValue {
        switch event {
        case .runStarted(let thread, let checkpoint):
            return [
                "event": "run_started", "thread": .string(thread),
                "checkpoint": checkpoint.map(JSONValue.string) ?? .null,
            ]
        case .nodeStarted(let node, let task, let step, let attempt):
            return [
                "event": "node_started", "node": .string(node), "task": .string(task), "step": .int(step),
                "attempt": .int(attempt),
            ]
        case .nodeFinished(let node, let task, let step, let duration):
            return [
                "event": "node_finished", "node": .string(node), "task": .string(task), "step": .int(step),
                "ms": .double(milliseconds(duration)),
            ]
        case .retry(let node, let task, let attempt, let delay, let error):
            return [
                "event": "retry", "node": .string(node), "task": .string(task), "attempt": .int(attempt),
                "delay_ms": .double(milliseconds(delay)), "error": .string(error),
            ]
        case .stateUpdated(let step, let checkpoint, let tasks, _):
            return [
                "event": "checkpoint", "step": .int(step), "checkpoint": .string(checkpoint),
                "tasks": .array(tasks.map(JSONValue.string)),
            ]
        case .interrupted(let interrupts):
            return ["event": "interrupted", "interrupts": (try? JSONValue(encoding: interrupts)) ?? .null]
        case .error(let node, let error):
            return [
                "event": "error", "node": node.map(JSONValue.string) ?? .null, "code": .string(error.code.rawValue),
                "message": .string(error.description),
            ]
        case .runFinished(let status, let steps):
            return ["event": "run_finished", "status": .string(status.rawValue), "steps": .int(steps)]
        }
    }

    static func human<State: GraphState>(_ event: GraphEvent<State>) -> String? {
        switch event {
        case .runStarted(let thread, _): return "▶ thread \(thread)"
        case .nodeStarted: return nil
        case .nodeFinished(let node, let task, _, let duration):
            return
                "  ✓ \(node.padding(toLength: 10, withPad: " ", startingAt: 0)) \(task)  \(String(format: "%.1f", milliseconds(duration))) ms"
        case .retry(let node, _, let attempt, let delay, let error):
            return
                "  ↻ \(node) attempt \(attempt) failed (\(error)); retrying in \(String(format: "%.0f", milliseconds(delay))) ms"
        case .stateUpdated(let step, let checkpoint, _, _): return "  ⎘ step \(step) checkpoint \(checkpoint.prefix(8))"
        case .interrupted(let interrupts):
            return interrupts.map { "  ⏸ interrupt \($0.id) (\($0.node)): \($0.payload.jsonText)" }.joined(
                separator: "\n")
        case .error(let node, let error): return "  ✗ \(node ?? "run"): \(error.description)"
        case .runFinished(let status, let steps): return "■ \(status) after \(steps) step\(steps == 1 ? "" : "s")"
        }
    }

    /// The result object a run command prints last.
    static func summary<State: GraphState>(_ result: RunResult<State>) throws -> JSONValue {
        var object: [String: JSONValue] = [
            "thread": .string(result.thread),
            "status": .string(result.status.rawValue),
            "steps": .int(result.steps),
            "checkpoint": .string(result.checkpoint),
            "interrupts": try JSONValue(encoding: result.interrupts),
            "state": try JSONValue(encoding: result.state),
        ]
        if let error = result.error {
            object["error"] = ["code": .string(error.code.rawValue), "message": .string(error.description)]
        }
        return .object(object)
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}
