import Foundation
import SwitchyardCore

extension CompiledGraph {
    enum StepOutcome: Sendable {
        case advanced
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
                    code: pending.isEmpty ? .noPendingInterrupt : .ambiguousResume,
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

    /// Runs the head's next tasks concurrently, merges their writes in task order and checkpoints the result;
    /// on `.advanced`, `head` is the new head.
    func runStep(
        _ head: inout Head, tenant: TenantID, pipeline: inout CommitPipeline, emit: GraphEventHandler<State>?
    ) async throws -> StepOutcome {
        let thread = head.thread.id
        let tasks = head.checkpoint.next
        let step = head.checkpoint.step + 1
        let progress =
            head.fresh
            ? StepProgress() : try await loadProgress(tenant: tenant, thread: thread, checkpoint: head.checkpoint.id)
        // Finished siblings are saved as they finish only when checkpoints are synchronous: in the other modes the
        // head itself may not be written yet.
        let saveEachTask = tasks.count > 1 && pipeline.durability == .sync
        var outcomes: [String: TaskOutcome] = [:]
        let toRun = tasks.filter { progress.done[$0.id] == nil }
        if toRun.count == 1 {
            // One task (a chain): run it here, no child task.
            let task = toRun[0]
            outcomes[task.id] = await runTask(
                task, state: head.state, resumes: progress.resumes[task.id] ?? [], tenant: tenant, thread: thread,
                step: step, emit: emit)
        } else if !toRun.isEmpty {
            let state = head.state
            let checkpointID = head.checkpoint.id
            try await withThrowingTaskGroup(of: (TaskSpec, TaskOutcome).self) { group in
                for task in toRun {
                    group.addTask {
                        let outcome = await runTask(
                            task, state: state, resumes: progress.resumes[task.id] ?? [], tenant: tenant,
                            thread: thread, step: step, emit: emit)
                        return (task, outcome)
                    }
                }
                for try await (task, outcome) in group {
                    outcomes[task.id] = outcome
                    guard saveEachTask else { continue }
                    if let record = try Self.pendingRecord(task, outcome) {
                        try await checkpointer.putPending(
                            tenant: tenant, thread: thread, checkpoint: checkpointID, record: record)
                    }
                }
            }
        }
        if Task.isCancelled || outcomes.values.contains(where: { if case .cancelled = $0 { true } else { false } }) {
            return .cancelled
        }
        var interrupts: [PendingInterrupt] = []
        var failure: (node: String, error: SwitchyardError)?
        for task in tasks {
            switch outcomes[task.id] {
            case .failed(let error): if failure == nil { failure = (task.node, error) }
            case .interrupted(let interrupt, _): interrupts.append(interrupt)
            default: break
            }
        }
        if failure != nil || !interrupts.isEmpty {
            if !saveEachTask {
                // Interrupts, and the writes of the siblings that finished, are kept against the (written) head.
                try await pipeline.settle()
                for task in tasks {
                    guard let outcome = outcomes[task.id], let record = try Self.pendingRecord(task, outcome) else {
                        continue
                    }
                    try await checkpointer.putPending(
                        tenant: tenant, thread: thread, checkpoint: head.checkpoint.id, record: record)
                }
            }
            if let failure {
                emit?(.error(node: failure.node, error: failure.error))
                return .failed(failure.error)
            }
            return .interrupted(interrupts)
        }

        // The head's state is moved out (not copied) and merged into; the head is rebuilt from storage if the
        // step cannot finish.
        var state = head.state
        head.state = State()
        var writes: [(channel: String, value: Data)] = []
        var durations: [String: Double] = [:]
        do {
            for task in tasks {
                if let saved = progress.done[task.id] {
                    try codec.apply(saved, to: &state, checkpoint: head.checkpoint.id)
                    writes += saved
                } else if case .done(let typed, let encoded, let duration) = outcomes[task.id] {
                    for j in typed.indices {
                        try codec.channel(for: typed[j], node: task.node).apply(&state, typed[j].value)
                    }
                    writes += encoded
                    durations[task.id] =
                        Double(duration.components.attoseconds) / 1e15
                        + Double(duration.components.seconds) * 1000
                }
            }
        } catch let error as SwitchyardError {
            try await pipeline.settle()
            head.state = try await loadState(tenant: tenant, thread: thread, checkpoint: head.checkpoint.id).1
            return .failed(error)
        }
        let next: [TaskSpec]
        do {
            next = try await route(from: tasks.map(\.node), state: state, step: step + 1)
        } catch let error as SwitchyardError {
            try await pipeline.settle()
            try await saveFinished(tasks, outcomes: outcomes, head: head, tenant: tenant, skipSaved: saveEachTask)
            emit?(.error(node: nil, error: error))
            head.state = try await loadState(tenant: tenant, thread: thread, checkpoint: head.checkpoint.id).1
            return .failed(error)
        }
        var policy = head.snapshots
        let checkpoint = try makeCheckpoint(
            parent: head.checkpoint.id, step: step, state: state, writes: writes, next: next,
            metadata: CheckpointMetadata(source: "loop", nodes: tasks.map(\.node), durationsMs: durations),
            policy: &policy)
        let status: ThreadStatus = next.isEmpty ? .completed : .running
        let final = state
        try await pipeline.submit(
            StepCommit(
                tenant: tenant, thread: thread, graph: name, expectedHead: head.checkpoint.id, checkpoint: checkpoint,
                status: status)
        ) { try codec.encodeSnapshot(final) }
        emit?(.stateUpdated(step: step, checkpoint: checkpoint.id, tasks: tasks.map(\.id), state: state))
        head.thread.head = checkpoint.id
        head.thread.status = status
        head.checkpoint = checkpoint
        head.state = state
        head.snapshots = policy
        head.fresh = true
        return .advanced
    }

    /// The pending record a task's outcome leaves: its writes when done, its interrupt when interrupted.
    static func pendingRecord(_ task: TaskSpec, _ outcome: TaskOutcome) throws -> PendingWrite? {
        switch outcome {
        case .done(_, let encoded, _):
            return PendingWrite(taskID: task.id, kind: .done, payload: WriteFrames.encode(encoded))
        case .interrupted(let interrupt, let index):
            let payload = try JSONCoding.encoder.encode(InterruptRecord(interrupt: interrupt, index: index))
            return PendingWrite(taskID: task.id, kind: .interrupt, payload: payload)
        default:
            return nil
        }
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
