import Foundation
import GRDB
import GRDBSQLite
import Synchronization
import SwitchyardCore
import SwitchyardGraph

/// The SQLite checkpointer: one writer connection on its own serial queue with group commit, statements
/// prepared once, one transaction per step, and reads on pooled reader connections in the caller's task.
///
/// ``SQLiteStore`` uses one for its `Checkpointer` methods; it can also be opened alone on a file. Commits use
/// WAL with `synchronous=NORMAL` by default, which survives a killed process; `durableCommits` sets
/// `synchronous=FULL`, which fsyncs the WAL on every commit and so survives a power cut. Concurrent commits (many
/// runs at once) share one transaction and one fsync; each caller resumes only once its commit is durable (a run
/// writing alone commits in its own thread). The WAL is folded into the database file by a background checkpoint,
/// not inside a commit, except with `durableCommits`, where the writer folds it inline every 4,000 frames
/// (`SQLiteWALBackfill`).
public final class SQLiteCheckpointer: Checkpointer {
    /// The database file's path.
    public let path: String
    /// Whether every commit is fsynced (`synchronous=FULL`).
    public let durableCommits: Bool
    let writer: SQLiteWriter
    private let readers = Mutex<[UncheckedBox<SQLiteConnection>]>([])

    /// Write counters: `batches` transactions committed `writes` writes (so `writes / batches` steps shared each
    /// fsync), the largest batch being `largestBatch` writes; `inlineBatches` of the batches were a lone write run
    /// in its caller's thread (no hop to the writer's queue); `walFolds` background WAL checkpoints ran.
    public struct WriteStats: Sendable, Equatable {
        public var batches: Int
        public var writes: Int
        public var largestBatch: Int
        public var inlineBatches: Int
        public var walFolds: Int
    }

    /// Opens (creating if needed) a checkpoint database at `path`.
    ///
    /// - Parameters:
    ///   - path: the SQLite file; created with the checkpoint tables when missing.
    ///   - durableCommits: fsync every commit (`synchronous=FULL`), for power-loss durability.
    /// - Throws: `foreign_database` for a SQLite file of another program (left untouched), `store_open_failed`
    ///   when the file cannot be opened.
    public convenience init(path: String, durableCommits: Bool = false) throws {
        try self.init(path: path, durableCommits: durableCommits, createSchema: true)
    }

    init(path: String, durableCommits: Bool, createSchema: Bool) throws {
        self.path = path
        self.durableCommits = durableCommits
        let connection = try SQLiteConnection(path: path, create: createSchema)
        if createSchema { try Self.prepare(connection) }
        try connection.execute("PRAGMA journal_mode = WAL")
        try connection.execute("PRAGMA synchronous = \(durableCommits ? "FULL" : "NORMAL")")
        synchronous = try connection.integer("PRAGMA synchronous") ?? -1
        writer = SQLiteWriter(
            connection: connection, label: "switchyard.sqlite.writer",
            inlineWhenIdle: !durableCommits, inlineWhenLone: durableCommits, gathers: durableCommits,
            backfill: SQLiteWALBackfill(
                path: path, label: "switchyard.sqlite.wal", background: !durableCommits))
    }

    /// The checkpointer of ``SQLiteStore``: its writes go through the store's own writer connection (the pool's),
    /// so checkpoints and the store's rows are written by one writer in shared transactions; reads use connections
    /// of their own. The store has created the tables and set `synchronous`.
    /// - Parameters:
    ///   - pool: The store's pool.
    ///   - path: The database file.
    ///   - durableCommits: Whether the store fsyncs every commit (`synchronous=FULL`).
    /// - Throws: `store_open_failed` when the pool's writer connection is not open.
    init(sharing pool: DatabasePool, path: String, durableCommits: Bool) throws {
        self.path = path
        self.durableCommits = durableCommits
        synchronous = try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
        // No `inlineWhenLone` here: the store's writer serves a worker pool, whose runs' commits come one at a time
        // often enough that holding a cooperative thread for each one's fsync cost the pool more than the saved
        // hops (runtime bench, 4 workers, FULL, alternating on a near-quiet machine: drain 4.05–4.67 s without it,
        // 4.36–5.39 s with it, 1,500 runs).
        writer = try SQLiteWriter(
            pool: pool, path: path, label: "switchyard.sqlite.writer", inlineWhenIdle: !durableCommits,
            gathers: durableCommits,
            backfill: SQLiteWALBackfill(
                path: path, label: "switchyard.sqlite.wal", background: !durableCommits))
    }

    private let synchronous: Int

    /// The writer's `PRAGMA synchronous` (1 = NORMAL, 2 = FULL), read back from the connection when it opened.
    /// - Throws: Nothing: the value was read when the connection opened.
    public func synchronousMode() throws -> Int { synchronous }

    /// How many transactions and writes the writer has committed.
    public var writeStats: WriteStats {
        let stats = writer.stats
        return WriteStats(
            batches: stats.batches, writes: stats.jobs, largestBatch: stats.largestBatch, inlineBatches: stats.inline,
            walFolds: writer.backfill?.backgroundFolds ?? 0)
    }

    /// Refuses another program's file; creates the tables in a new one.
    private static func prepare(_ db: SQLiteConnection) throws {
        let appID = try db.integer("PRAGMA application_id") ?? 0
        let tables = try db.integer("SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
        if appID != Int(Self.applicationID) && !(appID == 0 && tables == 0) {
            throw SwitchyardError(
                code: .foreignDatabase,
                message: "\(db.path) is a SQLite database of another program (application_id \(appID)); Switchyard "
                    + "leaves it untouched: move it away or pick another file")
        }
        if appID == 0 { try db.execute("PRAGMA application_id = \(Self.applicationID)") }
        try db.execute(Self.schema)
    }

    // MARK: - Reads (in the caller's task, on a pooled reader connection)

    /// Runs `body` on a reader connection; readers see every commit acknowledged before the call.
    func read<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        let box = try readers.withLock { $0.popLast() } ?? UncheckedBox(SQLiteConnection(path: path, create: false))
        defer { readers.withLock { if $0.count < 8 { $0.append(box) } } }
        return try body(box.value)
    }

    public func thread(tenant: TenantID, id: String) async throws -> ThreadRecord? {
        try read { db in
            let stmt = try db.statement(
                "SELECT thread, graph, status, head, error, created_at, updated_at FROM threads "
                    + "WHERE tenant = ? AND thread = ?")
            defer { stmt.reset() }
            stmt.bind(1, tenant.rawValue)
            stmt.bind(2, id)
            return try stmt.step() ? Self.threadRecord(stmt, tenant: tenant) : nil
        }
    }

    public func threads(tenant: TenantID, limit: Int) async throws -> [ThreadRecord] {
        try read { db in
            let stmt = try db.statement(
                "SELECT thread, graph, status, head, error, created_at, updated_at FROM threads "
                    + "WHERE tenant = ? ORDER BY updated_at DESC, thread LIMIT ?")
            defer { stmt.reset() }
            stmt.bind(1, tenant.rawValue)
            stmt.bind(2, limit)
            var out: [ThreadRecord] = []
            while try stmt.step() { out.append(Self.threadRecord(stmt, tenant: tenant)) }
            return out
        }
    }

    public func checkpoint(tenant: TenantID, thread: String, id: String) async throws -> CheckpointRecord? {
        try read { db in try Self.fetchCheckpoint(db, tenant: tenant, thread: thread, id: id) }
    }

    public func chain(tenant: TenantID, thread: String, to id: String) async throws -> [CheckpointRecord] {
        try read { db in
            // One read transaction, so the chain is one consistent snapshot.
            try db.statement("BEGIN").run()
            defer { try? db.statement("COMMIT").run() }
            var chain: [CheckpointRecord] = []
            var cursor: String? = id
            while let current = cursor {
                guard let record = try Self.fetchCheckpoint(db, tenant: tenant, thread: thread, id: current) else {
                    if chain.isEmpty { return [] }
                    throw SwitchyardError(
                        code: .corruptCheckpoint,
                        message: "thread '\(thread)': checkpoint '\(chain[chain.count - 1].id)' names a missing "
                            + "parent '\(current)'")
                }
                chain.append(record)
                cursor = record.snapshot == nil ? record.parentID : nil
            }
            return chain.reversed()
        }
    }

    public func history(tenant: TenantID, thread: String, limit: Int) async throws -> [CheckpointRecord] {
        try read { db in
            let stmt = try db.statement(
                "SELECT \(Self.checkpointColumns) FROM checkpoints WHERE tenant = ? AND thread = ? "
                    + "ORDER BY step DESC LIMIT ?")
            defer { stmt.reset() }
            stmt.bind(1, tenant.rawValue)
            stmt.bind(2, thread)
            stmt.bind(3, limit)
            var out: [CheckpointRecord] = []
            while try stmt.step() { out.append(try Self.checkpointRecord(stmt)) }
            return out
        }
    }

    public func pending(tenant: TenantID, thread: String, checkpoint: String) async throws -> [PendingWrite] {
        try read { db in
            let stmt = try db.statement(
                "SELECT task_id, kind, payload FROM pending_writes "
                    + "WHERE tenant = ? AND thread = ? AND checkpoint_id = ? ORDER BY task_id, kind")
            defer { stmt.reset() }
            stmt.bind(1, tenant.rawValue)
            stmt.bind(2, thread)
            stmt.bind(3, checkpoint)
            var out: [PendingWrite] = []
            while try stmt.step() {
                out.append(
                    PendingWrite(
                        taskID: stmt.text(0) ?? "", kind: .init(rawValue: stmt.text(1) ?? ""),
                        payload: stmt.blob(2) ?? Data()))
            }
            return out
        }
    }

    // MARK: - Writes (queued to the writer, group-committed)

    public func commit(_ commit: StepCommit) async throws {
        // Encoded here, in the caller's task, so the writer only runs SQL.
        let checkpoint = commit.checkpoint
        let next = try CheckpointJSON.next(checkpoint.next)
        let metadata = CheckpointJSON.metadata(checkpoint.metadata)
        let now = Date().timeIntervalSince1970
        try await writer.write { db in
            try Self.apply(commit, next: next, metadata: metadata, now: now, on: db)
        }
    }

    public func enqueueCommit(_ commit: StepCommit) async throws -> CommitTicket {
        let checkpoint = commit.checkpoint
        let next = try CheckpointJSON.next(checkpoint.next)
        let metadata = CheckpointJSON.metadata(checkpoint.metadata)
        let now = Date().timeIntervalSince1970
        let ticket = CommitTicket()
        writer.enqueue(
            SQLiteWriter.Job(
                run: { db in try Self.apply(commit, next: next, metadata: metadata, now: now, on: db) },
                finish: { ticket.complete($0) }))
        return ticket
    }

    public func putPending(tenant: TenantID, thread: String, checkpoint: String, record: PendingWrite) async throws {
        try await writer.write { db in
            let head = try Self.head(db, tenant: tenant.rawValue, thread: thread)
            guard let head else {
                throw SwitchyardError(code: .threadNotFound, message: "tenant '\(tenant)' has no thread '\(thread)'")
            }
            guard head == checkpoint else { throw Self.conflict(thread, expected: checkpoint, actual: head) }
            let stmt = try db.statement(
                "INSERT OR REPLACE INTO pending_writes (tenant, thread, checkpoint_id, task_id, kind, payload) "
                    + "VALUES (?, ?, ?, ?, ?, ?)")
            stmt.bind(1, tenant.rawValue)
            stmt.bind(2, thread)
            stmt.bind(3, checkpoint)
            stmt.bind(4, record.taskID)
            stmt.bind(5, record.kind.rawValue)
            stmt.bind(6, record.payload)
            try stmt.run()
        }
    }

    public func setStatus(
        tenant: TenantID, thread: String, head: String, status: ThreadStatus, error: String?
    ) async throws {
        let now = Date().timeIntervalSince1970
        try await writer.write { db in
            let stmt = try db.statement(
                "UPDATE threads SET status = ?, error = ?, updated_at = ? WHERE tenant = ? AND thread = ? AND head = ?")
            stmt.bind(1, status.rawValue)
            stmt.bind(2, error)
            stmt.bind(3, now)
            stmt.bind(4, tenant.rawValue)
            stmt.bind(5, thread)
            stmt.bind(6, head)
            try stmt.run()
        }
    }

    public func deleteThread(tenant: TenantID, thread: String) async throws -> Bool {
        try await writer.write { db in
            for table in ["pending_writes", "checkpoints"] {
                let stmt = try db.statement("DELETE FROM \(table) WHERE tenant = ? AND thread = ?")
                stmt.bind(1, tenant.rawValue)
                stmt.bind(2, thread)
                try stmt.run()
            }
            let stmt = try db.statement("DELETE FROM threads WHERE tenant = ? AND thread = ?")
            stmt.bind(1, tenant.rawValue)
            stmt.bind(2, thread)
            try stmt.run()
            return db.changes > 0
        }
    }
}
