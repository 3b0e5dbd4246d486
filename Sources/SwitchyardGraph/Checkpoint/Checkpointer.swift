import SwitchyardCore

/// Durable storage of threads and their checkpoints. Every method takes the tenant: no thread is reachable
/// without it, and one tenant's thread ids never see another's.
///
/// Implementations must pass the conformance suite (`CheckpointerConformance` in the storage tests):
/// atomic, compare-and-set commits, isolation between tenants, and errors that change nothing.
public protocol Checkpointer: Sendable {
    /// The thread's row, or `nil` when the tenant has no such thread.
    /// - Parameters:
    ///   - tenant: The thread's tenant.
    ///   - id: The thread's id.
    /// - Throws: The backend's errors.
    func thread(tenant: TenantID, id: String) async throws -> ThreadRecord?
    /// The tenant's threads, most recently updated first.
    /// - Parameters:
    ///   - tenant: Whose threads.
    ///   - limit: Most threads returned.
    /// - Throws: The backend's errors.
    func threads(tenant: TenantID, limit: Int) async throws -> [ThreadRecord]
    /// One checkpoint of a thread.
    /// - Parameters:
    ///   - tenant: The thread's tenant.
    ///   - thread: The thread's id.
    ///   - id: The checkpoint's id.
    /// - Throws: The backend's errors.
    func checkpoint(tenant: TenantID, thread: String, id: String) async throws -> CheckpointRecord?
    /// The checkpoints from the nearest ancestor of `id` that holds a snapshot, to `id`, oldest first.
    /// - Parameters:
    ///   - tenant: The thread's tenant.
    ///   - thread: The thread's id.
    ///   - id: The last checkpoint of the chain.
    /// - Throws: `corrupt_checkpoint` when an ancestor is missing; the backend's errors.
    func chain(tenant: TenantID, thread: String, to id: String) async throws -> [CheckpointRecord]
    /// The thread's checkpoints, newest first.
    /// - Parameters:
    ///   - tenant: The thread's tenant.
    ///   - thread: The thread's id.
    ///   - limit: Most checkpoints returned.
    /// - Throws: The backend's errors.
    func history(tenant: TenantID, thread: String, limit: Int) async throws -> [CheckpointRecord]
    /// Saves a step atomically: inserts the checkpoint, moves the head from `expectedHead` (or creates the
    /// thread), drops the pending records of the old head, sets the status. Throws `thread_conflict` and
    /// changes nothing when the head has moved.
    /// - Parameter commit: The step's checkpoint, expected head and status.
    /// - Throws: `thread_conflict`; `thread_not_found` when the thread was deleted meanwhile; the backend's errors.
    func commit(_ commit: StepCommit) async throws
    /// Hands a step's commit over and returns a ticket for its outcome. A checkpointer with an ordered write queue
    /// (``SQLiteCheckpointer``) queues it and returns before it is written: commits handed over one after another
    /// are applied in that order and may share a transaction (so a run in `durability: async` does not wait for
    /// one fsync per step). The default implementation commits before returning.
    /// - Parameter commit: The step's checkpoint, expected head and status, as for ``commit(_:)``.
    /// - Returns: The ticket; ``CommitTicket/wait()`` returns once the commit is durable, or throws what it threw.
    /// - Throws: What encoding the commit threw; with the default implementation, what ``commit(_:)`` threw.
    func enqueueCommit(_ commit: StepCommit) async throws -> CommitTicket
    /// Saves (replaces) a pending record for `checkpoint`, which must be the thread's head.
    /// - Parameters:
    ///   - tenant: The thread's tenant.
    ///   - thread: The thread's id.
    ///   - checkpoint: The head the record is saved against.
    ///   - record: The record.
    /// - Throws: `thread_not_found`; `thread_conflict` when `checkpoint` is no longer the head; the backend's errors.
    func putPending(tenant: TenantID, thread: String, checkpoint: String, record: PendingWrite) async throws
    /// The pending records saved against `checkpoint`.
    /// - Parameters:
    ///   - tenant: The thread's tenant.
    ///   - thread: The thread's id.
    ///   - checkpoint: The checkpoint they were saved against.
    /// - Throws: The backend's errors.
    func pending(tenant: TenantID, thread: String, checkpoint: String) async throws -> [PendingWrite]
    /// Sets the status (and error text) if the head is still `head`.
    /// - Parameters:
    ///   - tenant: The thread's tenant.
    ///   - thread: The thread's id.
    ///   - head: The head the caller saw.
    ///   - status: The new status.
    ///   - error: What failed, for `failed`.
    /// - Throws: The backend's errors.
    func setStatus(tenant: TenantID, thread: String, head: String, status: ThreadStatus, error: String?) async throws
    /// Deletes a thread with its checkpoints; `false` if there was none.
    /// - Parameters:
    ///   - tenant: The thread's tenant.
    ///   - thread: The thread's id.
    /// - Throws: The backend's errors.
    func deleteThread(tenant: TenantID, thread: String) async throws -> Bool
}

extension Checkpointer {
    /// Commits before returning (checkpointers without an ordered write queue).
    /// - Parameter commit: The step's commit.
    /// - Returns: A ticket that is already complete.
    /// - Throws: What ``commit(_:)`` threw.
    public func enqueueCommit(_ commit: StepCommit) async throws -> CommitTicket {
        try await self.commit(commit)
        return CommitTicket(completed: nil)
    }
}
