import SwitchyardCore

/// The checkpointer of a graph compiled without one: stores nothing and knows no threads.
struct NoCheckpointer: Checkpointer {
    func thread(tenant: TenantID, id: String) async throws -> ThreadRecord? { nil }
    func threads(tenant: TenantID, limit: Int) async throws -> [ThreadRecord] { [] }
    func checkpoint(tenant: TenantID, thread: String, id: String) async throws -> CheckpointRecord? { nil }
    func chain(tenant: TenantID, thread: String, to id: String) async throws -> [CheckpointRecord] { [] }
    func history(tenant: TenantID, thread: String, limit: Int) async throws -> [CheckpointRecord] { [] }
    func commit(_ commit: StepCommit) async throws {}
    func putPending(tenant: TenantID, thread: String, checkpoint: String, record: PendingWrite) async throws {}
    func pending(tenant: TenantID, thread: String, checkpoint: String) async throws -> [PendingWrite] { [] }
    func setStatus(tenant: TenantID, thread: String, head: String, status: ThreadStatus, error: String?) async throws {}
    func deleteThread(tenant: TenantID, thread: String) async throws -> Bool { false }
}
