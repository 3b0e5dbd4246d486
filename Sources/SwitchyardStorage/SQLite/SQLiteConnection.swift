import Foundation
import GRDBSQLite
import SwitchyardCore

/// A raw SQLite connection with its prepared statements, for the checkpoint hot path.
///
/// Not thread-safe: one connection is used by one executor at a time (the writer's serial queue, or a reader
/// checked out of ``SQLiteCheckpointer``'s pool). Statements are prepared once per connection and reused.
final class SQLiteConnection {
    let handle: OpaquePointer
    let path: String
    private var statements: [String: SQLiteStatement] = [:]
    /// Whether this object opened the handle (and closes it) or borrows another library's (GRDB's writer).
    private let owned: Bool

    /// Wraps a connection another object opened and keeps open for longer than this one (GRDB's writer
    /// connection, for the store's single writer): this object prepares and finalizes its own statements on it and
    /// never closes it. Its busy handler is the owner's.
    init(borrowing handle: OpaquePointer, path: String) {
        self.handle = handle
        self.path = path
        self.owned = false
    }

    /// Opens `path` (creating it when `create`), with a busy handler (``SQLiteBusyWait``) so that another writer
    /// (GRDB's pool on the same file, another process) makes this one wait rather than fail.
    init(path: String, create: Bool, readOnly: Bool = false) throws {
        var db: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX
        flags |= readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw SwitchyardError(
                code: rc == SQLITE_NOTADB ? .foreignDatabase : .storeOpenFailed,
                message: "cannot open the database \(path): \(message) (SQLite code \(rc)); check that the data dir "
                    + "is writable")
        }
        handle = db
        self.path = path
        owned = true
        sqlite3_busy_handler(db, { _, tries in SQLiteBusyWait.retry(after: Int(tries)) ? 1 : 0 }, nil)
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        statements.removeAll()
        if owned { sqlite3_close_v2(handle) }
    }

    /// Finalizes every prepared statement (before a borrowed handle's owner closes it).
    func finalizeStatements() {
        statements.removeAll()
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, sql: sql) }
    }

    /// The statement for `sql`, prepared on first use and reset for reuse afterwards.
    func statement(_ sql: String) throws -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw error(rc, sql: sql) }
        let statement = SQLiteStatement(stmt, connection: self)
        statements[sql] = statement
        return statement
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// Rows changed by every INSERT, UPDATE or DELETE that completed on this connection (a statement that failed
    /// and was undone counts none).
    var totalChanges: Int64 { sqlite3_total_changes64(handle) }

    /// A single integer from a query such as a PRAGMA.
    func integer(_ sql: String) throws -> Int? {
        let stmt = try statement(sql)
        defer { stmt.reset() }
        return try stmt.step() ? stmt.int(0) : nil
    }

    func error(_ rc: Int32, sql: String? = nil) -> SwitchyardError {
        let message = String(cString: sqlite3_errmsg(handle))
        let primary = rc & 0xff
        let code: SwitchyardError.Code
        switch primary {
        case SQLITE_NOTADB: code = .foreignDatabase
        case SQLITE_BUSY, SQLITE_LOCKED: code = .storeBusy
        case SQLITE_FULL: code = .storeFull
        case SQLITE_READONLY: code = .dataDirReadOnly
        default: code = .storeFailed
        }
        let statement = sql.map { " in `\($0.prefix(80))`" } ?? ""
        return SwitchyardError(
            code: code, message: "SQLite error \(rc) on \(path)\(statement): \(message)")
    }
}

/// A prepared statement: bind by 1-based index, step, read columns by 0-based index.
final class SQLiteStatement {
    let handle: OpaquePointer
    unowned let connection: SQLiteConnection

    init(_ handle: OpaquePointer, connection: SQLiteConnection) {
        self.handle = handle
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// SQLite copies bound text and blobs (`SQLITE_TRANSIENT`), so Swift buffers may go away after binding.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ index: Int32, _ value: String?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        var text = value
        text.withUTF8 { buffer in
            _ = sqlite3_bind_text(
                handle, index, buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                Int32(buffer.count), Self.transient)
        }
    }

    func bind(_ index: Int32, _ value: Data?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUnsafeBytes { buffer in
            // A zero-length blob still needs a non-null pointer, or SQLite stores NULL.
            let base = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
            _ = sqlite3_bind_blob(handle, index, base, Int32(buffer.count), Self.transient)
        }
    }

    func bind(_ index: Int32, _ value: [UInt8]) {
        value.withUnsafeBytes { buffer in
            let base = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
            _ = sqlite3_bind_text(
                handle, index, base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), Self.transient)
        }
    }

    func bind(_ index: Int32, _ value: Int) { sqlite3_bind_int64(handle, index, Int64(value)) }

    func bind(_ index: Int32, _ value: Double) { sqlite3_bind_double(handle, index, value) }

    /// Advances; `true` when a row is available.
    @discardableResult
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let sql = sqlite3_sql(handle).map { String(cString: $0) }
            throw connection.error(rc, sql: sql)
        }
    }

    /// Runs a statement that returns no rows, then resets it.
    func run() throws {
        defer { sqlite3_reset(handle) }
        try step()
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func blob(_ column: Int32) -> Data? {
        if isNull(column) { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return Data() }
        return Data(bytes: pointer, count: count)
    }
}
