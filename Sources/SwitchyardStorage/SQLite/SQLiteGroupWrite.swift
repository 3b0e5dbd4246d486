import GRDB

/// The store's writes, group-committed with its checkpoints: a thin front of the checkpointer's ``SQLiteWriter``,
/// which runs on the store pool's writer connection (one writer per file).
///
/// Writes that arrive while a transaction is being committed wait, and then all go in the next transaction; with
/// `synchronous=FULL` one fsync makes the whole batch durable. A caller resumes only after the transaction holding
/// its write is committed, so what it wrote is as durable as a write of its own would have been; a write that
/// throws is rolled back alone and the others commit (see ``SQLiteWriter``).
struct SQLiteGroupWrite: Sendable {
    let writer: SQLiteWriter

    /// Runs `work` in the next group transaction and returns its result once that transaction is committed.
    ///
    /// - Parameter work: The write; if it throws, none of its changes stay. It must not open or end transactions.
    /// - Returns: What `work` returned.
    /// - Throws: What `work` threw, or the commit's error.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writer.writeDatabase(work)
    }
}
