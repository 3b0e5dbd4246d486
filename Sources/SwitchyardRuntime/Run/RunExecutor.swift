import Foundation
import Synchronization
import SwitchyardCore
import SwitchyardGraph
import SwitchyardKnowledge
import SwitchyardModelAPI
import Tracing

/// Runs one claimed run to its next stop (finished, interrupted, failed, cancelled) on its thread's checkpoints,
/// recording events, usage and artifacts.
public struct RunExecutor: Sendable {
    public var store: any RunStore
    public var checkpointer: any Checkpointer
    public var catalog: WorkflowCatalog
    public var compiler: WorkflowCompiler
    /// A chat model per call context (the gateway bound to the tenant and run, in a deployment).
    public var models: @Sendable (CallContext) -> any ChatModel
    public var knowledge: KnowledgeBase?

    /// An executor of the catalog's workflows.
    /// - Parameters:
    ///   - store: The run queue, events, usage and artifacts.
    ///   - checkpointer: Where the runs' threads keep their checkpoints.
    ///   - catalog: The workflows runs may name.
    ///   - compiler: compiles the catalog's workflows; by default with the kinds the catalog was loaded
    ///     with (the built-in ones plus its blueprints').
    ///   - models: A chat model per call context.
    ///   - knowledge: The knowledge base `retrieve` nodes search, if any.
    public init(
        store: any RunStore, checkpointer: any Checkpointer, catalog: WorkflowCatalog,
        compiler: WorkflowCompiler? = nil, models: @escaping @Sendable (CallContext) -> any ChatModel,
        knowledge: KnowledgeBase? = nil
    ) {
        self.store = store
        self.checkpointer = checkpointer
        self.catalog = catalog
        self.compiler = compiler ?? WorkflowCompiler(kinds: catalog.kinds)
        self.models = models
        self.knowledge = knowledge
    }

    /// Executes `run` and returns how it ended; the caller completes it in the store, which writes the run's last
    /// events and its artifacts (``RunCompletion/events``, ``RunCompletion/artifacts``) in the same transaction.
    /// - Parameter run: The claimed run.
    public func execute(_ run: RunRecord) async -> RunCompletion {
        // A run executes in attempts (before and after an approval, after a takeover): its metrics add up. Every
        // claim counts an attempt (``RunStore/claim(worker:limit:lease:now:)``), so the first has none to read.
        let earlier =
            run.attempts <= 1
            ? nil : try? await store.artifacts(tenant: run.tenant, run: run.id).first { $0.name == "metrics" }
        let buffer = RunEventBuffer(metrics: RunMetrics(earlier?.value))
        // The writer is not a child of this task: when the run is cancelled (a cancel, a takeover, a shutdown)
        // every event it emitted up to its last step is still written, and so are its metrics.
        let store = self.store
        let writer = Task { () -> (rest: [RunCompletion.Event], metrics: Artifact) in
            let (rest, metrics) = await buffer.drain { batch in
                _ = try? await store.appendEvents(tenant: run.tenant, run: run.id, events: batch, now: Date())
            }
            return (
                rest.map { RunCompletion.Event(kind: $0.kind, data: $0.data) },
                Artifact(run: run.id, name: "metrics", value: metrics.json)
            )
        }
        // A span per attempt of the run (a root: the run outlives the request that submitted it).
        var completion = await withSpan("run \(run.workflow)", context: ServiceContext.topLevel) { span in
            span.attributes["switchyard.tenant"] = run.tenant.rawValue
            span.attributes["switchyard.run"] = run.id
            span.attributes["switchyard.thread"] = run.thread
            span.attributes["switchyard.workflow"] = run.workflow
            span.attributes["switchyard.attempt"] = run.attempts
            let completion = await executeGraph(run, emit: { buffer.append($0, $1) })
            span.attributes["switchyard.status"] = completion.status.rawValue
            if let code = completion.errorCode {
                span.setStatus(SpanStatus(code: .error, message: code))
            }
            return completion
        }
        buffer.finish()
        let (rest, metrics) = await writer.value
        completion.events = rest
        completion.artifacts.append(metrics)
        return completion
    }

    func executeGraph(_ run: RunRecord, emit: @escaping @Sendable (String, JSONValue) -> Void) async -> RunCompletion {
        do {
            let workflow = try catalog.workflow(run.workflow)
            let tenant = try await store.tenant(run.tenant)
            var services = RunServices(
                tenant: run.tenant, tier: tenant?.tier ?? 1, runID: run.id, models: models, knowledge: knowledge,
                store: store, emit: emit)
            if let limit = tenant?.budgetUSD {
                services.budget = RunServices.Budget(usd: limit, period: tenant?.budgetPeriodSeconds ?? 30 * 86400)
            }
            let graph = try compiler.compile(workflow, services: services, checkpointer: checkpointer)
            // The queue runs one run per thread at a time, so the input's checkpoint may be written beside the
            // first step (see `RunOptions.overlapsInputCommit`).
            let options = RunOptions(
                recursionLimit: workflow.maxSteps, durability: workflow.durability, overlapsInputCommit: true)
            let lastError = LastError()
            let onEvent: GraphEventHandler<WorkflowState> = { event in
                if case .error(_, let error) = event { lastError.value.withLock { $0 = error } }
                if let (kind, data) = Self.describe(event) { emit(kind, data) }
            }
            emit(
                "run.started",
                ["run_id": .string(run.id), "thread_id": .string(run.thread), "attempt": .int(run.attempts)])
            let result = try await advance(run, graph: graph, workflow: workflow, options: options, onEvent: onEvent)
            guard let result else {
                // Taken over after the graph had already finished this run: report what it reached.
                let snapshot = try await graph.state(tenant: run.tenant, thread: run.thread)
                let artifacts = Self.artifacts(run, snapshot.state)
                if snapshot.thread.status == .interrupted {
                    var completion = interrupted(run, interrupts: snapshot.interrupts, emit: emit)
                    completion.artifacts = artifacts
                    return completion
                }
                emit("run.succeeded", ["run_id": .string(run.id)])
                return RunCompletion(
                    tenant: run.tenant, run: run.id, status: .succeeded, output: snapshot.state.json,
                    artifacts: artifacts)
            }
            let artifacts = Self.artifacts(run, result.state)
            switch result.status {
            case .interrupted:
                var completion = interrupted(run, interrupts: result.interrupts, emit: emit)
                completion.artifacts = artifacts
                return completion
            case .completed:
                emit("run.succeeded", ["run_id": .string(run.id)])
                return RunCompletion(
                    tenant: run.tenant, run: run.id, status: .succeeded, output: result.state.json,
                    artifacts: artifacts)
            default:
                let error = lastError.value.withLock { $0 }.map(Self.rootCause)
                emit(
                    "run.failed",
                    [
                        "run_id": .string(run.id), "code": .string(error?.code.rawValue ?? "node_failed"),
                        "message": .string(error?.description ?? "the thread ended \(result.status)"),
                    ])
                return RunCompletion(
                    tenant: run.tenant, run: run.id, status: .failed, errorCode: error?.code.rawValue ?? "node_failed",
                    errorMessage: error?.description ?? "the thread ended \(result.status)", artifacts: artifacts)
            }
        } catch is CancellationError {
            // Cancelled or handed back to the queue: the worker pool records which (`run.cancelled`/`run.released`).
            return RunCompletion(tenant: run.tenant, run: run.id, status: .cancelled)
        } catch {
            let (code, message) = Self.describe(error)
            emit("run.failed", ["run_id": .string(run.id), "code": .string(code), "message": .string(message)])
            return RunCompletion(
                tenant: run.tenant, run: run.id, status: .failed, errorCode: code, errorMessage: message)
        }
    }

    /// Moves the run's thread forward from wherever it stands, or returns `nil` when there is nothing to do
    /// (a worker that died after the graph finished or stopped for approval, before the queue was told).
    ///
    /// - a resume value and a thread waiting for it: answer the interrupt;
    /// - the thread mid-run for this run (a worker died): continue from the last checkpoint, finished steps are
    ///   not run again and recorded model answers are replayed from the journal;
    /// - the thread mid-run for another run (stopped by this run's `interrupt` multitask strategy): keep its
    ///   progress, drop its pending steps, start this run's input on it;
    /// - no thread, or a finished one: start this run's input.
    private func advance(
        _ run: RunRecord, graph: CompiledGraph<WorkflowState>, workflow: WorkflowDefinition, options: RunOptions,
        onEvent: @escaping GraphEventHandler<WorkflowState>
    ) async throws -> RunResult<WorkflowState>? {
        let (tenant, thread) = (run.tenant, run.thread)
        var input = WorkflowCompiler.inputUpdate(run.input, appendKeys: workflow.appendKeys)
        input = input.write(\.values, [WorkflowCompiler.runKey: .string(run.id)])
        guard let record = try await checkpointer.thread(tenant: tenant, id: thread) else {
            return try await graph.invoke(
                tenant: tenant, thread: thread, input: input, options: options, onEvent: onEvent)
        }
        let snapshot = try await graph.state(tenant: tenant, thread: thread)
        let ownRun = snapshot.state.values[WorkflowCompiler.runKey]?.stringValue == run.id
        if run.multitask == .rollback, !ownRun, try await rollBack(run, graph: graph) {
            return try await graph.invoke(
                tenant: tenant, thread: thread, input: input, options: options, onEvent: onEvent)
        }
        switch record.status {
        case .interrupted:
            guard let resume = run.resume, ownRun else { return ownRun ? nil : try await restart() }
            return try await graph.resume(
                tenant: tenant, thread: thread, value: resume, options: options, onEvent: onEvent)
        case .completed:
            if ownRun { return nil }
            return try await graph.invoke(
                tenant: tenant, thread: thread, input: input, options: options, onEvent: onEvent)
        default:
            if ownRun {
                return try await graph.resume(tenant: tenant, thread: thread, options: options, onEvent: onEvent)
            }
            return try await restart()
        }

        func restart() async throws -> RunResult<WorkflowState> {
            try await graph.abandonPending(tenant: tenant, thread: thread)
            return try await graph.invoke(
                tenant: tenant, thread: thread, input: input, options: options, onEvent: onEvent)
        }
    }

    /// A `rollback` run's first step: the runs it cancelled have stopped (the queue starts no run while another
    /// on its thread runs), so the thread goes back to where it was before them — its newest checkpoint written by
    /// none of them — or, when they made all of it, the thread is dropped. Returns whether it rolled anything back.
    private func rollBack(_ run: RunRecord, graph: CompiledGraph<WorkflowState>) async throws -> Bool {
        let (tenant, thread) = (run.tenant, run.thread)
        // The runs this submit displaced: cancelled on this thread at or after it was made.
        let cancelled = try await store.runs(tenant: tenant, filter: RunFilter(thread: thread, limit: 500)).filter {
            $0.id != run.id && $0.status == .cancelled && ($0.finished ?? .distantPast) >= run.created
        }
        let displaced = Set(cancelled.map(\.id))
        func owner(_ checkpoint: String?) async throws -> String? {
            try await graph.state(tenant: tenant, thread: thread, checkpoint: checkpoint)
                .state.values[WorkflowCompiler.runKey]?.stringValue
        }
        guard let head = try await owner(nil), displaced.contains(head) else { return false }
        for checkpoint in try await graph.history(tenant: tenant, thread: thread, limit: 100_000) {
            if try await owner(checkpoint.id).map({ !displaced.contains($0) }) ?? true {
                try await graph.rewind(tenant: tenant, thread: thread, to: checkpoint.id)
                return true
            }
        }
        _ = try await checkpointer.deleteThread(tenant: tenant, thread: thread)
        return true
    }

    private func interrupted(
        _ run: RunRecord, interrupts: [PendingInterrupt], emit: @Sendable (String, JSONValue) -> Void
    ) -> RunCompletion {
        var payload = interrupts.first?.payload ?? .object([:])
        if case .object(var object) = payload {
            object["interrupt_id"] = .string(interrupts.first?.id ?? "")
            payload = .object(object)
        }
        emit("interrupt", payload)
        return RunCompletion(tenant: run.tenant, run: run.id, status: .interrupted, interrupt: payload)
    }

    /// Every state key a person may want (the deliverable, the classification, the sources, the reviews) as a
    /// named artifact.
    static func artifacts(_ run: RunRecord, _ state: WorkflowState) -> [Artifact] {
        guard case .object(let object) = state.json else { return [] }
        return object.filter { $0.key != "input" }.sorted { $0.key < $1.key }.map {
            Artifact(run: run.id, name: $0.key, value: $0.value)
        }
    }

    /// Kinds written as soon as they happen: a run or node starting, an interrupt, an error, a retry, the end.
    static func writesAtOnce(_ kind: String) -> Bool {
        kind.hasPrefix("run.") || ["node.start", "node.retry", "node.error", "interrupt"].contains(kind)
    }

    /// Kinds that end an attempt: written with the completion, in its transaction.
    static func endsRun(_ kind: String) -> Bool {
        ["run.succeeded", "run.failed", "interrupt"].contains(kind)
    }

    /// What a run failed of: for a node that failed on a Switchyard error (a budget, a bad model answer), that
    /// error's code with the node named, not the generic `node_failed`.
    static func rootCause(_ error: SwitchyardError) -> SwitchyardError {
        guard error.code == .nodeFailed, let cause = error.cause as? SwitchyardError else { return error }
        return SwitchyardError(code: cause.code, message: error.message, details: cause.details)
    }

    static func describe(_ error: any Error) -> (code: String, message: String) {
        if let error = error as? SwitchyardError { return (error.code.rawValue, error.description) }
        return ("internal_error", "\(error)")
    }

    static func describe(_ event: GraphEvent<WorkflowState>) -> (String, JSONValue)? {
        switch event {
        case .nodeStarted(let node, let task, let step, let attempt):
            return (
                "node.start",
                ["node": .string(node), "task": .string(task), "step": .int(step), "attempt": .int(attempt)]
            )
        case .nodeFinished(let node, let task, let step, let duration):
            return (
                "node.end",
                [
                    "node": .string(node), "task": .string(task), "step": .int(step),
                    "seconds": .double(duration.inSeconds),
                ]
            )
        case .retry(let node, let task, let attempt, _, let error):
            return (
                "node.retry",
                ["node": .string(node), "task": .string(task), "attempt": .int(attempt), "error": .string(error)]
            )
        case .error(let node, let error):
            return (
                "node.error",
                [
                    "node": node.map(JSONValue.string) ?? .null, "code": .string(error.code.rawValue),
                    "message": .string(error.message),
                ]
            )
        case .stateUpdated(let step, let checkpoint, _, _):
            return ("checkpoint", ["step": .int(step), "checkpoint": .string(checkpoint)])
        default:
            return nil
        }
    }
}

/// The last node error a run reported.
final class LastError: Sendable {
    let value = Mutex<SwitchyardError?>(nil)
}

/// Latency, tokens, cost and cache status per node, gathered from a run's events.
struct RunMetrics: Sendable {
    struct Node: Sendable {
        var runs = 0
        var seconds = 0.0
        var calls = 0
        var promptTokens = 0
        var completionTokens = 0
        var costUSD = 0.0
        var cache: [String] = []
        var models: Set<String> = []
    }
    var nodes: [String: Node] = [:]
    var order: [String] = []

    init(_ earlier: JSONValue? = nil) {
        for row in earlier?.arrayValue ?? [] {
            guard let name = row["node"]?.stringValue else { continue }
            var node = Node()
            node.runs = row["runs"]?.intValue ?? 0
            node.seconds = row["seconds"]?.numberValue ?? 0
            node.calls = row["model_calls"]?.intValue ?? 0
            node.promptTokens = row["prompt_tokens"]?.intValue ?? 0
            node.completionTokens = row["completion_tokens"]?.intValue ?? 0
            node.costUSD = row["cost_usd"]?.numberValue ?? 0
            if let cache = row["cache"]?.stringValue, cache != "-" {
                node.cache = cache.split(separator: ",").map(String.init)
            }
            node.models = Set(row["models"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            nodes[name] = node
            order.append(name)
        }
    }

    mutating func record(_ kind: String, _ data: JSONValue) {
        guard let name = data["node"]?.stringValue else { return }
        if nodes[name] == nil { order.append(name) }
        var node = nodes[name] ?? Node()
        switch kind {
        case "node.end":
            node.runs += 1
            node.seconds += data["seconds"]?.numberValue ?? 0
        case "usage":
            node.calls += 1
            node.promptTokens += data["prompt_tokens"]?.intValue ?? 0
            node.completionTokens += data["completion_tokens"]?.intValue ?? 0
            node.costUSD += data["cost_usd"]?.numberValue ?? 0
            if let cache = data["cache"]?.stringValue { node.cache.append(cache) }
            if let model = data["model"]?.stringValue { node.models.insert(model) }
        default: break
        }
        nodes[name] = node
    }

    var json: JSONValue {
        .array(
            order.compactMap { name in
                guard let node = nodes[name] else { return nil }
                return [
                    "node": .string(name), "runs": .int(node.runs), "seconds": .double(node.seconds),
                    "model_calls": .int(node.calls), "prompt_tokens": .int(node.promptTokens),
                    "completion_tokens": .int(node.completionTokens), "cost_usd": .double(node.costUSD),
                    "cache": .string(node.cache.isEmpty ? "-" : node.cache.joined(separator: ",")),
                    "models": .array(node.models.sorted().map(JSONValue.string)),
                ]
            })
    }
}
