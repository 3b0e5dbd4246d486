import Foundation
import SwitchyardCore

extension CompiledGraph {
    /// Runs one task with its retry policy and timeout; never throws, the outcome says what happened.
    func runTask(
        _ task: TaskSpec, state: State, resumes: [JSONValue], tenant: TenantID, thread: String, step: Int,
        encode: Bool = true, emit: GraphEventHandler<State>?
    ) async -> TaskOutcome {
        guard let position = nodeIndex[task.node] else {
            return .failed(
                SwitchyardError(
                    code: .unknownNode,
                    message: "checkpoint schedules node '\(task.node)', which graph '\(name)' no longer has; "
                        + "restore the node or fork the thread from an earlier checkpoint"))
        }
        let node = nodeList[position]
        var attempt = 1
        while true {
            emit?(.nodeStarted(node: task.node, task: task.id, step: step, attempt: attempt))
            let context = NodeContext(
                tenant: tenant, thread: thread, node: task.node, taskID: task.id, step: step, attempt: attempt,
                argument: task.argument, resumeValues: resumes)
            let clock = ContinuousClock()
            let started = clock.now
            do {
                let update = try await Self.withTimeout(node.options.timeout, node: task.node) {
                    try await node.action(state, context)
                }
                let encoded: [(channel: String, value: Data)]
                if encode {
                    encoded = try codec.encode(update.writes, node: task.node)
                } else {
                    for j in update.writes.indices { _ = try codec.channel(for: update.writes[j], node: task.node) }
                    encoded = []
                }
                let duration = clock.now - started
                emit?(.nodeFinished(node: task.node, task: task.id, step: step, duration: duration))
                return .done(writes: update.writes, encoded: encoded, duration: duration)
            } catch let interrupt as NodeInterrupt {
                let index = Int(interrupt.id.split(separator: ":").last ?? "0") ?? 0
                return .interrupted(
                    PendingInterrupt(id: interrupt.id, node: task.node, payload: interrupt.payload), index: index)
            } catch {
                if Task.isCancelled { return .cancelled }
                let permanent = (error as? SwitchyardError).map { $0.code == .unknownChannel } ?? false
                if let policy = node.options.retry, attempt < policy.maxAttempts, !permanent, policy.retryOn(error) {
                    let delay = policy.delay(after: attempt)
                    emit?(.retry(node: task.node, task: task.id, attempt: attempt, delay: delay, error: "\(error)"))
                    do { try await Task.sleep(for: delay) } catch { return .cancelled }
                    attempt += 1
                    continue
                }
                if let error = error as? SwitchyardError,
                    error.code == .unknownChannel || error.code == .nodeTimeout
                {
                    return .failed(error)
                }
                return .failed(
                    SwitchyardError(
                        code: .nodeFailed,
                        message:
                            "node '\(task.node)' failed after \(attempt) attempt\(attempt == 1 ? "" : "s"): \(error)",
                        cause: error))
            }
        }
    }

    /// Runs `body`, cancelling it and failing with `node_timeout` once `limit` passes.
    static func withTimeout<T: Sendable>(
        _ limit: Duration?, node: String, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        guard let limit else { return try await body() }
        return try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw SwitchyardError(code: .nodeTimeout, message: "node '\(node)' timed out after \(limit)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}
