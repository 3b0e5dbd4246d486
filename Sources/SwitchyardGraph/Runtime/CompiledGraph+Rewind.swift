import SwitchyardCore

extension CompiledGraph {
    /// Moves a thread back to an earlier checkpoint: a new checkpoint on top of the head carries that checkpoint's
    /// state with no pending tasks, so the thread is `completed` there and takes new input from it. The history in
    /// between is kept (it is not the thread's state any more) — what a run queue's `rollback` multitask strategy
    /// needs after it cancelled the thread's run.
    /// - Parameters:
    ///   - tenant: The thread's tenant.
    ///   - thread: The thread.
    ///   - checkpoint: The checkpoint whose state the thread goes back to.
    /// - Throws: `thread_not_found`; `graph_mismatch`; `thread_conflict` when another run moved the head meanwhile.
    public func rewind(tenant: TenantID, thread: String, to checkpoint: String) async throws {
        let head = try await state(tenant: tenant, thread: thread)
        guard head.thread.graph == name else {
            throw SwitchyardError(
                code: .graphMismatch, message: "thread '\(thread)' belongs to graph '\(head.thread.graph)'")
        }
        let target = try await state(tenant: tenant, thread: thread, checkpoint: checkpoint)
        var policy = SnapshotPolicy.afterSnapshot(of: 0)
        let record = try makeCheckpoint(
            parent: head.checkpoint.id, step: head.checkpoint.step + 1, state: target.state, writes: [], next: [],
            metadata: CheckpointMetadata(source: "rollback"), policy: &policy, forceSnapshot: true)
        try await checkpointer.commit(
            StepCommit(
                tenant: tenant, thread: thread, graph: name, expectedHead: head.checkpoint.id, checkpoint: record,
                status: .completed))
    }
}
