import SwitchyardCore

/// Durable storage of threads and their checkpoints. Every method takes the tenant: no thread is reachable
/// without it, and one tenant's thread ids never see another's.
///
/// Implementations must pass the conformance suite (`CheckpointerConformance` in the storage tests):
/// atomic, compare-and-set commits, isolation between tenants, and errors that change nothing.
public protocol Checkpointer: Sendable {
    /// The thread's row, or `nil` when the tenant has no such thread.
    func thread(tenant: TenantID, id: String) async throws -> ThreadRecord?
    /// The tenant's threads, most recently updated first.
    func threads(tenant: TenantID, limit: Int) async throws -> [ThreadRecord]
    /// One checkpoint of a thread.
    func checkpoint(tenant: TenantID, thread: String, id: String) async throws -> CheckpointRecord?
    /// The checkpoints from the nearest ancestor of `id` that holds a snapshot, to `id`, oldest first.
    func chain(tenant: TenantID, thread: String, to id: String) async throws -> [CheckpointRecord]
    /// The thread's checkpoints, newest first.
    func history(tenant: TenantID, thread: String, limit: Int) async throws -> [CheckpointRecord]
    /// Saves a step atomically: inserts the checkpoint, moves the head from `expectedHead` (or creates the
    /// thread), drops the pending records of the old head, sets the status. Throws `thread_conflict` and
    /// changes nothing when the head has moved.
    func commit(_ commit: StepCommit) async throws
    /// Saves (replaces) a pending record for `checkpoint`, which must be the thread's head.
    func putPending(tenant: TenantID, thread: String, checkpoint: String, record: PendingWrite) async throws
    /// The pending records saved against `checkpoint`.
    func pending(tenant: TenantID, thread: String, checkpoint: String) async throws -> [PendingWrite]
    /// Sets the status (and error text) if the head is still `head`.
    func setStatus(tenant: TenantID, thread: String, head: String, status: ThreadStatus, error: String?) async throws
    /// Deletes a thread with its checkpoints; `false` if there was none.
    func deleteThread(tenant: TenantID, thread: String) async throws -> Bool
}
