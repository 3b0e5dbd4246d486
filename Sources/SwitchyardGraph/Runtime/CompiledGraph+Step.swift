import Foundation
import SwitchyardCore

extension CompiledGraph {
    enum StepOutcome: Sendable {
        case advanced(Head)
        case interrupted([PendingInterrupt])
        case failed(SwitchyardError)
        case cancelled
    }

    enum TaskOutcome: Sendable {
        case done(writes: [Write<State>], encoded: [(channel: String, value: Data)], duration: Duration)
        case interrupted(PendingInterrupt, index: Int)
        case failed(SwitchyardError)
        case cancelled
    }

    /// What was saved for the head's unfinished step before this run.
    struct StepProgress: Sendable {
        var done: [String: [(channel: String, value: Data)]] = [:]
        var resumes: [String: [JSONValue]] = [:]
        var interrupts: [String: (interrupt: PendingInterrupt, index: Int)] = [:]

        /// Interrupts not answered yet, in task order.
        func pendingInterrupts(in tasks: [TaskSpec]) -> [PendingInterrupt] {
            tasks.compactMap { task in
                guard done[task.id] == nil, let entry = interrupts[task.id],
                    entry.index >= resumes[task.id, default: []].count
                else { return nil }
                return entry.interrupt
            }
        }
    }

    struct InterruptRecord: Codable {
        var interrupt: PendingInterrupt
        var index: Int
    }

    func loadProgress(tenant: TenantID, thread: String, checkpoint: String) async throws -> StepProgress {
        var progress = StepProgress()
        for record in try await checkpointer.pending(tenant: tenant, thread: thread, checkpoint: checkpoint) {
            do {
                switch record.kind {
                case .done: progress.done[record.taskID] = try WriteFrames.decode(record.payload)
                case .resume:
                    progress.resumes[record.taskID] = try JSONDecoder().decode([JSONValue].self, from: record.payload)
                case .interrupt:
                    let r = try JSONDecoder().decode(InterruptRecord.self, from: record.payload)
                    progress.interrupts[record.taskID] = (r.interrupt, r.index)
                default: break
                }
            } catch let error as SwitchyardError {
                throw error
            } catch {
                throw SwitchyardError(
                    code: .corruptCheckpoint,
                    message: "pending \(record.kind.rawValue) record of task '\(record.taskID)' at checkpoint "
                        + "\(checkpoint) does not decode", cause: error)
            }
        }
        return progress
    }

    /// Saves the answers to pending interrupts before the run continues; checks them all first.
    func recordAnswers(_ answers: Answers, head: Head, tenant: TenantID) async throws {
        let thread = head.thread.id
        let progress = try await loadProgress(tenant: tenant, thread: thread, checkpoint: head.checkpoint.id)
        let pending = progress.pendingInterrupts(in: head.checkpoint.next)
        var answered: [(PendingInterrupt, JSONValue)] = []
        switch answers {
        case .none: return
        case .single(let value):
            guard pending.count == 1 else {
                throw SwitchyardError(
                    code: pending.isEmpty ? "no_pending_interrupt" : "ambiguous_resume",
                    message: pending.isEmpty
                        ? "thread '\(thread)' has no pending interrupt to answer; resume it without a value"
                        : "thread '\(thread)' has \(pending.count) pending interrupts (\(pending.map(\.id).joined(separator: ", "))); answer them by id"
                )
            }
            answered = [(pending[0], value)]
        case .byID(let map):
            for (id, value) in map.sorted(by: { $0.key < $1.key }) {
                guard let interrupt = pending.first(where: { $0.id == id }) else {
                    throw SwitchyardError(
                        code: .unknownInterrupt,
                        message: "thread '\(thread)' has no pending interrupt '\(id)'; pending: "
                            + (pending.isEmpty ? "none" : pending.map(\.id).joined(separator: ", ")))
                }
                answered.append((interrupt, value))
            }
        }
        for (interrupt, value) in answered {
            let task = String(interrupt.id[..<interrupt.id.lastIndex(of: ":")!])
            let values = progress.resumes[task, default: []] + [value]
            try await checkpointer.putPending(
                tenant: tenant, thread: thread, checkpoint: head.checkpoint.id,
                record: PendingWrite(taskID: task, kind: .resume, payload: try JSONCoding.encoder.encode(values)))
        }
    }

    /// Runs the head's next tasks concurrently, merges their writes in task order and checkpoints the result.
    func runStep(_ head: Head, tenant: TenantID, emit: @escaping GraphEventHandler<State>) async throws -> StepOutcome {
        let thread = head.thread.id
        let tasks = head.checkpoint.next
        let step = head.checkpoint.step + 1
        let progress =
            head.fresh
            ? StepProgress() : try await loadProgress(tenant: tenant, thread: thread, checkpoint: head.checkpoint.id)
        let saveEachTask = tasks.count > 1
        var outcomes: [String: TaskOutcome] = [:]
        try await withThrowingTaskGroup(of: (TaskSpec, TaskOutcome).self) { group in
            for task in tasks where progress.done[task.id] == nil {
                group.addTask {
                    let outcome = await runTask(
                        task, state: head.state, resumes: progress.resumes[task.id] ?? [], tenant: tenant,
                        thread: thread, step: step, emit: emit)
                    return (task, outcome)
                }
            }
            for try await (task, outcome) in group {
                outcomes[task.id] = outcome
                switch outcome {
                case .done(_, let encoded, _) where saveEachTask:
                    try await checkpointer.putPending(
                        tenant: tenant, thread: thread, checkpoint: head.checkpoint.id,
                        record: PendingWrite(taskID: task.id, kind: .done, payload: WriteFrames.encode(encoded)))
                case .interrupted(let interrupt, let index):
                    let payload = try JSONCoding.encoder.encode(InterruptRecord(interrupt: interrupt, index: index))
                    try await checkpointer.putPending(
                        tenant: tenant, thread: thread, checkpoint: head.checkpoint.id,
                        record: PendingWrite(taskID: task.id, kind: .interrupt, payload: payload))
                default: break
                }
            }
        }
        if Task.isCancelled || outcomes.values.contains(where: { if case .cancelled = $0 { true } else { false } }) {
            return .cancelled
        }
        var interrupts: [PendingInterrupt] = []
        for task in tasks {
            switch outcomes[task.id] {
            case .failed(let error):
                emit(.error(node: task.node, error: error))
                return .failed(error)
            case .interrupted(let interrupt, _): interrupts.append(interrupt)
            default: break
            }
        }
        if !interrupts.isEmpty { return .interrupted(interrupts) }

        var state = head.state
        var writes: [(channel: String, value: Data)] = []
        var durations: [String: Double] = [:]
        do {
            for task in tasks {
                if let saved = progress.done[task.id] {
                    try codec.apply(saved, to: &state, checkpoint: head.checkpoint.id)
                    writes += saved
                } else if case .done(let typed, let encoded, let duration) = outcomes[task.id] {
                    for write in typed { try codec.channel(for: write, node: task.node).apply(&state, write.value) }
                    writes += encoded
                    durations[task.id] =
                        Double(duration.components.attoseconds) / 1e15
                        + Double(duration.components.seconds) * 1000
                }
            }
        } catch let error as SwitchyardError {
            return .failed(error)
        }
        let next: [TaskSpec]
        do {
            next = try await route(from: tasks.map(\.node), state: state, step: step + 1)
        } catch let error as SwitchyardError {
            try await saveFinished(tasks, outcomes: outcomes, head: head, tenant: tenant, skipSaved: saveEachTask)
            emit(.error(node: nil, error: error))
            return .failed(error)
        }
        var policy = head.snapshots
        let checkpoint = try makeCheckpoint(
            parent: head.checkpoint.id, step: step, state: state, writes: writes, next: next,
            metadata: CheckpointMetadata(source: "loop", nodes: tasks.map(\.node), durationsMs: durations),
            policy: &policy)
        let status: ThreadStatus = next.isEmpty ? .completed : .running
        try await checkpointer.commit(
            StepCommit(
                tenant: tenant, thread: thread, graph: name, expectedHead: head.checkpoint.id, checkpoint: checkpoint,
                status: status))
        heads.put(tenant: tenant, thread: thread, checkpoint: checkpoint, state: state, snapshots: policy)
        emit(.stateUpdated(step: step, checkpoint: checkpoint.id, tasks: tasks.map(\.id), state: state))
        var thread_ = head.thread
        thread_.head = checkpoint.id
        thread_.status = status
        return .advanced(Head(thread: thread_, checkpoint: checkpoint, state: state, snapshots: policy, fresh: true))
    }

    /// Keeps the writes of finished tasks when the step cannot be committed, so they are not re-run.
    private func saveFinished(
        _ tasks: [TaskSpec], outcomes: [String: TaskOutcome], head: Head, tenant: TenantID, skipSaved: Bool
    ) async throws {
        guard !skipSaved else { return }
        for task in tasks {
            if case .done(_, let encoded, _) = outcomes[task.id] {
                try await checkpointer.putPending(
                    tenant: tenant, thread: head.thread.id, checkpoint: head.checkpoint.id,
                    record: PendingWrite(taskID: task.id, kind: .done, payload: WriteFrames.encode(encoded)))
            }
        }
    }
}
