import SwitchyardCore
import SwitchyardGraph

/// The store's checkpoints are kept by its ``SQLiteStore/checkpoints`` (a ``SQLiteCheckpointer`` on the same file:
/// one writer connection with group commit, prepared statements, reads without a thread hop).
extension SQLiteStore: Checkpointer {
    public func thread(tenant: TenantID, id: String) async throws -> ThreadRecord? {
        try await checkpoints.thread(tenant: tenant, id: id)
    }

    public func threads(tenant: TenantID, limit: Int) async throws -> [ThreadRecord] {
        try await checkpoints.threads(tenant: tenant, limit: limit)
    }

    public func checkpoint(tenant: TenantID, thread: String, id: String) async throws -> CheckpointRecord? {
        try await checkpoints.checkpoint(tenant: tenant, thread: thread, id: id)
    }

    public func chain(tenant: TenantID, thread: String, to id: String) async throws -> [CheckpointRecord] {
        try await checkpoints.chain(tenant: tenant, thread: thread, to: id)
    }

    public func history(tenant: TenantID, thread: String, limit: Int) async throws -> [CheckpointRecord] {
        try await checkpoints.history(tenant: tenant, thread: thread, limit: limit)
    }

    public func commit(_ commit: StepCommit) async throws {
        try await checkpoints.commit(commit)
    }

    public func enqueueCommit(_ commit: StepCommit) async throws -> CommitTicket {
        try await checkpoints.enqueueCommit(commit)
    }

    public func putPending(tenant: TenantID, thread: String, checkpoint: String, record: PendingWrite) async throws {
        try await checkpoints.putPending(tenant: tenant, thread: thread, checkpoint: checkpoint, record: record)
    }

    public func pending(tenant: TenantID, thread: String, checkpoint: String) async throws -> [PendingWrite] {
        try await checkpoints.pending(tenant: tenant, thread: thread, checkpoint: checkpoint)
    }

    public func setStatus(
        tenant: TenantID, thread: String, head: String, status: ThreadStatus, error: String?
    ) async throws {
        try await checkpoints.setStatus(tenant: tenant, thread: thread, head: head, status: status, error: error)
    }

    public func deleteThread(tenant: TenantID, thread: String) async throws -> Bool {
        try await checkpoints.deleteThread(tenant: tenant, thread: thread)
    }
}
