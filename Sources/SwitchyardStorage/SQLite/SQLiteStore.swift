import Foundation
import GRDB
import SwitchyardCore
import SwitchyardRuntime

/// The embedded store: one SQLite file (`switchyard.sqlite`, WAL mode) in the data directory.
///
/// Safe to share between tasks and between processes: SQLite serializes writers, and every thread's head moves
/// by compare-and-set. Commits use `synchronous=NORMAL`, which in WAL mode survives a killed process (not a
/// power cut: set ``Options/durableCommits`` for that). Checkpoints go through ``checkpoints``, a
/// ``SQLiteCheckpointer`` on the same file with its own writer connection and group commit.
public struct SQLiteStore: Sendable {
    /// How the store opens.
    public struct Options: Sendable {
        /// Create the data directory (not its parents) when it is missing.
        public var createDirectory: Bool
        /// fsync every commit (`synchronous=FULL`); concurrent checkpoint commits share one fsync (group commit).
        public var durableCommits: Bool

        /// Options; the defaults create the directory and do not fsync each commit.
        /// - Parameters:
        ///   - createDirectory: Create the data directory when it is missing.
        ///   - durableCommits: fsync every commit (`synchronous=FULL`).
        public init(createDirectory: Bool = true, durableCommits: Bool = false) {
            self.createDirectory = createDirectory
            self.durableCommits = durableCommits
        }
    }

    /// The file name inside the data directory.
    public static let fileName = "switchyard.sqlite"
    /// `PRAGMA application_id` of Switchyard databases ("SYD1"), so a foreign SQLite file is refused untouched.
    static let applicationID: Int32 = SQLiteCheckpointer.applicationID

    let pool: DatabasePool
    /// The checkpoint tables' writes (on the pool's writer connection, batched with the store's) and readers.
    public let checkpoints: SQLiteCheckpointer
    /// The database file's path.
    public let path: String
    /// Wakes this process's workers, long-polls and event streams after each write they watch.
    public let changes: RunChangeFeed? = RunChangeFeed()

    /// Opens (and migrates) the store in `directory`; every failure is a `SwitchyardError` saying what to do.
    /// - Parameters:
    ///   - directory: The data directory; the file is `switchyard.sqlite` in it.
    ///   - options: How the store opens.
    /// - Throws: `data_dir_not_directory`, `data_dir_missing`, `data_dir_unwritable`, `data_dir_read_only`;
    ///   `foreign_database` for a file that is not a Switchyard database; `newer_database` for one written by a
    ///   newer Switchyard; `store_open_failed` for any other failure (a migration's included).
    public init(directory: String, options: Options = Options()) throws {
        try Self.prepareDirectory(directory, create: options.createDirectory)
        let path = (directory as NSString).appendingPathComponent(Self.fileName)
        var config = Configuration()
        config.busyMode = .callback { SQLiteBusyWait.retry(after: $0) }
        let synchronous = options.durableCommits ? "FULL" : "NORMAL"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
        }
        do {
            if FileManager.default.fileExists(atPath: path) {
                // Look before touching: opening a pool switches the file to WAL, which is a change.
                var readOnly = Configuration()
                readOnly.readonly = true
                // The same wait as the pool's: another process opening the file at the same moment holds a lock
                // while it switches the file to WAL, and without a busy handler this look failed at once.
                readOnly.busyMode = config.busyMode
                try DatabaseQueue(path: path, configuration: readOnly).read { db in
                    try Self.checkOwnership(db, path: path)
                }
            }
            pool = try DatabasePool(path: path, configuration: config)
            try pool.write { db in try Self.claim(db) }
            // DatabasePool switches the writer to WAL with synchronous=NORMAL after prepareDatabase runs, so the
            // durable setting is applied here, on the (single) writer connection.
            if options.durableCommits {
                try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
            }
            try Self.migrator.migrate(pool)
            checkpoints = try SQLiteCheckpointer(sharing: pool, path: path, durableCommits: options.durableCommits)
        } catch let error as SwitchyardError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw SwitchyardError(
                code: .foreignDatabase,
                message: "\(path) is not a SQLite database; move it away or pick another --data-dir", cause: error)
        } catch {
            throw SwitchyardError(
                code: .storeOpenFailed,
                message: "cannot open the database \(path): \(error); check that the data dir is writable",
                cause: error)
        }
        self.path = path
    }

    /// Runs `work` in the writer's next transaction, with the checkpoints' writes (one writer per file), and returns
    /// its result once that transaction is committed.
    ///
    /// Writes that arrive while a transaction is being committed wait and then all go in the next one; with
    /// `synchronous=FULL` one fsync makes the whole batch durable, so a caller's write is as durable as a
    /// transaction of its own would have been. A write that throws is rolled back alone and the others commit
    /// (see ``SQLiteWriter``).
    /// - Parameter work: The write; it must not open or end transactions.
    /// - Returns: What `work` returned.
    /// - Throws: What `work` threw, or the commit's error.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await checkpoints.writer.writeDatabase(work)
    }

    static func prepareDirectory(_ directory: String, create: Bool) throws {
        var isDirectory: ObjCBool = false
        let fm = FileManager.default
        if fm.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw SwitchyardError(
                    code: .dataDirNotDirectory,
                    message: "data dir \(directory) is a file, not a directory; pass --data-dir with a directory")
            }
        } else if create {
            do {
                try fm.createDirectory(atPath: directory, withIntermediateDirectories: false)
            } catch {
                throw SwitchyardError(
                    code: .dataDirUnwritable,
                    message: "cannot create data dir \(directory): \((error as NSError).localizedDescription); "
                        + "create its parent or pass another --data-dir", cause: error)
            }
        } else {
            throw SwitchyardError(
                code: .dataDirMissing,
                message: "data dir \(directory) does not exist; run a graph first (switchyard demo graph) or pass "
                    + "--data-dir / SWITCHYARD_DATA_DIR")
        }
        let probe = (directory as NSString).appendingPathComponent(".write-probe-\(getpid())")
        guard fm.createFile(atPath: probe, contents: nil) else {
            throw SwitchyardError(
                code: .dataDirReadOnly,
                message: "data dir \(directory) is read-only; make it writable or pass another --data-dir")
        }
        try? fm.removeItem(atPath: probe)
    }

    /// Marks a new, empty database as Switchyard's.
    static func claim(_ db: Database) throws {
        if try Int32.fetchOne(db, sql: "PRAGMA application_id") == 0 {
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        }
    }

    /// Refuses a SQLite file that another program wrote, before any change to it.
    static func checkOwnership(_ db: Database, path: String) throws {
        let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
        if appID == 0 && tables == 0 {
            return
        } else if appID != applicationID {
            throw SwitchyardError(
                code: .foreignDatabase,
                message: "\(path) is a SQLite database of another program (application_id \(appID)); Switchyard "
                    + "leaves it untouched: move it away or pick another --data-dir")
        }
        let known = Set(migrator.migrations)
        let applied = try db.tableExists("grdb_migrations") ? try migrator.appliedIdentifiers(db) : []
        if let unknown = applied.first(where: { !known.contains($0) }) {
            throw SwitchyardError(
                code: .newerDatabase,
                message: "\(path) was written by a newer Switchyard (migration '\(unknown)'); upgrade switchyard")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-threads-checkpoints") { db in
            // The same tables SQLiteCheckpointer creates in a file of its own (IF NOT EXISTS: either may go first).
            try db.execute(sql: SQLiteCheckpointer.schema)
        }
        migrator.registerMigration("v2-knowledge") { db in
            try db.execute(sql: SQLiteStore.knowledgeSchema)
        }
        migrator.registerMigration("v3-response-cache") { db in
            try db.execute(sql: SQLiteStore.responseCacheSchema)
        }
        migrator.registerMigration("v4-runs") { db in
            try db.execute(sql: SQLiteStore.runSchema)
        }
        migrator.registerMigration("v5-journal") { db in
            try db.execute(sql: SQLiteStore.journalSchema)
        }
        migrator.registerMigration("v6-api-keys") { db in
            try db.execute(sql: SQLiteStore.apiKeySchema)
        }
        migrator.registerMigration("v7-webhooks") { db in
            try db.execute(sql: SQLiteStore.webhookSchema)
        }
        // Schedule ids per owner: (tenant, id), '' for a schedule of every tenant; ids were global, so another
        // tenant's create of a taken id answered `schedule_exists` and told that the id was in use.
        migrator.registerMigration("v8-schedules-per-tenant") { db in
            try db.execute(
                sql: """
                    CREATE TABLE schedules_by_owner (
                        tenant TEXT NOT NULL, id TEXT NOT NULL, workflow TEXT NOT NULL, cron TEXT NOT NULL,
                        timezone TEXT NOT NULL, input TEXT NOT NULL, paused INTEGER NOT NULL, next_fire REAL NOT NULL,
                        created_at REAL NOT NULL, PRIMARY KEY (tenant, id)
                    ) WITHOUT ROWID;
                    INSERT INTO schedules_by_owner
                        SELECT coalesce(tenant, ''), id, workflow, cron, timezone, input, paused, next_fire, created_at
                        FROM schedules;
                    DROP TABLE schedules;
                    ALTER TABLE schedules_by_owner RENAME TO schedules;
                    """)
        }
        return migrator
    }

    /// The writer's `PRAGMA synchronous` (1 = NORMAL, 2 = FULL).
    /// - Throws: The database's errors.
    public func synchronousMode() throws -> Int {
        try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Bytes the database uses on disk (main file and WAL).
    public func fileBytes() -> Int {
        let fm = FileManager.default
        return [path, path + "-wal"].reduce(0) { total, file in
            total + ((try? fm.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        }
    }
}
