import Foundation
import GRDB
import SwitchyardCore
import SwitchyardGraph

extension SQLiteStore: Checkpointer {
    public func thread(tenant: TenantID, id: String) async throws -> ThreadRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM threads WHERE tenant = ? AND thread = ?"),
                arguments: [tenant.rawValue, id]
            ).map { try Self.threadRecord($0, tenant: tenant) }
        }
    }

    public func threads(tenant: TenantID, limit: Int) async throws -> [ThreadRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT * FROM threads WHERE tenant = ? ORDER BY updated_at DESC, thread LIMIT ?"),
                arguments: [tenant.rawValue, limit]
            ).map { try Self.threadRecord($0, tenant: tenant) }
        }
    }

    public func checkpoint(tenant: TenantID, thread: String, id: String) async throws -> CheckpointRecord? {
        try await pool.read { db in try Self.fetchCheckpoint(db, tenant: tenant, thread: thread, id: id) }
    }

    public func chain(tenant: TenantID, thread: String, to id: String) async throws -> [CheckpointRecord] {
        try await pool.read { db in
            var chain: [CheckpointRecord] = []
            var cursor: String? = id
            while let current = cursor {
                guard let record = try Self.fetchCheckpoint(db, tenant: tenant, thread: thread, id: current) else {
                    if chain.isEmpty { return [] }
                    throw SwitchyardError(
                        code: .corruptCheckpoint,
                        message: "thread '\(thread)': checkpoint '\(chain[0].id)' names a missing parent '\(current)'")
                }
                chain.append(record)
                cursor = record.snapshot == nil ? record.parentID : nil
            }
            return chain.reversed()
        }
    }

    public func history(tenant: TenantID, thread: String, limit: Int) async throws -> [CheckpointRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT * FROM checkpoints WHERE tenant = ? AND thread = ? ORDER BY step DESC LIMIT ?"),
                arguments: [tenant.rawValue, thread, limit]
            ).map(Self.checkpointRecord)
        }
    }

    public func commit(_ commit: StepCommit) async throws {
        let checkpoint = commit.checkpoint
        let next = try JSONCoding.encoder.encode(checkpoint.next)
        let metadata = try JSONCoding.encoder.encode(checkpoint.metadata)
        let now = Date().timeIntervalSince1970
        let tenant = commit.tenant.rawValue
        try await pool.write { db in
            if let expected = commit.expectedHead {
                try db.cachedStatement(
                    sql: """
                        UPDATE threads SET head = ?, status = ?, error = NULL, updated_at = ?
                        WHERE tenant = ? AND thread = ? AND head = ?
                        """
                ).execute(
                    arguments: [checkpoint.id, commit.status.rawValue, now, tenant, commit.thread, expected])
                guard db.changesCount == 1 else {
                    let head = try String.fetchOne(
                        db.cachedStatement(sql: "SELECT head FROM threads WHERE tenant = ? AND thread = ?"),
                        arguments: [tenant, commit.thread])
                    guard let head else {
                        throw SwitchyardError(
                            code: .threadNotFound, message: "thread '\(commit.thread)' was deleted while it ran")
                    }
                    throw Self.conflict(commit.thread, expected: expected, actual: head)
                }
                try db.cachedStatement(
                    sql: "DELETE FROM pending_writes WHERE tenant = ? AND thread = ? AND checkpoint_id = ?"
                ).execute(
                    arguments: [tenant, commit.thread, expected])
            } else {
                let exists = try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT 1 FROM threads WHERE tenant = ? AND thread = ?"),
                    arguments: [tenant, commit.thread])
                guard exists != true else {
                    throw SwitchyardError(
                        code: .threadConflict,
                        message: "thread '\(commit.thread)' was created by another writer at the same time; "
                            + "send the input again")
                }
                try db.cachedStatement(
                    sql: """
                        INSERT INTO threads (tenant, thread, graph, status, head, error, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, NULL, ?, ?)
                        """
                ).execute(
                    arguments: [tenant, commit.thread, commit.graph, commit.status.rawValue, checkpoint.id, now, now])
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO checkpoints (tenant, thread, id, parent_id, step, snapshot, delta, next, metadata)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [
                    tenant, commit.thread, checkpoint.id, checkpoint.parentID, checkpoint.step, checkpoint.snapshot,
                    checkpoint.delta, String(decoding: next, as: UTF8.self), String(decoding: metadata, as: UTF8.self),
                ])
        }
    }

    public func putPending(tenant: TenantID, thread: String, checkpoint: String, record: PendingWrite) async throws {
        try await pool.write { db in
            let head = try String.fetchOne(
                db.cachedStatement(sql: "SELECT head FROM threads WHERE tenant = ? AND thread = ?"),
                arguments: [tenant.rawValue, thread])
            guard let head else {
                throw SwitchyardError(code: .threadNotFound, message: "tenant '\(tenant)' has no thread '\(thread)'")
            }
            guard head == checkpoint else { throw Self.conflict(thread, expected: checkpoint, actual: head) }
            try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO pending_writes (tenant, thread, checkpoint_id, task_id, kind, payload)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [tenant.rawValue, thread, checkpoint, record.taskID, record.kind.rawValue, record.payload])
        }
    }

    public func pending(tenant: TenantID, thread: String, checkpoint: String) async throws -> [PendingWrite] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT task_id, kind, payload FROM pending_writes
                        WHERE tenant = ? AND thread = ? AND checkpoint_id = ? ORDER BY task_id, kind
                        """),
                arguments: [tenant.rawValue, thread, checkpoint]
            ).map { row in
                PendingWrite(taskID: row["task_id"], kind: .init(rawValue: row["kind"]), payload: row["payload"])
            }
        }
    }

    public func setStatus(
        tenant: TenantID, thread: String, head: String, status: ThreadStatus, error: String?
    ) async throws {
        try await pool.write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE threads SET status = ?, error = ?, updated_at = ?
                    WHERE tenant = ? AND thread = ? AND head = ?
                    """
            ).execute(
                arguments: [status.rawValue, error, Date().timeIntervalSince1970, tenant.rawValue, thread, head])
        }
    }

    public func deleteThread(tenant: TenantID, thread: String) async throws -> Bool {
        try await pool.write { db in
            let arguments: StatementArguments = [tenant.rawValue, thread]
            try db.cachedStatement(sql: "DELETE FROM pending_writes WHERE tenant = ? AND thread = ?").execute(
                arguments: arguments)
            try db.cachedStatement(sql: "DELETE FROM checkpoints WHERE tenant = ? AND thread = ?").execute(
                arguments: arguments)
            try db.cachedStatement(sql: "DELETE FROM threads WHERE tenant = ? AND thread = ?").execute(
                arguments: arguments)
            return db.changesCount > 0
        }
    }

    static func conflict(_ thread: String, expected: String, actual: String) -> SwitchyardError {
        SwitchyardError(
            code: .threadConflict,
            message: "thread '\(thread)' was advanced by another writer (head is now \(actual), this run started "
                + "from \(expected)); only one run may advance a thread: reload it and resume again")
    }

    static func fetchCheckpoint(
        _ db: Database, tenant: TenantID, thread: String, id: String
    ) throws
        -> CheckpointRecord?
    {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM checkpoints WHERE tenant = ? AND thread = ? AND id = ?"),
            arguments: [tenant.rawValue, thread, id]
        ).map(checkpointRecord)
    }

    static func checkpointRecord(_ row: Row) throws -> CheckpointRecord {
        let id: String = row["id"]
        do {
            let next = try JSONDecoder().decode([TaskSpec].self, from: Data((row["next"] as String).utf8))
            let metadata = try JSONDecoder().decode(
                CheckpointMetadata.self, from: Data((row["metadata"] as String).utf8))
            return CheckpointRecord(
                id: id, parentID: row["parent_id"], step: row["step"], snapshot: row["snapshot"], delta: row["delta"],
                next: next, metadata: metadata)
        } catch {
            throw SwitchyardError(
                code: .corruptCheckpoint,
                message: "checkpoint \(id) has unreadable next tasks or metadata; fork from an earlier checkpoint",
                cause: error)
        }
    }

    static func threadRecord(_ row: Row, tenant: TenantID) throws -> ThreadRecord {
        ThreadRecord(
            tenant: tenant, id: row["thread"], graph: row["graph"], status: ThreadStatus(rawValue: row["status"]),
            head: row["head"], error: row["error"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }
}
