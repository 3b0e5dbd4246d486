import Foundation
import SwitchyardCore
import SwitchyardGraph

extension SQLiteCheckpointer {
    /// `PRAGMA application_id` of Switchyard databases ("SYD1"), so a foreign SQLite file is refused untouched.
    static let applicationID: Int32 = 0x5359_4431

    /// The checkpoint tables (``SQLiteStore``'s first migration; idempotent).
    static let schema = """
        CREATE TABLE IF NOT EXISTS threads (
            tenant TEXT NOT NULL, thread TEXT NOT NULL, graph TEXT NOT NULL, status TEXT NOT NULL,
            head TEXT, error TEXT, created_at REAL NOT NULL, updated_at REAL NOT NULL,
            PRIMARY KEY (tenant, thread)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS threads_by_update ON threads(tenant, updated_at);
        CREATE TABLE IF NOT EXISTS checkpoints (
            tenant TEXT NOT NULL, thread TEXT NOT NULL, id TEXT NOT NULL, parent_id TEXT,
            step INTEGER NOT NULL, snapshot BLOB, delta BLOB, next TEXT NOT NULL, metadata TEXT NOT NULL,
            PRIMARY KEY (tenant, thread, id));
        CREATE INDEX IF NOT EXISTS checkpoints_by_step ON checkpoints(tenant, thread, step);
        CREATE TABLE IF NOT EXISTS pending_writes (
            tenant TEXT NOT NULL, thread TEXT NOT NULL, checkpoint_id TEXT NOT NULL,
            task_id TEXT NOT NULL, kind TEXT NOT NULL, payload BLOB NOT NULL,
            PRIMARY KEY (tenant, thread, checkpoint_id, task_id, kind)) WITHOUT ROWID;
        """

    static let checkpointColumns = "id, parent_id, step, snapshot, delta, next, metadata"

    static func conflict(_ thread: String, expected: String, actual: String) -> SwitchyardError {
        SwitchyardError(
            code: .threadConflict,
            message: "thread '\(thread)' was advanced by another writer (head is now \(actual), this run started "
                + "from \(expected)); only one run may advance a thread: reload it and resume again")
    }

    /// A step's SQL, inside the writer's batch transaction: compare-and-set the head (or create the thread),
    /// drop the old head's pending records, insert the checkpoint. Nothing is read back.
    static func apply(
        _ commit: StepCommit, next: [UInt8], metadata: [UInt8], now: Double, on db: SQLiteConnection
    ) throws {
        let checkpoint = commit.checkpoint
        let tenant = commit.tenant.rawValue
        if let expected = commit.expectedHead {
            let update = try db.statement(
                "UPDATE threads SET head = ?, status = ?, error = NULL, updated_at = ? "
                    + "WHERE tenant = ? AND thread = ? AND head = ?")
            update.bind(1, checkpoint.id)
            update.bind(2, commit.status.rawValue)
            update.bind(3, now)
            update.bind(4, tenant)
            update.bind(5, commit.thread)
            update.bind(6, expected)
            try update.run()
            guard db.changes == 1 else {
                guard let head = try head(db, tenant: tenant, thread: commit.thread) else {
                    throw SwitchyardError(
                        code: .threadNotFound, message: "thread '\(commit.thread)' was deleted while it ran")
                }
                throw conflict(commit.thread, expected: expected, actual: head)
            }
            let delete = try db.statement(
                "DELETE FROM pending_writes WHERE tenant = ? AND thread = ? AND checkpoint_id = ?")
            delete.bind(1, tenant)
            delete.bind(2, commit.thread)
            delete.bind(3, expected)
            try delete.run()
        } else {
            let insert = try db.statement(
                "INSERT INTO threads (tenant, thread, graph, status, head, error, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, NULL, ?, ?) ON CONFLICT DO NOTHING")
            insert.bind(1, tenant)
            insert.bind(2, commit.thread)
            insert.bind(3, commit.graph)
            insert.bind(4, commit.status.rawValue)
            insert.bind(5, checkpoint.id)
            insert.bind(6, now)
            insert.bind(7, now)
            try insert.run()
            guard db.changes == 1 else {
                throw SwitchyardError(
                    code: .threadConflict,
                    message: "thread '\(commit.thread)' was created by another writer at the same time; "
                        + "send the input again")
            }
        }
        let insert = try db.statement(
            "INSERT INTO checkpoints (tenant, thread, id, parent_id, step, snapshot, delta, next, metadata) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        insert.bind(1, tenant)
        insert.bind(2, commit.thread)
        insert.bind(3, checkpoint.id)
        insert.bind(4, checkpoint.parentID)
        insert.bind(5, checkpoint.step)
        insert.bind(6, checkpoint.snapshot)
        insert.bind(7, checkpoint.delta)
        insert.bind(8, next)
        insert.bind(9, metadata)
        try insert.run()
    }

    static func head(_ db: SQLiteConnection, tenant: String, thread: String) throws -> String? {
        let stmt = try db.statement("SELECT head FROM threads WHERE tenant = ? AND thread = ?")
        defer { stmt.reset() }
        stmt.bind(1, tenant)
        stmt.bind(2, thread)
        return try stmt.step() ? stmt.text(0) : nil
    }

    static func fetchCheckpoint(
        _ db: SQLiteConnection, tenant: TenantID, thread: String, id: String
    ) throws -> CheckpointRecord? {
        let stmt = try db.statement(
            "SELECT \(checkpointColumns) FROM checkpoints WHERE tenant = ? AND thread = ? AND id = ?")
        defer { stmt.reset() }
        stmt.bind(1, tenant.rawValue)
        stmt.bind(2, thread)
        stmt.bind(3, id)
        return try stmt.step() ? try checkpointRecord(stmt) : nil
    }

    /// A row of `checkpointColumns`.
    static func checkpointRecord(_ stmt: SQLiteStatement) throws -> CheckpointRecord {
        let id = stmt.text(0) ?? ""
        do {
            let next = try JSONDecoder().decode([TaskSpec].self, from: Data((stmt.text(5) ?? "").utf8))
            let metadata = try JSONDecoder().decode(CheckpointMetadata.self, from: Data((stmt.text(6) ?? "").utf8))
            return CheckpointRecord(
                id: id, parentID: stmt.text(1), step: stmt.int(2), snapshot: stmt.blob(3), delta: stmt.blob(4),
                next: next, metadata: metadata)
        } catch {
            throw SwitchyardError(
                code: .corruptCheckpoint,
                message: "checkpoint \(id) has unreadable next tasks or metadata; fork from an earlier checkpoint",
                cause: error)
        }
    }

    /// A row of `thread, graph, status, head, error, created_at, updated_at`.
    static func threadRecord(_ stmt: SQLiteStatement, tenant: TenantID) -> ThreadRecord {
        ThreadRecord(
            tenant: tenant, id: stmt.text(0) ?? "", graph: stmt.text(1) ?? "",
            status: ThreadStatus(rawValue: stmt.text(2) ?? ""), head: stmt.text(3), error: stmt.text(4),
            createdAt: Date(timeIntervalSince1970: stmt.double(5)),
            updatedAt: Date(timeIntervalSince1970: stmt.double(6)))
    }
}
