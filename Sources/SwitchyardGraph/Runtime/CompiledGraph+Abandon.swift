import SwitchyardCore

extension CompiledGraph {
    /// Ends a thread's unfinished run where it stands: a new checkpoint keeps the state (every finished step's
    /// progress) and drops the pending tasks, so the thread is `completed` and takes new input — what a run
    /// queue's `interrupt` multitask strategy needs after it stopped the thread's run at a step boundary.
    ///
    /// A thread that is already completed is left as it is.
    /// - Parameters:
    ///   - tenant: The thread's tenant.
    ///   - thread: The thread's id.
    /// - Throws: `thread_not_found`; `graph_mismatch`; `thread_conflict` when another run moved the head meanwhile.
    public func abandonPending(tenant: TenantID, thread: String) async throws {
        let current = try await state(tenant: tenant, thread: thread)
        guard current.thread.status != .completed else { return }
        guard current.thread.graph == name else {
            throw SwitchyardError(
                code: .graphMismatch, message: "thread '\(thread)' belongs to graph '\(current.thread.graph)'")
        }
        var policy = SnapshotPolicy.afterSnapshot(of: 0)
        let record = try makeCheckpoint(
            parent: current.checkpoint.id, step: current.checkpoint.step + 1, state: current.state, writes: [],
            next: [], metadata: CheckpointMetadata(source: "abandon"), policy: &policy, forceSnapshot: true)
        try await checkpointer.commit(
            StepCommit(
                tenant: tenant, thread: thread, graph: name, expectedHead: current.checkpoint.id, checkpoint: record,
                status: .completed))
    }
}
