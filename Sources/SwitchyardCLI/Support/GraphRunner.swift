import Foundation
import SwitchyardCore
import SwitchyardGraph

/// A compiled graph seen through JSON, so thread commands work for any registered graph.
protocol GraphRunner: Sendable {
    func resume(
        tenant: TenantID, thread: String, value: JSONValue?, answers: [String: JSONValue]?, json: Bool
    ) async throws -> JSONValue
    func show(tenant: TenantID, thread: String, checkpoint: String?) async throws -> JSONValue
    func fork(
        tenant: TenantID, thread: String, checkpoint: String?, into: String, patch: JSONValue?
    ) async throws -> JSONValue
}

struct TypedRunner<State: GraphState>: GraphRunner {
    let graph: CompiledGraph<State>

    func resume(
        tenant: TenantID, thread: String, value: JSONValue?, answers: [String: JSONValue]?, json: Bool
    ) async throws -> JSONValue {
        let handler = EventPrinter.handler(State.self, json: json)
        let result =
            if let answers {
                try await graph.resume(tenant: tenant, thread: thread, answers: answers, onEvent: handler)
            } else {
                try await graph.resume(tenant: tenant, thread: thread, value: value, onEvent: handler)
            }
        return try EventPrinter.summary(result)
    }

    func show(tenant: TenantID, thread: String, checkpoint: String?) async throws -> JSONValue {
        let snapshot = try await graph.state(tenant: tenant, thread: thread, checkpoint: checkpoint)
        return try Self.describe(snapshot)
    }

    func fork(
        tenant: TenantID, thread: String, checkpoint: String?, into: String, patch: JSONValue?
    ) async throws -> JSONValue {
        let snapshot =
            if let patch {
                try await graph.fork(tenant: tenant, thread: thread, checkpoint: checkpoint, into: into, merging: patch)
            } else {
                try await graph.fork(tenant: tenant, thread: thread, checkpoint: checkpoint, into: into)
            }
        return try Self.describe(snapshot)
    }

    static func describe(_ snapshot: ThreadSnapshot<State>) throws -> JSONValue {
        var object: [String: JSONValue] = [
            "thread": .string(snapshot.thread.id),
            "graph": .string(snapshot.thread.graph),
            "status": .string(snapshot.thread.status.rawValue),
            "checkpoint": .string(snapshot.checkpoint.id),
            "step": .int(snapshot.checkpoint.step),
            "next": .array(snapshot.checkpoint.next.map { .string($0.id) }),
            "interrupts": try JSONValue(encoding: snapshot.interrupts),
            "state": try JSONValue(encoding: snapshot.state),
        ]
        if let origin = snapshot.checkpoint.metadata.forkedFrom {
            object["forked_from"] = ["thread": .string(origin.thread), "checkpoint": .string(origin.checkpoint)]
        }
        if let error = snapshot.thread.error { object["error"] = .string(error) }
        return .object(object)
    }
}

/// The graphs the CLI can run and resume, by the name recorded on each thread.
enum GraphCatalog {
    static func runner(named name: String, checkpointer: any Checkpointer) throws -> any GraphRunner {
        switch name {
        case DemoGraph.name: return TypedRunner(graph: try DemoGraph.make(checkpointer: checkpointer))
        default:
            throw SwitchyardError(
                code: .unknownGraph, message: "no graph named '\(name)' is registered in this switchyard binary")
        }
    }
}
