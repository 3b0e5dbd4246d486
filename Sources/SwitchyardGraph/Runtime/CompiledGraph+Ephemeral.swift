import Foundation
import SwitchyardCore

extension CompiledGraph {
    /// The run loop of a graph compiled without a checkpointer: the same steps, routing, retries and events as
    /// a checkpointed run, with nothing encoded or stored. Events carry an empty checkpoint id.
    func executeEphemeral(
        thread: String, start: Start, options: RunOptions, emit: GraphEventHandler<State>?
    ) async throws -> RunResult<State> {
        guard case .input(let update) = start else {
            throw SwitchyardError(
                code: .checkpointerRequired,
                message: "graph '\(name)' was compiled without a checkpointer, so thread '\(thread)' has nothing to "
                    + "resume; compile it with compile(checkpointer:name:) to resume runs")
        }
        if let node = options.interruptBefore.first ?? options.interruptAfter.first {
            throw SwitchyardError(
                code: .checkpointerRequired,
                message: "a breakpoint at '\(node)' needs a checkpointer to resume from; graph '\(name)' was compiled "
                    + "without one: compile it with compile(checkpointer:name:)")
        }
        emit?(.runStarted(thread: thread, checkpoint: nil))
        var state = State()
        for write in update.writes { try codec.channel(for: write, node: "input").apply(&state, write.value) }
        var step = 1
        var tasks = try await route(from: [START], state: state, step: step)
        var steps = 0
        var trace: [[String]] = []
        func finish(_ status: ThreadStatus, _ error: SwitchyardError? = nil) -> RunResult<State> {
            if let error { emit?(.error(node: nil, error: error)) }
            emit?(.runFinished(status: status, steps: steps))
            return RunResult(
                thread: thread, status: status, state: state, steps: steps, checkpoint: "", interrupts: [],
                error: error)
        }
        while !tasks.isEmpty {
            let nodes = tasks.map(\.node)
            if steps >= options.recursionLimit {
                return finish(
                    .failed,
                    SwitchyardError(
                        code: .recursionLimit,
                        message: "recursion limit \(options.recursionLimit) reached in graph '\(name)'; the loop: "
                            + Self.describeLoop(trace) + ". Add an exit condition or raise the limit"))
            }
            var outcomes: [TaskOutcome] = []
            if tasks.count == 1 {
                outcomes.append(
                    await runTask(
                        tasks[0], state: state, resumes: [], tenant: .default, thread: thread, step: step,
                        encode: false, emit: emit))
            } else {
                let current = state
                let step = step
                var byIndex: [Int: TaskOutcome] = [:]
                await withTaskGroup(of: (Int, TaskOutcome).self) { group in
                    for (index, task) in tasks.enumerated() {
                        group.addTask {
                            (
                                index,
                                await runTask(
                                    task, state: current, resumes: [], tenant: .default, thread: thread, step: step,
                                    encode: false, emit: emit)
                            )
                        }
                    }
                    for await (index, outcome) in group { byIndex[index] = outcome }
                }
                outcomes = tasks.indices.map { byIndex[$0]! }
            }
            var cancelled = Task.isCancelled
            for i in outcomes.indices { if case .cancelled = outcomes[i] { cancelled = true } }
            if cancelled {
                emit?(.runFinished(status: .cancelled, steps: steps))
                throw CancellationError()
            }
            for i in tasks.indices {
                let task = tasks[i]
                switch outcomes[i] {
                case .failed(let error):
                    emit?(.error(node: task.node, error: error))
                    emit?(.runFinished(status: .failed, steps: steps))
                    return RunResult(
                        thread: thread, status: .failed, state: state, steps: steps, checkpoint: "", interrupts: [],
                        error: error)
                case .interrupted:
                    return finish(
                        .failed,
                        SwitchyardError(
                            code: .checkpointerRequired,
                            message: "node '\(task.node)' called interrupt(), which needs a checkpointer to resume "
                                + "from; graph '\(name)' was compiled without one: compile(checkpointer:name:)"))
                default: break
                }
            }
            for i in tasks.indices {
                guard case .done(let writes, _, _) = outcomes[i] else { continue }
                for j in writes.indices {
                    do {
                        try codec.channel(for: writes[j], node: tasks[i].node).apply(&state, writes[j].value)
                    } catch let error as SwitchyardError {
                        return finish(.failed, error)
                    }
                }
            }
            let ids = tasks.map(\.id)
            do {
                tasks = try await route(from: nodes, state: state, step: step + 1)
            } catch let error as SwitchyardError {
                return finish(.failed, error)
            }
            steps += 1
            trace.append(nodes)
            if trace.count > 64 { trace.removeFirst() }
            emit?(.stateUpdated(step: step, checkpoint: "", tasks: ids, state: state))
            step += 1
        }
        return finish(.completed)
    }
}
