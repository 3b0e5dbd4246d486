import Foundation
import SwitchyardCore

extension CompiledGraph {
    /// The thread at its head (or at `checkpoint`): state, next tasks and pending interrupts.
    /// - Parameters:
    ///   - tenant: The thread's tenant.
    ///   - thread: The thread's id.
    ///   - checkpoint: A checkpoint of the thread; nil for its head.
    /// - Throws: `thread_not_found`; `graph_mismatch`; `checkpoint_not_found`; `corrupt_checkpoint`,
    ///   `state_mismatch` when the stored state cannot be read back.
    public func state(tenant: TenantID, thread: String, checkpoint: String? = nil) async throws -> ThreadSnapshot<State>
    {
        guard let record = try await checkpointer.thread(tenant: tenant, id: thread) else {
            throw Self.threadNotFound(thread, tenant: tenant)
        }
        guard let id = checkpoint ?? record.head else {
            throw SwitchyardError(code: .corruptCheckpoint, message: "thread '\(thread)' has no head checkpoint")
        }
        let (target, state, _) = try await loadState(tenant: tenant, thread: thread, checkpoint: id)
        let progress = try await loadProgress(tenant: tenant, thread: thread, checkpoint: id)
        return ThreadSnapshot(
            thread: record, checkpoint: target, state: state, interrupts: progress.pendingInterrupts(in: target.next))
    }

    /// The thread's checkpoints, newest first.
    /// - Parameters:
    ///   - tenant: The thread's tenant.
    ///   - thread: The thread's id.
    ///   - limit: Most checkpoints returned.
    /// - Throws: `thread_not_found`; the checkpointer's errors.
    public func history(tenant: TenantID, thread: String, limit: Int = 1000) async throws -> [CheckpointRecord] {
        guard try await checkpointer.thread(tenant: tenant, id: thread) != nil else {
            throw Self.threadNotFound(thread, tenant: tenant)
        }
        return try await checkpointer.history(tenant: tenant, thread: thread, limit: limit)
    }

    /// Starts `newThread` from a checkpoint of `thread` (its head by default), optionally with an edited state;
    /// the new thread runs the same next tasks when resumed. The source thread is not changed.
    /// - Parameters:
    ///   - tenant: The threads' tenant.
    ///   - thread: The source thread.
    ///   - checkpoint: The checkpoint to fork from; nil for the head.
    ///   - newThread: The new thread's id.
    ///   - edit: Changes the state before it is saved.
    /// - Throws: What ``state(tenant:thread:checkpoint:)`` throws; `graph_mismatch`; `thread_exists` when
    ///   `newThread` is taken; what `edit` throws.
    public func fork(
        tenant: TenantID, thread: String, checkpoint: String? = nil, into newThread: String,
        edit: (@Sendable (inout State) throws -> Void)? = nil
    ) async throws -> ThreadSnapshot<State> {
        let source = try await state(tenant: tenant, thread: thread, checkpoint: checkpoint)
        guard source.thread.graph == name else {
            throw SwitchyardError(
                code: .graphMismatch, message: "thread '\(thread)' belongs to graph '\(source.thread.graph)'")
        }
        if try await checkpointer.thread(tenant: tenant, id: newThread) != nil {
            throw SwitchyardError(
                code: .threadExists, message: "thread '\(newThread)' already exists; pick another id for the fork")
        }
        var state = source.state
        try edit?(&state)
        var policy = SnapshotPolicy.afterSnapshot(of: 0)
        let record = try makeCheckpoint(
            parent: nil, step: source.checkpoint.step, state: state, writes: [], next: source.checkpoint.next,
            metadata: CheckpointMetadata(
                source: "fork", forkedFrom: ForkOrigin(thread: thread, checkpoint: source.checkpoint.id)),
            policy: &policy, forceSnapshot: true)
        let status: ThreadStatus = record.next.isEmpty ? .completed : .pending
        try await checkpointer.commit(
            StepCommit(
                tenant: tenant, thread: newThread, graph: name, expectedHead: nil, checkpoint: record, status: status))
        return try await self.state(tenant: tenant, thread: newThread)
    }

    /// Forks with a JSON edit: the object's members replace the state's fields of the same name.
    /// - Parameters:
    ///   - tenant: The threads' tenant.
    ///   - thread: The source thread.
    ///   - checkpoint: The checkpoint to fork from; nil for the head.
    ///   - newThread: The new thread's id.
    ///   - patch: A JSON object of state fields to replace.
    /// - Throws: `invalid_state_edit` when `patch` is not an object, names a field the state lacks or does not
    ///   decode; what ``fork(tenant:thread:checkpoint:into:edit:)`` throws.
    public func fork(
        tenant: TenantID, thread: String, checkpoint: String? = nil, into newThread: String, merging patch: JSONValue
    ) async throws -> ThreadSnapshot<State> {
        guard case .object(let members) = patch else {
            throw SwitchyardError(
                code: .invalidStateEdit, message: "a state edit must be a JSON object of fields to replace")
        }
        return try await fork(tenant: tenant, thread: thread, checkpoint: checkpoint, into: newThread) { state in
            guard case .object(var fields) = try JSONValue(encoding: state) else { return }
            for (key, value) in members {
                guard fields[key] != nil else {
                    throw SwitchyardError(
                        code: .invalidStateEdit,
                        message:
                            "\(State.self) has no field '\(key)'; fields: \(fields.keys.sorted().joined(separator: ", "))"
                    )
                }
                fields[key] = value
            }
            do {
                state = try JSONValue.object(fields).decode(State.self)
            } catch {
                throw SwitchyardError(
                    code: .invalidStateEdit,
                    message: "the edited state does not decode as \(State.self): \(StateCodec<State>.describe(error))")
            }
        }
    }
}
