import Foundation
import HTTPTypes
import SwitchyardCore
import SwitchyardGraph
import SwitchyardModelAPI
import SwitchyardRuntime
import Synchronization

/// LangGraph's threads over Switchyard's: a thread made with `POST /threads` is recorded in the tenant's journal
/// (`langgraph.thread:ID` → `{created_at, metadata}`; first write wins), so it exists before its first run and
/// survives restarts. A thread also exists when the tenant has a run on it or checkpoints for it. Its state and
/// history are read from the checkpointer through the workflow that owns it.
struct LangGraphThreads: Sendable {
    let api: RuntimeAPI

    static func journalKey(_ thread: String) -> String { "langgraph.thread:" + thread }

    /// How many of a thread's newest runs ``info(tenant:id:)`` reads.
    static let runsRead = 20

    /// A thread id a client may choose: 1 to 128 letters, digits and `-_.:`.
    static func isValidID(_ id: String) -> Bool {
        (1...128).contains(id.count)
            && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }
    }

    /// What is known of the tenant's thread, or `nil` when it has none by that id.
    struct Info: Sendable {
        var id: String
        var created: Date
        var updated: Date
        var metadata: JSONValue
        /// The thread's runs, newest first (at most ``LangGraphThreads/runsRead``).
        var runs: [RunRecord]
        var checkpoints: ThreadRecord?
    }

    /// - Parameter checkpoints: whether ``Info/checkpoints`` is wanted; without it the checkpointer is asked only
    ///   when neither the journal nor the runs know the thread (then it decides whether the thread exists).
    func info(tenant: TenantID, id: String, checkpoints: Bool = true) async throws -> Info? {
        guard Self.isValidID(id) else { return nil }
        let entry = try await api.store.journal(tenant: tenant, key: Self.journalKey(id))
        let runs = try await api.store.runs(tenant: tenant, filter: RunFilter(thread: id, limit: Self.runsRead))
        let record =
            checkpoints || (entry == nil && runs.isEmpty)
            ? try await api.runtime.checkpointer.thread(tenant: tenant, id: id) : nil
        if entry == nil && runs.isEmpty && record == nil { return nil }
        let created =
            entry?["created_at"]?.stringValue.flatMap { Date(iso8601: $0) }
            ?? record?.createdAt ?? runs.last?.created ?? Date()
        let updated =
            [record?.updatedAt, runs.first.map { $0.finished ?? $0.started ?? $0.created }, created]
            .compactMap { $0 }.max() ?? created
        var metadata = entry?["metadata"]?.objectValue ?? [:]
        if let workflow = runs.first?.workflow {
            metadata["graph_id"] = metadata["graph_id"] ?? .string(workflow)
            metadata["assistant_id"] = metadata["assistant_id"] ?? .string(workflow)
        }
        return Info(
            id: id, created: created, updated: updated, metadata: .object(metadata), runs: runs, checkpoints: record)
    }

    /// The thread, or 404 `thread_not_found` (also for another tenant's thread).
    func require(tenant: TenantID, id: String) async throws -> Info {
        guard let info = try await info(tenant: tenant, id: id) else { throw Self.notFound(id) }
        return info
    }

    static func notFound(_ id: String) -> APIError {
        APIError(
            .notFound, code: .threadNotFound,
            message: "there is no thread \(id.quotedExcerpt(limit: 60)) for this tenant; create it with POST /threads")
    }

    /// Records a new thread with `metadata`; returns what is known of it (no runs, no checkpoints yet).
    @discardableResult
    func create(tenant: TenantID, id: String, metadata: JSONValue) async throws -> Info {
        // Whole seconds, as the journal keeps them.
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        try await api.store.putJournal(
            tenant: tenant, key: Self.journalKey(id), value: ["created_at": .string(now.iso8601), "metadata": metadata])
        return Info(id: id, created: now, updated: now, metadata: metadata, runs: [], checkpoints: nil)
    }

    /// LangGraph's thread status: `busy` while a run is queued or running, `interrupted` when the newest run waits
    /// for a person, `error` when it failed, else `idle`.
    static func status(_ info: Info) -> String {
        if info.runs.contains(where: { $0.status == .queued || $0.status == .running }) { return "busy" }
        switch info.runs.first?.status {
        case .interrupted?: return "interrupted"
        case .failed?: return "error"
        default: return "idle"
        }
    }

    // MARK: State

    /// The compiled workflow that owns the thread's checkpoints, for reading them (its nodes are never run, so
    /// one compilation per workflow serves every tenant: reads name their tenant themselves).
    func graph(tenant: TenantID, record: ThreadRecord) throws -> CompiledGraph<WorkflowState> {
        let name = record.graph.hasPrefix("workflow:") ? String(record.graph.dropFirst(9)) : record.graph
        return try api.stateGraphs.graph(name) {
            let workflow = try api.runtime.catalog.workflow(name)
            let services = RunServices(tenant: tenant, runID: "", models: { _ in UnavailableModel() })
            return try WorkflowCompiler(kinds: api.runtime.catalog.kinds).compile(
                workflow, services: services, checkpointer: api.runtime.checkpointer)
        }
    }

    /// LangGraph's `ThreadState` at the head (or at `checkpoint`); an empty state for a thread without
    /// checkpoints.
    func state(tenant: TenantID, info: Info, checkpoint: String? = nil) async throws -> JSONValue {
        guard let record = info.checkpoints else {
            return [
                "values": [:], "next": [], "tasks": [], "interrupts": [], "metadata": [:], "created_at": .null,
                "checkpoint": LangGraphWire.checkpoint(thread: info.id, id: nil), "parent_checkpoint": .null,
            ]
        }
        let snapshot = try await graph(tenant: tenant, record: record)
            .state(tenant: tenant, thread: info.id, checkpoint: checkpoint)
        return Self.state(snapshot, thread: info.id)
    }

    static func state(_ snapshot: ThreadSnapshot<WorkflowState>, thread: String) -> JSONValue {
        let checkpoint = snapshot.checkpoint
        let tasks: [JSONValue] = checkpoint.next.map { task in
            [
                "id": .string(task.id), "name": .string(task.node), "error": .null,
                "interrupts": .array(
                    snapshot.interrupts.filter { $0.node == task.node }.map(LangGraphWire.interrupt(_:))),
                "checkpoint": .null, "state": .null, "result": .null,
            ]
        }
        return [
            "values": snapshot.state.json, "next": .array(checkpoint.next.map { .string($0.node) }),
            "tasks": .array(tasks), "interrupts": .array(snapshot.interrupts.map(LangGraphWire.interrupt(_:))),
            "checkpoint": LangGraphWire.checkpoint(thread: thread, id: checkpoint.id),
            "parent_checkpoint": checkpoint.parentID.map { LangGraphWire.checkpoint(thread: thread, id: $0) } ?? .null,
            "metadata": [
                "source": .string(checkpoint.metadata.source), "step": .int(checkpoint.step),
                "writes": .null, "nodes": .array(checkpoint.metadata.nodes.map(JSONValue.string)),
            ],
            "created_at": .string(checkpoint.metadata.createdAt.iso8601),
        ]
    }

    /// The thread's states, newest first: at most `limit`, older than checkpoint `before` when given.
    func history(tenant: TenantID, info: Info, limit: Int, before: String?) async throws -> [JSONValue] {
        guard let record = info.checkpoints else { return [] }
        let graph = try graph(tenant: tenant, record: record)
        var checkpoints = try await graph.history(tenant: tenant, thread: info.id, limit: 10_000)
        if let before {
            guard let index = checkpoints.firstIndex(where: { $0.id == before }) else {
                throw APIError(
                    .notFound, code: .checkpointNotFound,
                    message: "thread \(info.id.quotedExcerpt(limit: 60)) has no checkpoint "
                        + before.quotedExcerpt(limit: 60))
            }
            checkpoints = Array(checkpoints[(index + 1)...])
        }
        var states: [JSONValue] = []
        for checkpoint in checkpoints.prefix(limit) {
            let snapshot = try await graph.state(tenant: tenant, thread: info.id, checkpoint: checkpoint.id)
            states.append(Self.state(snapshot, thread: info.id))
        }
        return states
    }

    /// The state values at `checkpoint` (the head by default), or `nil` for a thread without checkpoints.
    func stateValues(tenant: TenantID, thread: String, checkpoint: String? = nil) async throws -> JSONValue? {
        guard let record = try await api.runtime.checkpointer.thread(tenant: tenant, id: thread) else { return nil }
        return try await graph(tenant: tenant, record: record)
            .state(tenant: tenant, thread: thread, checkpoint: checkpoint).state.json
    }

    /// The state values at the head, with `__interrupt__` when the thread waits for an answer; `{}` without
    /// checkpoints.
    func values(tenant: TenantID, thread: String) async throws -> JSONValue {
        guard let record = try await api.runtime.checkpointer.thread(tenant: tenant, id: thread) else { return [:] }
        let snapshot = try await graph(tenant: tenant, record: record).state(tenant: tenant, thread: thread)
        return LangGraphWire.values(
            snapshot.state.json, interrupts: snapshot.interrupts.map(LangGraphWire.interrupt(_:)))
    }
}

/// Stands in for a model where a workflow is compiled only to read its checkpoints.
struct UnavailableModel: ChatModel {
    func complete(_ request: ChatRequest) async throws -> ChatResponse {
        throw SwitchyardError(code: .serviceNotRunning, message: "no model is available when reading thread state")
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, any Error> {
        AsyncThrowingStream {
            $0.finish(
                throwing: SwitchyardError(
                    code: .serviceNotRunning, message: "no model is available when reading thread state"))
        }
    }
}

/// Workflows compiled for reading checkpoints, by name: the catalog does not change while the server runs, and
/// compiling a workflow for every state read cost more than the read.
final class StateGraphCache: Sendable {
    private let graphs = Mutex<[String: CompiledGraph<WorkflowState>]>([:])

    /// The graph compiled for `name`, compiled by `make` the first time.
    func graph(
        _ name: String, make: () throws -> CompiledGraph<WorkflowState>
    ) throws -> CompiledGraph<WorkflowState> {
        if let graph = graphs.withLock({ $0[name] }) { return graph }
        let graph = try make()
        graphs.withLock { $0[name] = graph }
        return graph
    }
}
