import Foundation
import SwitchyardCore

extension CompiledGraph {
    enum Answers: Sendable {
        case none
        case single(JSONValue)
        case byID([String: JSONValue])
    }

    enum Start: Sendable {
        case input(Update<State>)
        case resume(Answers)
    }

    /// The loaded head of a thread and what the snapshot policy needs to know.
    struct Head: Sendable {
        var thread: ThreadRecord
        var checkpoint: CheckpointRecord
        var state: State
        var snapshots: SnapshotPolicy
        /// This run just wrote the checkpoint, so no pending records can exist for it yet.
        var fresh = false
    }

    func execute(
        tenant: TenantID, thread threadID: String, start: Start, options: RunOptions,
        emit handler: GraphEventHandler<State>?
    ) async throws -> RunResult<State> {
        let emit = handler
        guard persistent else {
            return try await executeEphemeral(thread: threadID, start: start, options: options, emit: emit)
        }
        var pipeline = CommitPipeline(
            checkpointer: checkpointer, durability: options.durability, overlapsInput: options.overlapsInputCommit)
        var head: Head
        var resumed = false
        switch start {
        case .input(let update):
            let existing = try await loadHead(tenant: tenant, thread: threadID)
            if let existing, !existing.checkpoint.next.isEmpty {
                throw SwitchyardError(
                    code: .threadBusy,
                    message: "thread '\(threadID)' is \(existing.thread.status) with steps left to run; resume it "
                        + "(switchyard threads resume \(threadID)) before sending new input")
            }
            emit?(.runStarted(thread: threadID, checkpoint: existing?.checkpoint.id))
            head = try await commitInput(
                update, tenant: tenant, thread: threadID, onto: consume existing, pipeline: &pipeline, emit: emit)
        case .resume(let answers):
            guard let existing = try await loadHead(tenant: tenant, thread: threadID) else {
                throw Self.threadNotFound(threadID, tenant: tenant)
            }
            try await recordAnswers(answers, head: existing, tenant: tenant)
            emit?(.runStarted(thread: threadID, checkpoint: existing.checkpoint.id))
            head = existing
            resumed = true
        }

        var steps = 0
        var trace: [[String]] = []
        while !head.checkpoint.next.isEmpty {
            let nodes = head.checkpoint.next.map(\.node)
            if steps >= options.recursionLimit {
                let error = SwitchyardError(
                    code: .recursionLimit,
                    message: "recursion limit \(options.recursionLimit) reached in thread '\(threadID)'; the loop: "
                        + Self.describeLoop(trace) + ". Add an exit condition or raise the limit; resume continues")
                return try await stop(
                    head, tenant: tenant, status: .failed, steps: steps, error: error, pipeline: &pipeline, emit: emit)
            }
            if !resumed, let hit = nodes.first(where: options.interruptBefore.contains) {
                let breakpoint = PendingInterrupt(id: "before:\(hit)", node: hit, payload: .null)
                return try await stop(
                    head, tenant: tenant, status: .interrupted, steps: steps, interrupts: [breakpoint],
                    pipeline: &pipeline, emit: emit)
            }
            resumed = false
            switch try await runStep(&head, tenant: tenant, pipeline: &pipeline, emit: emit) {
            case .advanced:
                steps += 1
                trace.append(nodes)
                if trace.count > 64 { trace.removeFirst() }
                if !head.checkpoint.next.isEmpty, let hit = nodes.first(where: options.interruptAfter.contains) {
                    let breakpoint = PendingInterrupt(id: "after:\(hit)", node: hit, payload: .null)
                    return try await stop(
                        head, tenant: tenant, status: .interrupted, steps: steps, interrupts: [breakpoint],
                        pipeline: &pipeline, emit: emit)
                }
            case .interrupted(let interrupts):
                return try await stop(
                    head, tenant: tenant, status: .interrupted, steps: steps, interrupts: interrupts,
                    pipeline: &pipeline, emit: emit)
            case .failed(let error):
                return try await stop(
                    head, tenant: tenant, status: .failed, steps: steps, error: error, pipeline: &pipeline, emit: emit)
            case .cancelled:
                try await pipeline.settle()
                let headID = head.checkpoint.id
                try await detached {
                    try await checkpointer.setStatus(
                        tenant: tenant, thread: threadID, head: headID, status: .cancelled, error: nil)
                }
                emit?(.runFinished(status: .cancelled, steps: steps))
                throw CancellationError()
            }
        }
        try await pipeline.settle()
        heads.put(
            tenant: tenant, thread: threadID, checkpoint: head.checkpoint, state: head.state,
            snapshots: head.snapshots)
        emit?(.runFinished(status: .completed, steps: steps))
        return RunResult(
            thread: threadID, status: .completed, state: head.state, steps: steps, checkpoint: head.checkpoint.id,
            interrupts: [], error: nil)
    }

    /// Writes what is still pending, records why the run stopped and builds its result.
    private func stop(
        _ head: Head, tenant: TenantID, status: ThreadStatus, steps: Int, interrupts: [PendingInterrupt] = [],
        error: SwitchyardError? = nil, pipeline: inout CommitPipeline, emit: GraphEventHandler<State>?
    ) async throws -> RunResult<State> {
        try await pipeline.settle()
        try await detached {
            try await checkpointer.setStatus(
                tenant: tenant, thread: head.thread.id, head: head.checkpoint.id, status: status,
                error: error?.description)
        }
        heads.put(
            tenant: tenant, thread: head.thread.id, checkpoint: head.checkpoint, state: head.state,
            snapshots: head.snapshots)
        if let error { emit?(.error(node: nil, error: error)) }
        if !interrupts.isEmpty { emit?(.interrupted(interrupts)) }
        emit?(.runFinished(status: status, steps: steps))
        return RunResult(
            thread: head.thread.id, status: status, state: head.state, steps: steps, checkpoint: head.checkpoint.id,
            interrupts: interrupts, error: error)
    }

    /// Runs storage work even when the run's task is cancelled, so a stop is always recorded.
    func detached<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await Task { try await body() }.value
    }

    static func threadNotFound(_ thread: String, tenant: TenantID) -> SwitchyardError {
        SwitchyardError(
            code: .threadNotFound,
            message: "tenant '\(tenant)' has no thread '\(thread)'; list threads with `switchyard threads list`")
    }

    /// Names the repeating part of the last steps: `critic → draft → critic`.
    static func describeLoop(_ trace: [[String]]) -> String {
        let steps = trace.map { $0.count == 1 ? $0[0] : "[" + $0.joined(separator: ", ") + "]" }
        guard !steps.isEmpty else { return "(no steps ran)" }
        for period in 1...max(1, steps.count / 2) where steps.count >= 2 * period {
            let last = steps.suffix(period)
            if Array(last) == Array(steps.dropLast(period).suffix(period)) {
                return (Array(last) + [last.first!]).joined(separator: " → ")
            }
        }
        return steps.suffix(8).joined(separator: " → ")
    }
}
