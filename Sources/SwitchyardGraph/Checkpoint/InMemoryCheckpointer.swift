import Foundation
import Synchronization
import SwitchyardCore

/// A `Checkpointer` that keeps everything in memory: for tests, and for graphs that need no durability.
/// It keeps the same contract as the durable stores (compare-and-set, tenant isolation).
public final class InMemoryCheckpointer: Checkpointer {
    private struct ThreadData {
        var record: ThreadRecord
        var checkpoints: [String: CheckpointRecord] = [:]
        var order: [String] = []
        var pending: [String: [String: PendingWrite]] = [:]  // checkpoint → "task/kind" → record
    }

    private struct Key: Hashable {
        var tenant: TenantID
        var thread: String
    }

    private let threadsByKey = Mutex<[Key: ThreadData]>([:])

    public init() {}

    public func thread(tenant: TenantID, id: String) async throws -> ThreadRecord? {
        threadsByKey.withLock { $0[Key(tenant: tenant, thread: id)]?.record }
    }

    public func threads(tenant: TenantID, limit: Int) async throws -> [ThreadRecord] {
        threadsByKey.withLock { all in
            all.filter { $0.key.tenant == tenant }.map(\.value.record)
                .sorted { ($0.updatedAt, $1.id) > ($1.updatedAt, $0.id) }.prefix(limit).map { $0 }
        }
    }

    public func checkpoint(tenant: TenantID, thread: String, id: String) async throws -> CheckpointRecord? {
        threadsByKey.withLock { $0[Key(tenant: tenant, thread: thread)]?.checkpoints[id] }
    }

    public func chain(tenant: TenantID, thread: String, to id: String) async throws -> [CheckpointRecord] {
        threadsByKey.withLock { all in
            guard let data = all[Key(tenant: tenant, thread: thread)] else { return [] }
            var chain: [CheckpointRecord] = []
            var cursor: String? = id
            while let current = cursor, let record = data.checkpoints[current] {
                chain.append(record)
                cursor = record.snapshot == nil ? record.parentID : nil
            }
            return chain.reversed()
        }
    }

    public func history(tenant: TenantID, thread: String, limit: Int) async throws -> [CheckpointRecord] {
        threadsByKey.withLock { all in
            guard let data = all[Key(tenant: tenant, thread: thread)] else { return [] }
            return data.order.reversed().prefix(limit).compactMap { data.checkpoints[$0] }
        }
    }

    public func commit(_ commit: StepCommit) async throws {
        try threadsByKey.withLock { all in
            let key = Key(tenant: commit.tenant, thread: commit.thread)
            let now = Date()
            var data: ThreadData
            if let expected = commit.expectedHead {
                guard let existing = all.removeValue(forKey: key), let head = existing.record.head else {
                    throw SwitchyardError(code: .threadNotFound, message: "thread '\(commit.thread)' was deleted")
                }
                guard head == expected else {
                    all[key] = existing
                    throw SwitchyardError(
                        code: .threadConflict,
                        message: "thread '\(commit.thread)' was advanced by another writer (head is now \(head))")
                }
                // Moved out of the dictionary so appending does not copy the thread's history.
                data = existing
                data.pending[expected] = nil
            } else {
                guard all[key] == nil else {
                    throw SwitchyardError(
                        code: .threadConflict, message: "thread '\(commit.thread)' was created by another writer")
                }
                data = ThreadData(
                    record: ThreadRecord(
                        tenant: commit.tenant, id: commit.thread, graph: commit.graph, status: commit.status, head: nil,
                        error: nil, createdAt: now, updatedAt: now))
            }
            data.record.head = commit.checkpoint.id
            data.record.status = commit.status
            data.record.error = nil
            data.record.updatedAt = now
            data.checkpoints[commit.checkpoint.id] = commit.checkpoint
            data.order.append(commit.checkpoint.id)
            all[key] = data
        }
    }

    public func putPending(tenant: TenantID, thread: String, checkpoint: String, record: PendingWrite) async throws {
        try threadsByKey.withLock { all in
            let key = Key(tenant: tenant, thread: thread)
            guard let head = all[key]?.record.head else {
                throw SwitchyardError(code: .threadNotFound, message: "tenant '\(tenant)' has no thread '\(thread)'")
            }
            guard head == checkpoint else {
                throw SwitchyardError(
                    code: .threadConflict, message: "thread '\(thread)' was advanced by another writer (head \(head))"
                )
            }
            all[key]!.pending[checkpoint, default: [:]]["\(record.taskID)/\(record.kind.rawValue)"] = record
        }
    }

    public func pending(tenant: TenantID, thread: String, checkpoint: String) async throws -> [PendingWrite] {
        threadsByKey.withLock { all in
            (all[Key(tenant: tenant, thread: thread)]?.pending[checkpoint] ?? [:]).sorted { $0.key < $1.key }.map(
                \.value)
        }
    }

    public func setStatus(
        tenant: TenantID, thread: String, head: String, status: ThreadStatus, error: String?
    ) async throws {
        threadsByKey.withLock { all in
            let key = Key(tenant: tenant, thread: thread)
            guard all[key]?.record.head == head else { return }
            all[key]!.record.status = status
            all[key]!.record.error = error
            all[key]!.record.updatedAt = Date()
        }
    }

    public func deleteThread(tenant: TenantID, thread: String) async throws -> Bool {
        threadsByKey.withLock { $0.removeValue(forKey: Key(tenant: tenant, thread: thread)) != nil }
    }
}
